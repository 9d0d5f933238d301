package org.rdc.reports.archive;

import java.time.Instant;

/**
 * One archived report file, as recorded in {@code report_archive_object}: where it is, what it must
 * hash to, and until when the store guarantees it cannot be deleted or overwritten.
 *
 * @param retainUntil the Object Lock retention date, or null where the store has no Object Lock
 */
public record ArchivedObject(String key, String sha256Hex, long size, String mediaType, Instant storedAt,
                             Instant retainUntil) {

    public boolean locked() {
        return retainUntil != null;
    }
}
