package org.rdc.ecg.format;

import java.util.Arrays;
import org.rdc.ecg.EcgFormatException;

/** Number parsing shared by the text formats, failing with the field's name instead of a bare NFE. */
public final class Numbers {

    private Numbers() {
    }

    public static double parseDouble(String text, String where) throws EcgFormatException {
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException("not finite");
            }
            return v;
        } catch (NumberFormatException | NullPointerException e) {
            throw new EcgFormatException(where + ": \"" + abbreviate(text) + "\" is not a number");
        }
    }

    /** A device measurement: null when absent or a word like "Failed"/"Indeterminate". */
    public static Double optionalMeasurement(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.trim());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Whitespace-separated integers (HL7 aECG digits), parsed without regex or boxing since a
     * 10 s 12-lead has 60,000 of them.
     */
    public static int[] parseIntList(String text, String where) throws EcgFormatException {
        int[] out = new int[Math.max(16, text.length() / 3)];
        int n = 0;
        int i = 0;
        int len = text.length();
        while (i < len) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                i++;
                continue;
            }
            boolean negative = false;
            if (c == '-' || c == '+') {
                negative = c == '-';
                i++;
            }
            int start = i;
            long value = 0;
            while (i < len && Character.isDigit(text.charAt(i))) {
                value = value * 10 + (text.charAt(i) - '0');
                if (value > Integer.MAX_VALUE) {
                    throw new EcgFormatException(where + ": number too large at character " + start);
                }
                i++;
            }
            if (i == start || i < len && !Character.isWhitespace(text.charAt(i))) {
                throw new EcgFormatException(where + ": not an integer at character " + start + " (\""
                        + abbreviate(text.substring(start, Math.min(len, start + 12))) + "\")");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = (int) (negative ? -value : value);
        }
        return Arrays.copyOf(out, n);
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
