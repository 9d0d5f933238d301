package org.rdc.reports.delivery;

import java.time.Instant;

/**
 * The state of one report version's delivery to one destination, as the report shows it.
 *
 * @param key         what makes a repeated send recognisable to the receiver: the SOP Instance UID
 *                    (DICOM), the message control id MSH-10 (HL7), the resource id (FHIR); chosen
 *                    when the delivery is enqueued, never changed
 * @param attempts    attempts made so far
 * @param lastError   why the last attempt failed (RETRYING, FAILED), else null
 * @param sentAt      when the destination confirmed it (SENT), else null
 */
public record Delivery(long id, String reportId, int version, String facilityId, Channel channel, String destination, String key,
                       State state, int attempts, String lastError, Instant createdAt, Instant updatedAt, Instant sentAt) {

    public enum State {
        /** Not tried yet. */
        PENDING,
        /** The destination confirmed it (C-STORE success, ACK AA, HTTP 200/201). */
        SENT,
        /** An attempt failed; another is due (see {@code lastError}). */
        RETRYING,
        /** Given up: no attempt is left, or the destination refused it for good. An administrator may retry the job. */
        FAILED
    }
}
