package org.rdc.dicom.uid;

/**
 * The one check of UID syntax (PS3.5 9.1), used wherever a UID enters from outside. A UID is an org
 * root and a suffix, so at least two components; each component is digits, "0" or without a leading
 * zero; components are separated by single dots; at most 64 characters. Because a valid UID holds
 * only digits and single inner dots it can never be "." or ".." nor contain a slash, which is what
 * makes it safe as an object-key segment.
 */
public final class Uids {

    /** PS3.5 9.1: "shall not exceed 64 total characters". */
    public static final int MAX_LENGTH = 64;

    private Uids() {
    }

    public static boolean isValid(String uid) {
        return uid != null && uid.length() <= MAX_LENGTH && components(uid, 0, uid.length()) >= 2;
    }

    /**
     * A UID root followed by a dot, standing for every UID that starts with it (e.g.
     * {@code 1.2.840.10008.5.1.4.1.1.9.1.}, the ECG waveform storage classes): at least one valid
     * component, and short enough that some UID can still follow.
     */
    public static boolean isValidPrefix(String prefix) {
        return prefix != null && prefix.length() < MAX_LENGTH && prefix.endsWith(".")
                && components(prefix, 0, prefix.length() - 1) >= 1;
    }

    /** The number of components in {@code s[from, to)}, or -1 when any is empty, not digits or has a leading zero. */
    private static int components(String s, int from, int to) {
        int count = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                int length = i - start;
                if (length == 0 || (length > 1 && s.charAt(start) == '0')) {
                    return -1;
                }
                count++;
                start = i + 1;
            } else if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return count;
    }
}
