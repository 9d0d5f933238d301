package org.rdc.storage;

import org.rdc.storage.catalog.RecordOutcome;

/** The receipt for one stored instance. */
public record StoredInstance(String sopInstanceUid, String objectKey, long size, String sha256, RecordOutcome outcome) {
}
