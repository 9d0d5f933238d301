package org.rdc.ecg.format.dicom;

import java.util.Locale;
import java.util.Optional;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Sequence;
import org.rdc.ecg.format.scp.ScpLeadIds;
import org.rdc.ecg.model.StandardLead;

/**
 * The coded concepts an ECG waveform object uses: lead names (PS3.16 CID 3001 ECG Leads, in the
 * SCPECG scheme "5.6.3-9-n" of older objects or MDC "2:n" of current ones, both numbered as the
 * EN 1064 lead ids), measurement names (SCPECG, LOINC, or at least their code meaning) and units
 * (UCUM).
 */
public final class EcgCodes {

    private EcgCodes() {
    }

    /** A code sequence item (PS3.3 Table 8.8-1). */
    public record Code(String value, String scheme, String meaning) {

        static Optional<Code> first(DataSet ds, int sequenceTag) {
            Sequence s = ds.getSequence(sequenceTag);
            if (s == null || s.isEmpty()) {
                return Optional.empty();
            }
            DataSet item = s.get(0);
            String value = item.getString(Tag.CodeValue);
            String scheme = item.getString(Tag.CodingSchemeDesignator);
            String meaning = item.getString(Tag.CodeMeaning);
            if (value == null && meaning == null) {
                return Optional.empty();
            }
            return Optional.of(new Code(value, scheme, meaning));
        }
    }

    /** The printed lead name for a Channel Source code; empty when it is not a recognisable lead. */
    public static Optional<String> leadName(Code source) {
        if (source.value() != null) {
            String v = source.value().trim();
            String scheme = source.scheme() == null ? "" : source.scheme().trim().toUpperCase(Locale.ROOT);
            Integer id = null;
            if (v.startsWith("5.6.3-9-")) {
                id = integer(v.substring("5.6.3-9-".length()));
            } else if (scheme.equals("MDC") && v.startsWith("2:")) {
                id = integer(v.substring(2));
            }
            if (id != null) {
                String name = ScpLeadIds.name(id);
                if (!name.startsWith("lead#")) {
                    return Optional.of(name);
                }
            }
            Optional<StandardLead> byValue = StandardLead.fromLabel(v);
            if (byValue.isPresent()) {
                return Optional.of(byValue.get().label());
            }
        }
        return leadNameFromText(source.meaning());
    }

    /** "Lead I (Einthoven)", "Lead aVR", "V1" to the printed name. */
    public static Optional<String> leadNameFromText(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.trim();
        int paren = t.indexOf('(');
        if (paren > 0) {
            t = t.substring(0, paren).trim();
        }
        if (t.regionMatches(true, 0, "Lead ", 0, 5)) {
            t = t.substring(5).trim();
        }
        return StandardLead.fromLabel(t).map(StandardLead::label);
    }

    /** Factor from a UCUM voltage unit to microvolts, or empty for anything that is not a voltage. */
    public static Optional<Double> microvoltsPer(String ucum) {
        if (ucum == null) {
            return Optional.empty();
        }
        switch (ucum.trim()) {
            case "uV":
            case "\u00b5V":
                return Optional.of(1.0);
            case "mV":
                return Optional.of(1000.0);
            case "V":
                return Optional.of(1_000_000.0);
            case "nV":
                return Optional.of(0.001);
            case "10.uV":
                return Optional.of(10.0);
            default:
                return Optional.empty();
        }
    }

    /** The global measurements of the Waveform Annotation module that the model keeps. */
    public enum Measurement {
        HEART_RATE, RR, P_DURATION, PR, QRS, QT, QTC, P_AXIS, QRS_AXIS, T_AXIS
    }

    /** Which measurement a Concept Name code names: by SCPECG or LOINC code, else by its meaning. */
    public static Optional<Measurement> measurement(Code name) {
        String v = name.value() == null ? "" : name.value().trim();
        switch (v) {
            // SCPECG (EN 1064 annex B) codes as 12-lead ECG carts write them
            case "5.10.2.1-3": return Optional.of(Measurement.RR);
            case "5.13.5-7": return Optional.of(Measurement.PR);
            case "5.13.5-9": return Optional.of(Measurement.QRS);
            case "5.13.5-11": return Optional.of(Measurement.QT);
            case "5.10.2.5-5": return Optional.of(Measurement.QTC);
            case "5.10.3-11": return Optional.of(Measurement.P_AXIS);
            case "5.10.3-13": return Optional.of(Measurement.QRS_AXIS);
            case "5.10.3-15": return Optional.of(Measurement.T_AXIS);
            // LOINC
            case "8867-4": return Optional.of(Measurement.HEART_RATE);
            case "8625-6": return Optional.of(Measurement.PR);
            case "8633-0": return Optional.of(Measurement.QRS);
            case "8634-8": return Optional.of(Measurement.QT);
            case "8636-3": return Optional.of(Measurement.QTC);
            case "8626-4": return Optional.of(Measurement.P_AXIS);
            case "8632-2": return Optional.of(Measurement.QRS_AXIS);
            case "8638-9": return Optional.of(Measurement.T_AXIS);
            default: break;
        }
        String m = name.meaning() == null ? "" : name.meaning().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        switch (m) {
            case "heartrate":
            case "ventricularrate":
            case "ventricularheartrate":
                return Optional.of(Measurement.HEART_RATE);
            case "rrinterval":
                return Optional.of(Measurement.RR);
            case "pduration":
                return Optional.of(Measurement.P_DURATION);
            case "printerval":
                return Optional.of(Measurement.PR);
            case "qrsduration":
                return Optional.of(Measurement.QRS);
            case "qtinterval":
                return Optional.of(Measurement.QT);
            case "qtcinterval":
            case "qtc":
            case "correctedqtinterval":
                return Optional.of(Measurement.QTC);
            case "paxis":
                return Optional.of(Measurement.P_AXIS);
            case "qrsaxis":
            case "raxis":
                return Optional.of(Measurement.QRS_AXIS);
            case "taxis":
                return Optional.of(Measurement.T_AXIS);
            default:
                return Optional.empty();
        }
    }

    private static Integer integer(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
