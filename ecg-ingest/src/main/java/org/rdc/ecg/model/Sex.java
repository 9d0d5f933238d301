package org.rdc.ecg.model;

/** Administrative sex; ST-elevation thresholds of the 4th universal definition of MI depend on it. */
public enum Sex {
    MALE, FEMALE, UNKNOWN;

    /** Reads the usual spellings (M/F, male/female, 男/女, SCP-ECG codes 1/2). */
    public static Sex parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("m") || t.equals("male") || t.equals("男") || t.equals("1")) {
            return MALE;
        }
        if (t.equals("f") || t.equals("female") || t.equals("女") || t.equals("2")) {
            return FEMALE;
        }
        return UNKNOWN;
    }
}
