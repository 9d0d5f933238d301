package org.rdc.storage.spool;

import java.time.Instant;
import java.util.UUID;

/**
 * A spool entry the {@link SpoolMover} stopped uploading because no retry could succeed: the spool
 * keeps its bytes (reads are served from there), nothing retries it until an administrator asks.
 *
 * @param id       the spool entry
 * @param attempts uploads tried before giving up
 */
public record DeadLetter(UUID id, String key, long size, String reason, Instant firstFailure, Instant lastFailure,
                         int attempts) {
}
