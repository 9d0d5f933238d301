package org.rdc.ecg.render;

/** The paper layouts cardiologists read resting ECGs on. */
public enum Layout {
    /** 3 rows of 4 columns (I II III / aVR aVL aVF / V1-V3 / V4-V6) plus a full-width lead II rhythm strip. */
    THREE_BY_FOUR_RHYTHM(3, 4, true, 3.0),
    /** 6 rows of 2 columns: limb leads left, chest leads right. */
    SIX_BY_TWO(6, 2, false, 2.6),
    /** All 12 leads one under another, full width. */
    TWELVE_BY_ONE(12, 1, false, 2.2);

    final int rows;
    final int columns;
    final boolean rhythmStrip;
    /** Row pitch in mV, so the row height follows the gain like on paper. */
    final double rowMillivolts;

    Layout(int rows, int columns, boolean rhythmStrip, double rowMillivolts) {
        this.rows = rows;
        this.columns = columns;
        this.rhythmStrip = rhythmStrip;
        this.rowMillivolts = rowMillivolts;
    }

    /** "3x4", "6x2", "12x1" as used on the command line. */
    public static Layout parse(String text) {
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "3x4":
            case "3x4+1":
                return THREE_BY_FOUR_RHYTHM;
            case "6x2":
                return SIX_BY_TWO;
            case "12x1":
                return TWELVE_BY_ONE;
            default:
                throw new IllegalArgumentException("unknown layout \"" + text + "\" (3x4, 6x2, 12x1)");
        }
    }

    /** Lead name at row r, column c (column-major print order of the 12 standard leads). */
    String leadAt(int r, int c) {
        String[] order = {"I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"};
        return order[c * rows + r];
    }
}
