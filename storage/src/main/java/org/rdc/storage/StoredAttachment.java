package org.rdc.storage;

/** The receipt for one stored attachment; {@code added} is false when the study already had these bytes. */
public record StoredAttachment(String studyInstanceUid, String kind, String objectKey, long size, String sha256, boolean added) {
}
