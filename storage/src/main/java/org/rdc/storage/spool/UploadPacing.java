package org.rdc.storage.spool;

import java.time.Duration;

/**
 * When the {@link SpoolMover} uploads: intake first. On a node with few CPUs an upload costs more
 * CPU than receiving the object did (hashing, TLS, the HTTP client, and an in-process S3 server
 * when embedded), so while devices are pushing, uploads wait and the spool absorbs the burst; the
 * spool copy is durable and readable meanwhile. An upload waits only while the spool saw a write
 * within {@code quiet}, for at most {@code maxDelay} after the object was committed, and not at
 * all once more than {@code maxDeferredBytes} are waiting, so a node that never goes quiet still
 * uploads and the spool cannot fill up behind a busy gateway.
 *
 * @param quiet            how long the spool must have seen no write before uploads run
 * @param maxDelay         the longest an object waits for a quiet spool; zero uploads at once
 * @param maxDeferredBytes past this many bytes waiting in the spool, uploads run regardless
 */
public record UploadPacing(Duration quiet, Duration maxDelay, long maxDeferredBytes) {

    /** Every object is uploaded as soon as a mover thread is free. */
    public static final UploadPacing AT_ONCE = new UploadPacing(Duration.ZERO, Duration.ZERO, 0);

    public static final Duration DEFAULT_QUIET = Duration.ofMillis(250);

    public UploadPacing {
        if (quiet.isNegative() || maxDelay.isNegative() || maxDeferredBytes < 0) {
            throw new IllegalArgumentException("upload pacing cannot be negative: quiet " + quiet + ", max delay " + maxDelay
                    + ", max deferred bytes " + maxDeferredBytes);
        }
    }

    /** Intake first with the default quiet period. */
    public static UploadPacing intakeFirst(Duration maxDelay, long maxDeferredBytes) {
        return new UploadPacing(DEFAULT_QUIET, maxDelay, maxDeferredBytes);
    }

    /** How long an object committed {@code ageNanos} ago should still wait, in nanoseconds; 0 = upload now. */
    long waitNanos(long ageNanos, long sinceLastWriteNanos, long pendingBytes) {
        if (pendingBytes > maxDeferredBytes) {
            return 0;
        }
        long untilQuiet = quiet.toNanos() - sinceLastWriteNanos;
        long untilDue = maxDelay.toNanos() - ageNanos;
        return Math.max(0, Math.min(untilQuiet, untilDue));
    }
}
