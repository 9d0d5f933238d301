package org.rdc.ecg.format.scp;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.Acquisition;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.Sex;

/**
 * Section 1 (EN 1064 5.4): patient and acquisition data as tag / 2-byte length / value fields,
 * ended by tag 255. Unknown tags are skipped.
 */
final class ScpPatientSection {

    private static final int TAG_LAST_NAME = 0;
    private static final int TAG_FIRST_NAME = 1;
    private static final int TAG_PATIENT_ID = 2;
    private static final int TAG_AGE = 4;
    private static final int TAG_BIRTH_DATE = 5;
    private static final int TAG_SEX = 8;
    private static final int TAG_ACQUIRING_DEVICE = 14;
    private static final int TAG_INSTITUTION = 16;
    private static final int TAG_ACQUISITION_DATE = 25;
    private static final int TAG_ACQUISITION_TIME = 26;
    private static final int TAG_BASELINE_FILTER = 27;
    private static final int TAG_LOW_PASS_FILTER = 28;
    private static final int TAG_FILTER_BITMAP = 29;
    private static final int TAG_END = 255;

    /** Offset of the language support code inside tag 14 (5.4.3.1). */
    private static final int DEVICE_LANGUAGE_OFFSET = 16;
    private static final int DEVICE_MODEL_OFFSET = 8;
    private static final int DEVICE_PROTOCOL_OFFSET = 14;
    private static final int DEVICE_FIXED_PART = 35;

    private final Map<Integer, byte[]> tags;
    private final ScpText text;

    private ScpPatientSection(Map<Integer, byte[]> tags) {
        this.tags = tags;
        byte[] device = tags.get(TAG_ACQUIRING_DEVICE);
        this.text = device != null && device.length > DEVICE_LANGUAGE_OFFSET
                ? ScpText.forLanguageCode(device[DEVICE_LANGUAGE_OFFSET] & 0xFF) : ScpText.latin1();
    }

    static ScpPatientSection read(ScpSection s) throws EcgFormatException {
        Map<Integer, byte[]> tags = new LinkedHashMap<>();
        int pos = 0;
        while (pos < s.dataLength()) {
            int tag = s.u8(pos, "tag");
            if (tag == TAG_END) {
                break;
            }
            int len = s.u16(pos + 1, "length of tag " + tag);
            tags.putIfAbsent(tag, s.bytes(pos + 3, len, "value of tag " + tag));
            pos += 3 + len;
        }
        return new ScpPatientSection(tags);
    }

    ScpText text() {
        return text;
    }

    /** SCP protocol revision the acquiring device claims (e.g. 20 or 30), or 0. */
    int deviceProtocolRevision() {
        byte[] d = tags.get(TAG_ACQUIRING_DEVICE);
        return d != null && d.length > DEVICE_PROTOCOL_OFFSET ? d[DEVICE_PROTOCOL_OFFSET] & 0xFF : 0;
    }

    Patient patient() {
        String last = string(TAG_LAST_NAME);
        String first = string(TAG_FIRST_NAME);
        String name = join(last, first);
        Integer age = null;
        byte[] a = tags.get(TAG_AGE);
        if (a != null && a.length >= 3 && (a[2] == 1 || a[2] == 0)) {
            int years = u16(a, 0);
            age = years == 0 && a[2] == 0 ? null : years;
        }
        return new Patient(string(TAG_PATIENT_ID), name, sex(), date(tags.get(TAG_BIRTH_DATE)), age);
    }

    private Sex sex() {
        byte[] s = tags.get(TAG_SEX);
        if (s == null || s.length < 1) {
            return Sex.UNKNOWN;
        }
        return s[0] == 1 ? Sex.MALE : s[0] == 2 ? Sex.FEMALE : Sex.UNKNOWN;
    }

    Acquisition acquisition() {
        LocalDate date = date(tags.get(TAG_ACQUISITION_DATE));
        LocalDateTime time = null;
        byte[] t = tags.get(TAG_ACQUISITION_TIME);
        if (date != null) {
            time = date.atStartOfDay();
            if (t != null && t.length >= 3) {
                try {
                    time = date.atTime(LocalTime.of(t[0] & 0xFF, t[1] & 0xFF, t[2] & 0xFF));
                } catch (DateTimeException ignored) {
                    // a bad time keeps the date alone
                }
            }
        }
        String model = null;
        String manufacturer = null;
        byte[] d = tags.get(TAG_ACQUIRING_DEVICE);
        if (d != null && d.length >= DEVICE_FIXED_PART) {
            byte[] m = java.util.Arrays.copyOfRange(d, DEVICE_MODEL_OFFSET, DEVICE_MODEL_OFFSET + 6);
            model = blankToNull(text.decode(m));
            manufacturer = lastString(d);
        }
        Double high = null;
        byte[] hp = tags.get(TAG_BASELINE_FILTER);
        if (hp != null && hp.length >= 2) {
            high = u16(hp, 0) / 100.0;
        }
        Double low = null;
        byte[] lp = tags.get(TAG_LOW_PASS_FILTER);
        if (lp != null && lp.length >= 2) {
            low = (double) u16(lp, 0);
        }
        Double notch = null;
        byte[] bits = tags.get(TAG_FILTER_BITMAP);
        if (bits != null && bits.length >= 1) {
            notch = (bits[0] & 1) != 0 ? Double.valueOf(60) : (bits[0] & 2) != 0 ? Double.valueOf(50) : null;
        }
        return new Acquisition(time, manufacturer, model, string(TAG_INSTITUTION),
                new FilterSettings(high != null && high > 0 ? high : null, low != null && low > 0 ? low : null, notch));
    }

    /** Tag 14 ends with NUL-terminated strings; the last is the manufacturer's name. */
    private String lastString(byte[] d) {
        int end = d.length;
        while (end > 0 && d[end - 1] == 0) {
            end--;
        }
        int start = end;
        while (start > DEVICE_FIXED_PART && d[start - 1] != 0) {
            start--;
        }
        return start < end ? blankToNull(text.decode(java.util.Arrays.copyOfRange(d, start, end))) : null;
    }

    private String string(int tag) {
        byte[] v = tags.get(tag);
        return v == null ? null : blankToNull(text.decode(v));
    }

    private static LocalDate date(byte[] v) {
        if (v == null || v.length < 4) {
            return null;
        }
        try {
            int year = u16(v, 0);
            return year == 0 ? null : LocalDate.of(year, v[2] & 0xFF, v[3] & 0xFF);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int u16(byte[] v, int o) {
        return (v[o] & 0xFF) | (v[o + 1] & 0xFF) << 8;
    }

    private static String join(String last, String first) {
        if (last == null) {
            return first;
        }
        return first == null ? last : last + " " + first;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
