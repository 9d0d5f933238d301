package org.rdc.ecg.format.muse;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * GE MUSE XML export ({@code <RestingECG>}): Rhythm and Median {@code <Waveform>}s of Base64
 * little-endian 16-bit samples with a per-lead amplitude per bit. MUSE usually stores only the
 * 8 independent leads (I, II, V1-V6); III, aVR, aVL and aVF are then derived by Einthoven's and
 * Goldberger's relations.
 */
public final class MuseXmlDecoder implements EcgDecoder {

    private static final String WHAT = "GE MUSE XML";
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM-dd-yyyy", Locale.ROOT);

    @Override
    public SourceFormat format() {
        return SourceFormat.GE_MUSE_XML;
    }

    @Override
    public boolean accepts(EcgContent content) {
        return content.xmlRootName().filter("RestingECG"::equals).isPresent();
    }

    @Override
    public EcgRecord decode(EcgContent content) throws EcgFormatException {
        XmlElement root = SafeXml.parse(content.bytes(), WHAT);
        WaveformSet rhythm = null;
        WaveformSet median = null;
        FilterSettings filters = FilterSettings.unknown();
        for (XmlElement w : root.children("Waveform")) {
            String type = w.textAt("WaveformType").orElse("");
            if (type.equalsIgnoreCase("Rhythm") && rhythm == null) {
                rhythm = waveform(w, "Rhythm");
                filters = filters(w);
            } else if (type.equalsIgnoreCase("Median") && median == null) {
                median = waveform(w, "Median");
            }
        }
        if (rhythm == null) {
            throw new EcgFormatException(WHAT + ": no <Waveform> with <WaveformType>Rhythm");
        }
        String version = root.textAt("MuseInfo", "MuseVersion").orElse(null);
        return new EcgRecord(SourceFormat.GE_MUSE_XML, version, patient(root), acquisition(root, filters),
                rhythm, median, measurements(root), statements(root), content.source());
    }

