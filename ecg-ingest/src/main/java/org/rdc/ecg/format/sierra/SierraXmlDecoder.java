package org.rdc.ecg.format.sierra;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
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
 * Philips Sierra ECG XML 1.03 and 1.04(.01) ({@code <restingecgdata>}). Waveforms are Base64
 * XLI blocks; the file stores limb leads III, aVR, aVL and aVF only as residuals against their
 * values computed from I and II, so they are rebuilt here (Einthoven / Goldberger relations).
 * Version 1.04 files are UTF-16, which the XML parser detects from the byte order mark.
 */
public final class SierraXmlDecoder implements EcgDecoder {

    private static final String WHAT = "Philips Sierra XML";
    private static final int MIN_CALIBRATION_SAMPLES = 50;
    private static final List<String> DEFAULT_LEADS =
            List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");

    @Override
    public SourceFormat format() {
        return SourceFormat.PHILIPS_SIERRA_XML;
    }

    @Override
    public boolean accepts(EcgContent content) {
        return content.xmlRootName().filter("restingecgdata"::equals).isPresent();
    }

    @Override
    public EcgRecord decode(EcgContent content) throws EcgFormatException {
        XmlElement root = SafeXml.parse(content.bytes(), WHAT);
        String version = root.textAt("documentinfo", "documentversion")
                .orElseThrow(() -> new EcgFormatException(WHAT + ": no <documentinfo><documentversion>"));
        if (!version.startsWith("1.03") && !version.startsWith("1.04")) {
            throw new EcgFormatException(WHAT + " version " + version + " is not supported (1.03, 1.04)");
        }
        XmlElement wave = root.path("waveforms", "parsedwaveforms")
                .orElseThrow(() -> new EcgFormatException(WHAT + ": no <waveforms><parsedwaveforms>"));
        Optional<XmlElement> signal = root.path("dataacquisition", "signalcharacteristics");

        double rate = number(wave.attr("samplespersecond")
                .or(() -> signal.flatMap(s -> s.textAt("samplingrate"))), "sampling rate");
        double resolutionUv = number(wave.attr("resolution")
                .or(() -> signal.flatMap(s -> s.textAt("signalresolution"))), "signal resolution");
        List<String> labels = wave.attr("leadlabels").map(l -> Arrays.asList(l.trim().split("\\s+")))
                .orElse(DEFAULT_LEADS);
        int leadCount = (int) number(wave.attr("numberofleads")
                .or(() -> signal.flatMap(s -> s.textAt("numberchannelsvalid"))), "number of leads");
        double durationMs = number(wave.attr("durationperchannel"), "durationperchannel");
        if (leadCount < 1 || leadCount > labels.size() || leadCount > 16) {
            throw new EcgFormatException(WHAT + ": " + leadCount + " leads for labels " + labels);
        }
        int samples = (int) Math.round(durationMs * rate / 1000.0);
        if (samples < 1 || samples > 1_000_000) {
            throw new EcgFormatException(WHAT + ": " + samples + " samples per lead is not plausible");
        }
        String encoding = wave.attr("dataencoding").orElse("Base64");
        String compression = wave.attr("compression").or(() -> wave.attr("compressmethod")).orElse("");
        if (!encoding.equalsIgnoreCase("Base64") || !compression.equalsIgnoreCase("XLI")) {
            throw new EcgFormatException(WHAT + ": waveform encoding " + encoding + "/" + compression
                    + " is not supported (Base64/XLI)");
        }
        byte[] data = base64(wave.text(), "parsedwaveforms");
        int[][] raw = XliDecompressor.decode(data, leadCount, samples);
        rebuildLimbLeads(raw, labels);
        int ecgSamples = withoutCalibrationTail(raw);
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < leadCount; i++) {
            leads.add(new Lead(StandardLead.normalise(labels.get(i)),
                    scale(Arrays.copyOf(raw[i], ecgSamples), resolutionUv)));
        }
        return new EcgRecord(SourceFormat.PHILIPS_SIERRA_XML, version, patient(root), acquisition(root),
                new WaveformSet(rate, leads), repbeats(root), measurements(root), statements(root), content.source());
    }

    /**
     * Sierra devices append a calibration pulse (0 V, 1 mV for 200 ms, 0 V) written identically
     * into every lead. No real ECG has all leads equal, so the tail where they are all equal is
     * cut off (after the limb leads are rebuilt, when the pulse is equal in all of them)
     * before it can be mistaken for a beat.
     */
    private static int withoutCalibrationTail(int[][] raw) {
        int end = raw[0].length;
        while (end > 0) {
            int v = raw[0][end - 1];
            boolean same = true;
            for (int[] lead : raw) {
                same &= lead[end - 1] == v;
            }
            if (!same) {
                break;
            }
            end--;
        }
        return raw[0].length - end >= MIN_CALIBRATION_SAMPLES ? end : raw[0].length;
    }

    /**
     * III, aVR, aVL and aVF hold the difference from their value derived from I and II (and III),
     * computed in the order the relations depend on each other.
     */
    private static void rebuildLimbLeads(int[][] v, List<String> labels) {
        int i = labels.indexOf("I");
        int ii = labels.indexOf("II");
        int iii = labels.indexOf("III");
        int avr = labels.indexOf("aVR");
        int avl = labels.indexOf("aVL");
        int avf = labels.indexOf("aVF");
        if (i < 0 || ii < 0 || iii < 0 || avr < 0 || avl < 0 || avf < 0 || Math.max(Math.max(avr, avl), avf) >= v.length) {
            return;
        }
        for (int k = 0; k < v[i].length; k++) {
            v[iii][k] = v[ii][k] - v[i][k] - v[iii][k];
            v[avr][k] = -v[avr][k] - (v[i][k] + v[ii][k]) / 2;
            v[avl][k] = (v[i][k] - v[iii][k]) / 2 - v[avl][k];
            v[avf][k] = (v[ii][k] + v[iii][k]) / 2 - v[avf][k];
        }
    }

    private static WaveformSet repbeats(XmlElement root) throws EcgFormatException {
        Optional<XmlElement> reps = root.path("waveforms", "repbeats");
        if (reps.isEmpty() || reps.get().children("repbeat").isEmpty()) {
            return null;
        }
        XmlElement r = reps.get();
        double rate = number(r.attr("samplespersec"), "repbeats samplespersec");
        double resolution = number(r.attr("resolution"), "repbeats resolution");
        List<Lead> leads = new ArrayList<>();
        for (XmlElement beat : r.children("repbeat")) {
            String name = beat.attr("leadname").orElseThrow(() -> new EcgFormatException(WHAT + ": repbeat without leadname"));
            String text = beat.child("waveform").map(XmlElement::text).orElse(beat.text());
            byte[] bytes = base64(text, "repbeat " + name);
            int[] raw = new int[bytes.length / 2];
            for (int k = 0; k < raw.length; k++) {
                raw[k] = (short) ((bytes[2 * k] & 0xFF) | (bytes[2 * k + 1] & 0xFF) << 8);
            }
            leads.add(new Lead(StandardLead.normalise(name), scale(raw, resolution)));
        }
        return new WaveformSet(rate, leads);
    }

    private static double[] scale(int[] raw, double uvPerUnit) {
        double[] uv = new double[raw.length];
        for (int k = 0; k < raw.length; k++) {
            uv[k] = raw[k] * uvPerUnit;
        }
        return uv;
    }

    private static byte[] base64(String text, String where) throws EcgFormatException {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new EcgFormatException(WHAT + ": " + where + " is not valid Base64: " + e.getMessage());
        }
    }

    private static double number(Optional<String> text, String what) throws EcgFormatException {
        return Numbers.parseDouble(text.orElseThrow(() -> new EcgFormatException(WHAT + ": no " + what)),
                WHAT + " " + what);
    }

    private static Patient patient(XmlElement root) {
        Optional<XmlElement> p = root.path("patient", "generalpatientdata");
        String id = p.flatMap(e -> e.textAt("patientid")).orElse(null);
        String last = p.flatMap(e -> e.textAt("name", "lastname")).orElse("");
        String first = p.flatMap(e -> e.textAt("name", "firstname")).orElse("");
        String name = (last + " " + first).trim();
        Integer age = p.flatMap(e -> e.textAt("age", "years")).map(Numbers::optionalMeasurement)
                .map(Double::intValue).orElse(null);
        LocalDate birth = p.flatMap(e -> e.textAt("age", "dateofbirth")).flatMap(SierraXmlDecoder::date).orElse(null);
        Sex sex = Sex.parse(p.flatMap(e -> e.textAt("sex")).orElse(null));
        return new Patient(id, name.isEmpty() ? null : name, sex, birth, age);
    }

    private static Acquisition acquisition(XmlElement root) {
        Optional<XmlElement> acq = root.child("dataacquisition");
        LocalDateTime time = acq.flatMap(a -> a.attr("date")).flatMap(SierraXmlDecoder::date)
                .map(d -> acq.flatMap(a -> a.attr("time")).flatMap(SierraXmlDecoder::time)
                        .map(d::atTime).orElse(d.atStartOfDay())).orElse(null);
        String model = acq.flatMap(a -> a.textAt("machine")).orElse(null);
        String institution = acq.flatMap(a -> a.textAt("acquirer", "institutionname")).orElse(null);
        Optional<XmlElement> bw = root.path("reportinfo", "reportbandwidth");
        FilterSettings filters = new FilterSettings(
                bw.flatMap(b -> b.textAt("highpassfiltersetting")).map(Numbers::optionalMeasurement).orElse(null),
                bw.flatMap(b -> b.textAt("lowpassfiltersetting")).map(Numbers::optionalMeasurement).orElse(null),
                bw.flatMap(b -> b.textAt("notchfiltersetting")).map(Numbers::optionalMeasurement).orElse(null));
        return new Acquisition(time, "Philips", model, institution, filters);
    }

    /** 1.03 keeps them in measurements/globalmeasurements, 1.04 in internalmeasurements/crossleadmeasurements. */
    private static DeviceMeasurements measurements(XmlElement root) {
        Optional<XmlElement> g = root.path("measurements", "globalmeasurements")
                .or(() -> root.path("internalmeasurements", "crossleadmeasurements"));
        Optional<XmlElement> interp = root.path("interpretations", "interpretation", "interpretationmeasurements")
                .or(() -> root.path("interpretations", "interpretation", "globalmeasurements"));
        Double rate = Optional.ofNullable(m(interp, "heartrate")).orElse(m(g, "meanventrate"));
        return new DeviceMeasurements(rate, rate == null ? null : (double) Math.round(60000.0 / rate),
                null, m(g, "meanprint"), m(g, "meanqrsdur"), m(g, "meanqtint"), m(g, "meanqtc"),
                m(g, "pfrontaxis"), m(g, "qrsfrontaxis"), m(g, "tfrontaxis"));
    }

    private static Double m(Optional<XmlElement> e, String name) {
        return e.flatMap(x -> x.textAt(name)).map(Numbers::optionalMeasurement).orElse(null);
    }

    private static List<String> statements(XmlElement root) {
        List<String> out = new ArrayList<>();
        root.path("interpretations", "interpretation").ifPresent(i -> {
            for (XmlElement s : i.children("statement")) {
                String left = s.textAt("leftstatement").orElse("");
                String right = s.textAt("rightstatement").orElse("");
                String t = right.isEmpty() ? left : left + " (" + right + ")";
                if (!t.isBlank()) {
                    out.add(t);
                }
            }
        });
        return out;
    }

    private static Optional<LocalDate> date(String s) {
        try {
            return Optional.of(LocalDate.parse(s.trim()));
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
