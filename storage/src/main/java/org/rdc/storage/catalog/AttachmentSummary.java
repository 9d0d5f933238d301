package org.rdc.storage.catalog;

import java.time.Instant;

public record AttachmentSummary(String studyInstanceUid, String kind, String name, String contentType, long size,
                                String sha256, Location location, String facilityId, Instant createdAt) {

    public StoredObject object(String objectKey) {
        return new StoredObject(objectKey, size, sha256, location);
    }
}
