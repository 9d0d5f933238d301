package org.rdc.reports.delivery;

/** Sends one delivery over one channel; returns only once the destination has confirmed it. */
interface ChannelSender {

    /**
     * @throws RefusedForGood when the destination refused it in a way no retry mends (the delivery is FAILED at once)
     * @throws Exception      any other failure: the attempt is retried
     */
    void send(Attempt attempt) throws Exception;

    /** The destination refused the report in a way that sending it again cannot change. */
    final class RefusedForGood extends Exception {
        RefusedForGood(String message) {
            super(message);
        }
    }
}
