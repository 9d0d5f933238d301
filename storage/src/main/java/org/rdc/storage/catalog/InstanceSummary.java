package org.rdc.storage.catalog;

import java.time.Instant;

public record InstanceSummary(String sopInstanceUid, String sopClassUid, String transferSyntaxUid, Integer instanceNumber,
                              long size, String sha256, Location location, String facilityId, String sourceAeTitle,
                              Instant receivedAt, int earlierVersions) {
}
