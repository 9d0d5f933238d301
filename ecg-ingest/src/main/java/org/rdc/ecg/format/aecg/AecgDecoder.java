package org.rdc.ecg.format.aecg;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.EcgContent;
import org.rdc.ecg.format.EcgDecoder;
import org.rdc.ecg.format.Numbers;
import org.rdc.ecg.format.xml.SafeXml;
import org.rdc.ecg.format.xml.XmlElement;
import org.rdc.ecg.model.Acquisition;
import org.rdc.ecg.model.DeviceMeasurements;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.model.StandardLead;
import org.rdc.ecg.model.WaveformSet;

/**
 * HL7 v3 annotated ECG (aECG, ANSI/HL7 V3 ECG R1-2004): the rhythm series, the derived
 * REPRESENTATIVE_BEAT series, global annotations (MDC codes of ISO/IEEE 11073-10101) and filter
 * control variables. Amplitude is origin + scale x digit in the units the file names.
 */
public final class AecgDecoder implements EcgDecoder {

    private static final String WHAT = "HL7 aECG";

    @Override
    public SourceFormat format() {
        return SourceFormat.HL7_AECG;
    }

    @Override
    public boolean accepts(EcgContent content) {
        return content.xmlRootName().filter("AnnotatedECG"::equals).isPresent();
    }

    @Override
    public EcgRecord decode(EcgContent content) throws EcgFormatException {
        XmlElement root = SafeXml.parse(content.bytes(), WHAT);
        XmlElement series = root.path("component", "series")
                .orElseThrow(() -> new EcgFormatException(WHAT + ": no <component><series> with waveforms"));
        WaveformSet rhythm = sequenceSet(series, "rhythm series");
        Optional<XmlElement> derived = series.children("derivation").stream()
                .flatMap(d -> d.children("derivedSeries").stream())
                .filter(d -> code(d).equals("REPRESENTATIVE_BEAT")).findFirst();
        WaveformSet median = null;
        if (derived.isPresent()) {
            median = sequenceSet(derived.get(), "representative beat series");
        }
        List<XmlElement> globals = new ArrayList<>();
        derived.ifPresent(d -> globals.addAll(topAnnotations(d)));
        globals.addAll(topAnnotations(series));
        return new EcgRecord(SourceFormat.HL7_AECG, "2004", patient(root), acquisition(root, series), rhythm,
                median, measurements(globals), statements(globals), content.source());
    }

    private static WaveformSet sequenceSet(XmlElement series, String which) throws EcgFormatException {
        XmlElement set = series.path("component", "sequenceSet")
                .orElseThrow(() -> new EcgFormatException(WHAT + ": " + which + " has no <sequenceSet>"));
        Double incrementS = null;
        List<Lead> leads = new ArrayList<>();
        for (XmlElement comp : set.children("component")) {
            XmlElement seq = comp.child("sequence").orElse(null);
            if (seq == null) {
                continue;
            }
            String code = code(seq);
            XmlElement value = seq.child("value")
                    .orElseThrow(() -> new EcgFormatException(WHAT + ": sequence " + code + " has no <value>"));
            if (code.startsWith("TIME_")) {
                XmlElement inc = value.child("increment").orElseThrow(() -> new EcgFormatException(
                        WHAT + ": time sequence in " + which + " has no <increment>; only regular sampling is supported"));
                incrementS = Numbers.parseDouble(inc.attr("value").orElse(null), WHAT + " " + which + " increment")
                        * timeUnitSeconds(inc.attr("unit").orElse("s"), which);
            } else if (code.startsWith("MDC_ECG_LEAD_")) {
                leads.add(lead(code, value, which));
            }
        }
        if (incrementS == null || !(incrementS > 0)) {
            throw new EcgFormatException(WHAT + ": " + which + " has no usable TIME_ABSOLUTE/TIME_RELATIVE increment");
        }
        if (leads.isEmpty()) {
            throw new EcgFormatException(WHAT + ": " + which + " has no MDC_ECG_LEAD_* sequences");
        }
        return new WaveformSet(1.0 / incrementS, leads);
    }

