package org.rdc.gateway.ul;

import java.time.Duration;

/**
 * Upper Layer limits of one side of an association. Everything a peer sends is bounded by these.
 *
 * @param maxPduLength       the maximum P-DATA-TF length we announce and accept (PS3.8 D.1); larger PDUs abort
 * @param maxSendPduLength   cap on the PDUs we send, whatever the peer announces (0 there means unlimited)
 * @param maxAssociatePdu    the largest A-ASSOCIATE-RQ/AC we read
 * @param artimTimeout       ARTIM timer (PS3.8 9.1.5): waiting for A-ASSOCIATE-RQ after connect, and for close after release/abort
 * @param idleTimeout        an established association with no PDU for this long is aborted (our A-ABORT)
 * @param inboundHighWater   bytes of received PDVs waiting for the DIMSE worker above which reading stops (autoRead off)
 * @param inboundLowWater    ... and below which it resumes
 */
public record UlSettings(long maxPduLength, long maxSendPduLength, int maxAssociatePdu, Duration artimTimeout,
                         Duration idleTimeout, long inboundHighWater, long inboundLowWater) {

    public static UlSettings defaults() {
        return new UlSettings(256 * 1024, 256 * 1024, 64 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(120),
                2L * 1024 * 1024, 512 * 1024);
    }

    public UlSettings withArtimTimeout(Duration d) {
        return new UlSettings(maxPduLength, maxSendPduLength, maxAssociatePdu, d, idleTimeout, inboundHighWater, inboundLowWater);
    }

    public UlSettings withIdleTimeout(Duration d) {
        return new UlSettings(maxPduLength, maxSendPduLength, maxAssociatePdu, artimTimeout, d, inboundHighWater, inboundLowWater);
    }

    public UlSettings withMaxPduLength(long max) {
        return new UlSettings(max, maxSendPduLength, maxAssociatePdu, artimTimeout, idleTimeout, inboundHighWater, inboundLowWater);
    }
}
