package org.rdc.storage.catalog;

import java.time.Instant;

/**
 * When a study's instances arrived and whether its sender said it is complete
 * ({@link Catalog#markReady}), with the sender's priority marking: what the worklist routes on.
 */
public record StudyArrival(String studyInstanceUid, String facilityId, Instant firstReceivedAt, Instant lastReceivedAt,
                           Instant readyRequestedAt, String readyReason, String requestedPriority) {
}