    private static Lead lead(String code, XmlElement value, String which) throws EcgFormatException {
        String where = WHAT + " " + which + " lead " + code;
        XmlElement origin = value.child("origin").orElse(null);
        XmlElement scale = value.child("scale")
                .orElseThrow(() -> new EcgFormatException(where + ": no <scale>"));
        String digitsText = value.textAt("digits")
                .orElseThrow(() -> new EcgFormatException(where + ": no <digits>"));
        double scaleUv = Numbers.parseDouble(scale.attr("value").orElse(null), where + " scale")
                * amplitudeUnitMicrovolts(scale.attr("unit").orElse("uV"), where);
        double originUv = origin == null ? 0
                : Numbers.parseDouble(origin.attr("value").orElse(null), where + " origin")
                * amplitudeUnitMicrovolts(origin.attr("unit").orElse("uV"), where);
        int[] digits = Numbers.parseIntList(digitsText, where + " digits");
        double[] uv = new double[digits.length];
        for (int i = 0; i < digits.length; i++) {
            uv[i] = originUv + scaleUv * digits[i];
        }
        return new Lead(StandardLead.normalise(code), uv);
    }

    static double amplitudeUnitMicrovolts(String unit, String where) throws EcgFormatException {
        switch (unit) {
            case "uV":
                return 1;
            case "mV":
                return 1000;
            case "V":
                return 1_000_000;
            case "nV":
                return 0.001;
            default:
                throw new EcgFormatException(where + ": amplitude unit \"" + unit + "\" is not supported");
        }
    }

    private static double timeUnitSeconds(String unit, String which) throws EcgFormatException {
        switch (unit) {
            case "s":
                return 1;
            case "ms":
                return 0.001;
            case "us":
                return 0.000001;
            default:
                throw new EcgFormatException(WHAT + ": " + which + " time unit \"" + unit + "\" is not supported");
        }
    }

    private static String code(XmlElement e) {
        return e.child("code").flatMap(c -> c.attr("code")).orElse("");
    }