    private static WaveformSet waveform(XmlElement w, String type) throws EcgFormatException {
        String where = WHAT + " " + type + " waveform";
        double base = Numbers.parseDouble(w.textAt("SampleBase")
                .orElseThrow(() -> new EcgFormatException(where + ": no <SampleBase>")), where + " SampleBase");
        double exponent = w.textAt("SampleExponent").map(Numbers::optionalMeasurement).orElse(0.0);
        double rate = base * Math.pow(10, exponent);
        Map<String, double[]> leads = new LinkedHashMap<>();
        for (XmlElement ld : w.children("LeadData")) {
            String id = ld.textAt("LeadID").orElseThrow(() -> new EcgFormatException(where + ": <LeadData> without <LeadID>"));
            String lw = where + " lead " + id;
            double perBit = Numbers.parseDouble(ld.textAt("LeadAmplitudeUnitsPerBit")
                    .orElseThrow(() -> new EcgFormatException(lw + ": no <LeadAmplitudeUnitsPerBit>")), lw + " units per bit");
            double unit = unitMicrovolts(ld.textAt("LeadAmplitudeUnits").orElse("MICROVOLTS"), lw);
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(ld.textAt("WaveFormData")
                        .orElseThrow(() -> new EcgFormatException(lw + ": no <WaveFormData>")));
            } catch (IllegalArgumentException e) {
                throw new EcgFormatException(lw + ": <WaveFormData> is not valid Base64: " + e.getMessage());
            }
            int sampleSize = ld.textAt("LeadSampleSize").map(Numbers::optionalMeasurement).orElse(2.0).intValue();
            if (sampleSize != 2) {
                throw new EcgFormatException(lw + ": sample size " + sampleSize + " bytes is not supported (2)");
            }
            int count = bytes.length / 2;
            Double declared = ld.textAt("LeadSampleCountTotal").map(Numbers::optionalMeasurement).orElse(null);
            if (declared != null && declared > count) {
                throw new EcgFormatException(lw + ": declares " + declared.intValue() + " samples but holds " + count);
            }
            if (declared != null) {
                count = declared.intValue();
            }
            double[] uv = new double[count];
            for (int k = 0; k < count; k++) {
                uv[k] = (short) ((bytes[2 * k] & 0xFF) | (bytes[2 * k + 1] & 0xFF) << 8) * perBit * unit;
            }
            leads.put(StandardLead.normalise(id), uv);
        }
        if (leads.isEmpty()) {
            throw new EcgFormatException(where + " has no <LeadData>");
        }
        deriveLimbLeads(leads);
        List<Lead> ordered = new ArrayList<>();
        for (StandardLead s : StandardLead.TWELVE) {
            double[] v = leads.remove(s.label());
            if (v != null) {
                ordered.add(new Lead(s.label(), v));
            }
        }
        leads.forEach((name, v) -> ordered.add(new Lead(name, v)));
        return new WaveformSet(rate, ordered);
    }

    /** III = II - I, aVR = -(I + II) / 2, aVL = I - II / 2, aVF = II - I / 2, when not stored. */
    private static void deriveLimbLeads(Map<String, double[]> leads) {
        double[] i = leads.get("I");
        double[] ii = leads.get("II");
        if (i == null || ii == null) {
            return;
        }
        int n = Math.min(i.length, ii.length);
        double[] iii = new double[n];
        double[] avr = new double[n];
        double[] avl = new double[n];
        double[] avf = new double[n];
        for (int k = 0; k < n; k++) {
            iii[k] = ii[k] - i[k];
            avr[k] = -(i[k] + ii[k]) / 2;
            avl[k] = i[k] - ii[k] / 2;
            avf[k] = ii[k] - i[k] / 2;
        }
        leads.putIfAbsent("III", iii);
        leads.putIfAbsent("aVR", avr);
        leads.putIfAbsent("aVL", avl);
        leads.putIfAbsent("aVF", avf);
    }

    private static double unitMicrovolts(String unit, String where) throws EcgFormatException {
        switch (unit.trim().toUpperCase(Locale.ROOT)) {
            case "MICROVOLTS":
            case "UV":
                return 1;
            case "MILLIVOLTS":
            case "MV":
                return 1000;
            default:
                throw new EcgFormatException(where + ": amplitude unit " + unit + " is not supported");
        }
    }

    private static FilterSettings filters(XmlElement w) {
        Double high = w.textAt("HighPassFilter").map(Numbers::optionalMeasurement).map(v -> v / 100.0).orElse(null);
        Double low = w.textAt("LowPassFilter").map(Numbers::optionalMeasurement).orElse(null);
        Double notch = w.textAt("ACFilter").map(Numbers::optionalMeasurement).orElse(null);
        return new FilterSettings(high, low, notch);
    }

    private static Patient patient(XmlElement root) {
        Optional<XmlElement> p = root.child("PatientDemographics");
        String last = p.flatMap(e -> e.textAt("PatientLastName")).orElse("");
        String first = p.flatMap(e -> e.textAt("PatientFirstName")).orElse("");
        String name = (last + " " + first).trim();
        Integer age = null;
        String units = p.flatMap(e -> e.textAt("AgeUnits")).orElse("YEARS");
        Double a = p.flatMap(e -> e.textAt("PatientAge")).map(Numbers::optionalMeasurement).orElse(null);
        if (a != null && units.equalsIgnoreCase("YEARS")) {
            age = a.intValue();
        }
        return new Patient(p.flatMap(e -> e.textAt("PatientID")).orElse(null), name.isEmpty() ? null : name,
                Sex.parse(p.flatMap(e -> e.textAt("Gender")).orElse(null)),
                p.flatMap(e -> e.textAt("DateofBirth")).flatMap(MuseXmlDecoder::date).orElse(null), age);
    }

    private static Acquisition acquisition(XmlElement root, FilterSettings filters) {
        Optional<XmlElement> t = root.child("TestDemographics");
        LocalDateTime time = t.flatMap(e -> e.textAt("AcquisitionDate")).flatMap(MuseXmlDecoder::date)
                .map(d -> t.flatMap(e -> e.textAt("AcquisitionTime")).flatMap(MuseXmlDecoder::time)
                        .map(d::atTime).orElse(d.atStartOfDay())).orElse(null);
        return new Acquisition(time, "GE Healthcare", t.flatMap(e -> e.textAt("AcquisitionDevice")).orElse(null),
                t.flatMap(e -> e.textAt("SiteName")).orElse(null), filters);
    }

    private static DeviceMeasurements measurements(XmlElement root) {
        Optional<XmlElement> m = root.child("RestingECGMeasurements");
        Double rate = v(m, "VentricularRate");
        return new DeviceMeasurements(rate, rate == null ? null : (double) Math.round(60000.0 / rate), null,
                v(m, "PRInterval"), v(m, "QRSDuration"), v(m, "QTInterval"), v(m, "QTCorrected"),
                v(m, "PAxis"), v(m, "RAxis"), v(m, "TAxis"));
    }

    private static Double v(Optional<XmlElement> m, String name) {
        return m.flatMap(e -> e.textAt(name)).map(Numbers::optionalMeasurement).orElse(null);
    }

    private static List<String> statements(XmlElement root) {
        List<String> out = new ArrayList<>();
        root.child("Diagnosis").ifPresent(d -> {
            for (XmlElement s : d.children("DiagnosisStatement")) {
                s.textAt("StmtText").ifPresent(out::add);
            }
        });
        return out;
    }

    private static Optional<LocalDate> date(String s) {
        try {
            return Optional.of(LocalDate.parse(s.trim(), US_DATE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalTime> time(String s) {
        try {
            return Optional.of(LocalTime.parse(s.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
