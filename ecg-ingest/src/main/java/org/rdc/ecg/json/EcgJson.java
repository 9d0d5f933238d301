package org.rdc.ecg.json;

import java.util.Map;
import org.rdc.ecg.analysis.CriticalFlag;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.MedianBeat;
import org.rdc.ecg.analysis.Statement;
import org.rdc.ecg.analysis.WaveLimits;
import org.rdc.ecg.model.DeviceMeasurements;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.WaveformSet;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON the rest of the system sees: the analysis (for the CLI, the intake answer and the
 * worklist) and the waveform for the web viewer. Built field by field so the JSON shape is a
 * stable contract, independent of the Java records behind it.
 */
public final class EcgJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private EcgJson() {
    }

    /** Analysis JSON: measurements, rhythm, statements, critical flags, the filters applied. */
    public static ObjectNode analysis(EcgAnalysis a) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode notice = n.putObject("decisionSupport");
        notice.put("en", EcgAnalysis.NOTICE_EN);
        notice.put("zh", EcgAnalysis.NOTICE_ZH);
        n.put("format", a.format().name());
        ArrayNode leads = n.putArray("leads");
        a.leads().forEach(leads::add);
        n.put("sampleRateHz", a.sampleRateHz());
        put(n, "heartRateBpm", a.heartRateBpm());
        put(n, "rrMs", a.rrMs());
        put(n, "pDurationMs", a.pDurationMs());
        put(n, "prMs", a.prMs());
        put(n, "qrsMs", a.qrsMs());
        put(n, "qtMs", a.qtMs());
        put(n, "qtcBazettMs", a.qtcBazettMs());
        put(n, "qtcFridericiaMs", a.qtcFridericiaMs());
        ObjectNode formulas = n.putObject("qtcFormulas");
        formulas.put("qtcBazettMs", "Bazett: QT / RR^(1/2), RR in s");
        formulas.put("qtcFridericiaMs", "Fridericia: QT / RR^(1/3), RR in s");
        put(n, "pAxisDeg", a.pAxisDeg());
        put(n, "qrsAxisDeg", a.qrsAxisDeg());
        put(n, "tAxisDeg", a.tAxisDeg());
        n.put("rhythm", a.rhythm().name());
        ObjectNode rhythmText = n.putObject("rhythmText");
        rhythmText.put("en", a.rhythm().en());
        rhythmText.put("zh", a.rhythm().zh());
        put(n, "longestRrS", a.longestRrS());
        n.put("critical", a.critical());
        ArrayNode flags = n.putArray("criticalFlags");
        for (CriticalFlag f : a.criticalFlags()) {
            ObjectNode o = flags.addObject();
            o.put("code", f.code());
            o.put("en", f.en());
            o.put("zh", f.zh());
            o.put("value", f.value());
            o.put("threshold", f.threshold());
        }
        ArrayNode statements = n.putArray("statements");
        for (Statement s : a.statements()) {
            ObjectNode o = statements.addObject();
            o.put("code", s.code());
            o.put("en", s.en());
            o.put("zh", s.zh());
        }
        ObjectNode st = n.putObject("stJPointUv");
        for (Map.Entry<String, Double> e : a.stJPointUv().entrySet()) {
            put(st, e.getKey(), e.getValue());
        }
        ArrayNode beats = n.putArray("beatTimesS");
        a.beatTimesS().forEach(t -> beats.add(Math.round(t * 1000) / 1000.0));
        ObjectNode filters = n.putObject("filters");
        filters(filters.putObject("configured"), new FilterSettings(a.settings().highPassHz(),
                a.settings().lowPassHz(), a.settings().notchHz()));
        filters(filters.putObject("applied"), a.filtersApplied());
        filters.put("zeroPhase", true);
        return n;
    }

    /**
     * The analysis with the device's own measurements and statements next to it, for a reader to
     * compare: what the CLI prints, the intake answers and stores as ECG_ANALYSIS.
     */
    public static ObjectNode analysis(EcgRecord r, EcgAnalysis a) {
        ObjectNode n = analysis(a);
        if (r.formatVersion() != null) {
            n.put("formatVersion", r.formatVersion());
        }
        n.set("deviceMeasurements", deviceMeasurements(r.deviceMeasurements()));
        ArrayNode statements = n.putArray("deviceStatements");
        r.deviceStatements().forEach(statements::add);
        return n;
    }

    /** Parses a JSON object (e.g. a stored ECG_ANALYSIS attachment). */
    public static ObjectNode parseObject(byte[] json) {
        if (MAPPER.readTree(json) instanceof ObjectNode o) {
            return o;
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private static ObjectNode deviceMeasurements(DeviceMeasurements d) {
        ObjectNode dev = MAPPER.createObjectNode();
        put(dev, "heartRateBpm", d.heartRateBpm());
        put(dev, "rrMs", d.rrMs());
        put(dev, "prMs", d.prMs());
        put(dev, "qrsMs", d.qrsMs());
        put(dev, "qtMs", d.qtMs());
        put(dev, "qtcMs", d.qtcMs());
        put(dev, "pAxisDeg", d.pAxisDeg());
        put(dev, "qrsAxisDeg", d.qrsAxisDeg());
        put(dev, "tAxisDeg", d.tAxisDeg());
        return dev;
    }

    /**
     * Waveform JSON for the web viewer: rhythm leads as whole microvolts, our median beats with
     * the wave limits (ms from the start of the median beat), the device's measurements and statements.
     */
    public static ObjectNode waveform(EcgRecord r, EcgAnalysis a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", r.format().name());
        if (r.formatVersion() != null) {
            n.put("formatVersion", r.formatVersion());
        }
        n.put("sourceSha256", r.source().sha256Hex());
        Patient p = r.patient();
        ObjectNode patient = n.putObject("patient");
        putText(patient, "id", p.id());
        putText(patient, "name", p.name());
        patient.put("sex", p.sex().name());
        putText(patient, "birthDate", p.birthDate() == null ? null : p.birthDate().toString());
        if (p.ageYears() != null) {
            patient.put("ageYears", p.ageYears());
        }
        ObjectNode acq = n.putObject("acquisition");
        putText(acq, "time", r.acquisition().time() == null ? null : r.acquisition().time().toString());
        putText(acq, "manufacturer", r.acquisition().manufacturer());
        putText(acq, "model", r.acquisition().model());
        putText(acq, "institution", r.acquisition().institution());
        filters(acq.putObject("deviceFilters"), r.acquisition().deviceFilters());
        n.set("rhythm", waves(r.rhythm()));
        if (r.medianBeats() != null) {
            n.set("deviceMedianBeats", waves(r.medianBeats()));
        }
        MedianBeat m = a.medianBeat();
        if (m != null && m.beatsUsed() > 0) {
            ObjectNode median = n.putObject("medianBeats");
            median.put("sampleRateHz", m.sampleRateHz());
            median.put("beatsUsed", m.beatsUsed());
            ArrayNode leads = median.putArray("leads");
            for (int i = 0; i < m.leadNames().size(); i++) {
                lead(leads.addObject(), m.leadNames().get(i), m.samplesUv()[i]);
            }
            WaveLimits w = a.limits();
            double ms = 1000.0 / m.sampleRateHz();
            ObjectNode lim = median.putObject("limitsMs");
            put(lim, "pOnset", w.pOnset() == null ? null : w.pOnset() * ms);
            put(lim, "pOffset", w.pOffset() == null ? null : w.pOffset() * ms);
            lim.put("qrsOnset", w.qrsOnset() * ms);
            lim.put("qrsOffset", w.qrsOffset() * ms);
            put(lim, "tOffset", w.tOffset() == null ? null : w.tOffset() * ms);
        }
        n.set("deviceMeasurements", deviceMeasurements(r.deviceMeasurements()));
        ArrayNode statements = n.putArray("deviceStatements");
        r.deviceStatements().forEach(statements::add);
        n.set("analysis", analysis(a));
        return n;
    }

    public static String toJson(ObjectNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Indented, for people reading it on a terminal. */
    public static String toPrettyJson(ObjectNode node) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    public static byte[] toBytes(ObjectNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    private static ObjectNode waves(WaveformSet w) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("sampleRateHz", w.sampleRateHz());
        n.put("durationS", w.durationSeconds());
        ArrayNode leads = n.putArray("leads");
        for (Lead l : w.leads()) {
            lead(leads.addObject(), l.name(), l.samplesUv());
        }
        return n;
    }

    private static void lead(ObjectNode o, String name, double[] uv) {
        o.put("name", name);
        ArrayNode samples = o.putArray("samplesUv");
        for (double v : uv) {
            samples.add(Math.round(v));
        }
    }

    private static void filters(ObjectNode o, FilterSettings f) {
        put(o, "highPassHz", f.highPassHz());
        put(o, "lowPassHz", f.lowPassHz());
        put(o, "notchHz", f.notchHz());
    }

    private static void put(ObjectNode n, String field, Double v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    private static void putText(ObjectNode n, String field, String v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }
}
