package org.rdc.storage.catalog;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * A 公民身份号码 (the number on the 居民身份证), GB 11643-1999: a 6-digit address code, the birth
 * date as 8 digits (YYYYMMDD), a 3-digit sequence code and a check character computed by
 * ISO 7064:1983 MOD 11-2 over the first 17 digits ({@code X} stands for ten). The alliance's one
 * identity across facilities: two patients of different facilities with the same valid number are
 * the same person.
 */
public final class ResidentIdNumber {

    public static final int LENGTH = 18;

    private final String value;

    private ResidentIdNumber(String value) {
        this.value = value;
    }

    /** The 18 characters, upper case. */
    public String value() {
        return value;
    }

    /**
     * The number as a device sent it (surrounding spaces and a lower-case {@code x} tolerated).
     *
     * @throws IllegalArgumentException naming what is wrong: length, characters, birth date or check character
     */
    public static ResidentIdNumber parse(String raw) {
        String v = raw == null ? "" : raw.strip().toUpperCase(java.util.Locale.ROOT);
        if (v.length() != LENGTH) {
            throw new IllegalArgumentException("a resident identity number has " + LENGTH + " characters, not " + v.length());
        }
        if (!v.matches("[0-9]{17}[0-9X]")) {
            throw new IllegalArgumentException("a resident identity number is 17 digits and a check character 0-9 or X");
        }
        try {
            birthDate(v);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("characters 7-14 of a resident identity number are no birth date (YYYYMMDD)");
        }
        char expected = checkCharacter(v.substring(0, 17));
        if (v.charAt(17) != expected) {
            throw new IllegalArgumentException("the check character is " + v.charAt(17)
                    + " where ISO 7064 MOD 11-2 gives " + expected);
        }
        return new ResidentIdNumber(v);
    }

    /** The birth date the number encodes (characters 7-14). */
    public LocalDate birthDate() {
        return birthDate(value);
    }

    /** The sex the sequence code encodes: odd for men, even for women (character 17); DICOM's M or F. */
    public String sex() {
        return (value.charAt(16) - '0') % 2 == 1 ? "M" : "F";
    }

    /**
     * Whether the number can be this patient's: its birth date and sex agree with Patient's Birth Date
     * (0010,0030) and Patient's Sex (0010,0040) where those are known (M or F). A device that puts one
     * placeholder number on every patient is caught here instead of joining them all.
     */
    public boolean agreesWith(LocalDate patientBirthDate, String patientSex) {
        boolean sexKnown = "M".equals(patientSex) || "F".equals(patientSex);
        return (patientBirthDate == null || patientBirthDate.equals(birthDate())) && (!sexKnown || patientSex.equals(sex()));
    }

    private static LocalDate birthDate(String v) {
        return LocalDate.of(Integer.parseInt(v.substring(6, 10)), Integer.parseInt(v.substring(10, 12)),
                Integer.parseInt(v.substring(12, 14)));
    }

    /** ISO 7064 MOD 11-2 (pure system, radix 2): the check character of 17 digits, 0-9 or X. */
    static char checkCharacter(String digits) {
        int p = 0;
        for (int i = 0; i < digits.length(); i++) {
            p = (p + digits.charAt(i) - '0') * 2 % 11;
        }
        int check = (12 - p) % 11;
        return check == 10 ? 'X' : (char) ('0' + check);
    }
}
