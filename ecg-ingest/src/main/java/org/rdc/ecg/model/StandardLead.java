package org.rdc.ecg.model;

import java.util.Locale;
import java.util.Optional;

/** Lead names as printed on ECG paper: the 12 standard leads, the extra chest leads, Frank XYZ. */
public enum StandardLead {
    I("I"), II("II"), III("III"), AVR("aVR"), AVL("aVL"), AVF("aVF"),
    V1("V1"), V2("V2"), V3("V3"), V4("V4"), V5("V5"), V6("V6"),
    V7("V7"), V8("V8"), V9("V9"), V3R("V3R"), V4R("V4R"), V5R("V5R"), V6R("V6R"),
    X("X"), Y("Y"), Z("Z");

    private final String label;

    StandardLead(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The 12 leads in print order. */
    public static final java.util.List<StandardLead> TWELVE =
            java.util.List.of(I, II, III, AVR, AVL, AVF, V1, V2, V3, V4, V5, V6);

    /**
     * Recognises the spellings used by the formats: "AVR", "avr", "MDC_ECG_LEAD_AVR", "VX" for X.
     */
    public static Optional<StandardLead> fromLabel(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String t = raw.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("MDC_ECG_LEAD_")) {
            t = t.substring("MDC_ECG_LEAD_".length());
        }
        if (t.equals("VX") || t.equals("VY") || t.equals("VZ")) {
            t = t.substring(1);
        }
        for (StandardLead lead : values()) {
            if (lead.label.toUpperCase(Locale.ROOT).equals(t)) {
                return Optional.of(lead);
            }
        }
        return Optional.empty();
    }

    /** The standard label when the name is a known lead, else the name trimmed. */
    public static String normalise(String raw) {
        return fromLabel(raw).map(StandardLead::label).orElse(raw == null ? null : raw.trim());
    }
}
