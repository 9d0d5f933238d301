package org.rdc.ecg.format.aecg;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

/** HL7 v3 TS values (YYYYMMDDHHMMSS.UUUU[+|-ZZZZ]), of which any tail may be left off. */
final class Hl7Time {

    private Hl7Time() {
    }

    static Optional<LocalDate> date(String ts) {
        return dateTime(ts).map(LocalDateTime::toLocalDate);
    }

    static Optional<LocalDateTime> dateTime(String ts) {
        if (ts == null) {
            return Optional.empty();
        }
        String t = ts.trim();
        int zone = Math.max(t.indexOf('+'), t.indexOf('-'));
        if (zone > 0) {
            t = t.substring(0, zone);
        }
        int dot = t.indexOf('.');
        String whole = dot >= 0 ? t.substring(0, dot) : t;
        if (whole.length() < 8 || !whole.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            int year = Integer.parseInt(whole.substring(0, 4));
            int month = Integer.parseInt(whole.substring(4, 6));
            int day = Integer.parseInt(whole.substring(6, 8));
            int hour = whole.length() >= 10 ? Integer.parseInt(whole.substring(8, 10)) : 0;
            int minute = whole.length() >= 12 ? Integer.parseInt(whole.substring(10, 12)) : 0;
            int second = whole.length() >= 14 ? Integer.parseInt(whole.substring(12, 14)) : 0;
            int nanos = 0;
            if (dot >= 0 && dot + 1 < t.length()) {
                String frac = (t.substring(dot + 1) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(frac);
            }
            return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second, nanos));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
