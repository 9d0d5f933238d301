package org.rdc.dicom.object;

/**
 * A PN value (PS3.5 6.2.1): up to three component groups (alphabetic, ideographic, phonetic) separated
 * by {@code =}, each of up to five components separated by {@code ^}. Built from already decoded
 * text, because in GB18030 or ISO 2022 the delimiter bytes can occur inside a character.
 */
public record PersonName(String alphabetic, String ideographic, String phonetic) {

    public static PersonName parse(String value) {
        String[] groups = value.split("=", -1);
        return new PersonName(groups[0], groups.length > 1 ? groups[1] : "", groups.length > 2 ? groups[2] : "");
    }

    /** Family name of the first non-empty group, e.g. the Chinese characters when there is no alphabetic group. */
    public String familyName() {
        return component(firstNonEmpty(), 0);
    }

    public String givenName() {
        return component(firstNonEmpty(), 1);
    }

    private String firstNonEmpty() {
        if (!alphabetic.isEmpty()) {
            return alphabetic;
        }
        return !ideographic.isEmpty() ? ideographic : phonetic;
    }

    /** Component {@code index} (0 family, 1 given, 2 middle, 3 prefix, 4 suffix) of a group. */
    public static String component(String group, int index) {
        String[] c = group.split("\\^", -1);
        return index < c.length ? c[index] : "";
    }

    /** The PN value: groups joined with {@code =}, empty trailing groups left out (PS3.5 6.2.1.1). */
    @Override
    public String toString() {
        String s = alphabetic + "=" + ideographic + "=" + phonetic;
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }
}
