package org.rdc.ecg.intake;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Study, series and SOP Instance UIDs of an uploaded ECG, derived from the facility and the SHA-256
 * of its bytes, so that the same upload from the same facility always gives the same record, and a
 * copy of the file uploaded by another facility (a patient who moved on) is that facility's own
 * record, read and reported to it (PS3.5 B.2: "2.25." and the decimal value of a UUID). The UUID is a
 * version 8 (RFC 9562, custom) UUID made of the first 128 bits of
 * SHA-256(facility + "/" + content hash + "/" + role), one per role so the three UIDs differ.
 */
public record RecordUids(String study, String series, String sopInstance) {

    public static RecordUids of(String facilityId, String sha256Hex) {
        String key = facilityId + "/" + sha256Hex;
        return new RecordUids(uid(key, "study"), uid(key, "series"), uid(key, "instance"));
    }

    private static String uid(String key, String role) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256").digest((key + "/" + role).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] uuid = Arrays.copyOf(d, 16);
        uuid[6] = (byte) (uuid[6] & 0x0F | 0x80);  // version 8
        uuid[8] = (byte) (uuid[8] & 0x3F | 0x80);  // RFC variant
        return "2.25." + new BigInteger(1, uuid);
    }
}
