package org.rdc.gateway.ul;

/**
 * A PDU that cannot be accepted: unrecognized or invalid (event Evt19 of PS3.8 9.2.3). The reason is
 * the A-ABORT reason of PS3.8 Table 9-26 that the state machine answers with.
 */
public final class PduException extends Exception {

    private final int abortReason;

    public PduException(int abortReason, String message) {
        super(message);
        this.abortReason = abortReason;
    }

    public int abortReason() {
        return abortReason;
    }
}