    /** Global annotations: direct children of an annotation set, not the wave marks nested in beats. */
    private static List<XmlElement> topAnnotations(XmlElement series) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement subjectOf : series.children("subjectOf")) {
            for (XmlElement set : subjectOf.children("annotationSet")) {
                for (XmlElement comp : set.children("component")) {
                    comp.child("annotation").ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private static DeviceMeasurements measurements(List<XmlElement> annotations) {
        Map<String, Double> values = annotations.stream()
                .filter(a -> a.child("value").flatMap(v -> v.attr("value")).isPresent())
                .collect(Collectors.toMap(a -> code(a).toUpperCase(Locale.ROOT),
                        a -> Optional.ofNullable(Numbers.optionalMeasurement(
                                a.child("value").flatMap(v -> v.attr("value")).orElse(null))).orElse(Double.NaN),
                        (first, later) -> first));
        Function<String, Double> get = k -> {
            Double v = values.get(k);
            return v == null || v.isNaN() ? null : v;
        };
        return new DeviceMeasurements(get.apply("MDC_ECG_HEART_RATE"), get.apply("MDC_ECG_TIME_PD_RR"),
                get.apply("MDC_ECG_TIME_PD_P"), get.apply("MDC_ECG_TIME_PD_PR"), get.apply("MDC_ECG_TIME_PD_QRS"),
                get.apply("MDC_ECG_TIME_PD_QT"), get.apply("MDC_ECG_TIME_PD_QTC"),
                get.apply("MDC_ECG_ANGLE_P_FRONT"), get.apply("MDC_ECG_ANGLE_QRS_FRONT"),
                get.apply("MDC_ECG_ANGLE_T_FRONT"));
    }

    private static List<String> statements(List<XmlElement> annotations) {
        List<String> out = new ArrayList<>();
        for (XmlElement a : annotations) {
            String code = code(a);
            Optional<XmlElement> value = a.child("value");
            if (code.equals("MDC_ECG_RHY")) {
                value.flatMap(v -> v.attr("displayName").or(() -> v.attr("code"))).ifPresent(out::add);
            } else if (code.startsWith("MDC_ECG_INTERPRETATION")) {
                value.map(XmlElement::text).filter(t -> !t.isEmpty()).ifPresent(out::add);
                for (XmlElement comp : a.children("component")) {
                    comp.path("annotation", "value").map(XmlElement::text).filter(t -> !t.isEmpty())
                            .ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private static Patient patient(XmlElement root) {
        Optional<XmlElement> subject = root.descendant("trialSubject");
        Optional<XmlElement> person = subject.flatMap(s -> s.child("subjectDemographicPerson"));
        String id = subject.flatMap(s -> s.child("id")).flatMap(i -> i.attr("extension")).orElse(null);
        String name = person.flatMap(p -> p.child("name")).map(AecgDecoder::personName).orElse(null);
        Sex sex = Sex.parse(person.flatMap(p -> p.child("administrativeGenderCode"))
                .flatMap(g -> g.attr("code")).orElse(null));
        LocalDate birth = person.flatMap(p -> p.child("birthTime")).flatMap(b -> b.attr("value"))
                .flatMap(Hl7Time::date).orElse(null);
        Integer age = null;
        for (XmlElement obs : root.descendants("relatedObservation")) {
            if (code(obs).equals("21612-7")) {
                Double a = Numbers.optionalMeasurement(obs.child("value").flatMap(v -> v.attr("value")).orElse(null));
                age = a == null ? null : (int) Math.floor(a);
            }
        }
        return new Patient(id, name, sex, birth, age);
    }

    /** HL7 PN: plain text, or family/given parts. */
    private static String personName(XmlElement name) {
        String family = name.textAt("family").orElse("");
        String given = name.textAt("given").orElse("");
        String joined = (family + " " + given).trim();
        String text = joined.isEmpty() ? name.text() : joined;
        return text.isEmpty() ? null : text;
    }

    private static Acquisition acquisition(XmlElement root, XmlElement series) {
        LocalDateTime time = root.path("effectiveTime", "center").or(() -> root.path("effectiveTime", "low"))
                .flatMap(e -> e.attr("value")).flatMap(Hl7Time::dateTime).orElse(null);
        Optional<XmlElement> author = series.path("author", "seriesAuthor");
        String model = author.flatMap(a -> a.textAt("manufacturedSeriesDevice", "manufacturerModelName")).orElse(null);
        String manufacturer = author.flatMap(a -> a.textAt("manufacturerOrganization", "name")).orElse(null);
        String institution = root.descendant("testingSite").flatMap(t -> t.textAt("location", "name")).orElse(null);
        Double high = null;
        Double low = null;
        Double notch = null;
        for (XmlElement outer : series.children("controlVariable")) {
            for (XmlElement cv : outer.children("controlVariable")) {
                String code = code(cv);
                Double freq = null;
                for (XmlElement comp : cv.children("component")) {
                    Optional<XmlElement> inner = comp.child("controlVariable");
                    String innerCode = inner.map(AecgDecoder::code).orElse("");
                    if (innerCode.endsWith("CUTOFF_FREQ") || innerCode.endsWith("NOTCH_FREQ")) {
                        freq = Numbers.optionalMeasurement(inner.flatMap(i -> i.child("value"))
                                .flatMap(v -> v.attr("value")).orElse(null));
                    }
                }
                if (code.endsWith("FILTER_LOW_PASS")) {
                    low = freq;
                } else if (code.endsWith("FILTER_HIGH_PASS")) {
                    high = freq;
                } else if (code.endsWith("FILTER_NOTCH")) {
                    notch = freq;
                }
            }
        }
        return new Acquisition(time, manufacturer, model, institution, new FilterSettings(high, low, notch));
    }
}
