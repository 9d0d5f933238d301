package org.rdc.reports.critical;

import java.time.Instant;
import java.util.List;

/**
 * A critical value (危急值) announced to a facility and the closed loop around it: raised, sent over
 * each channel, escalated when nobody acknowledged it by its deadline, acknowledged by a named person
 * of the facility. Each step is kept with its time in {@link #steps}.
 *
 * @param sourceKey          what raised it, unique per source: {@code report/{id}/v{n}} or {@code ecg/{studyUid}}
 * @param category           the report's critical category, or the ECG's flag codes
 * @param summary            what the facility reads (the report's impression, the ECG analysis' flags in Chinese and English)
 * @param reportId           the report, for {@link Source#REPORT}
 * @param reportVersion      its version number, for {@link Source#REPORT}
 * @param late               not acknowledged by the deadline (still open, or acknowledged after it)
 * @param escalationContact  the facility's second contact as configured now (shown once it is late), or null
 */
public record CriticalNotification(long id, Source source, String sourceKey, String facilityId, String studyInstanceUid, String patientId,
                                   String patientName, String serviceLine, String category, String summary, Long reportId,
                                   Integer reportVersion, State state, Instant raisedAt, Instant deadlineAt, boolean late,
                                   Instant escalatedAt, Acknowledgement acknowledgement, Contact escalationContact, List<Step> steps,
                                   List<Dispatch> dispatches) {

    public enum Source {
        /** A released report version with its critical flag set. */
        REPORT,
        /** An ECG whose automatic analysis met a critical criterion. */
        ECG
    }

    public enum State {
        /** Waiting for the facility to acknowledge it, within its deadline. */
        OPEN,
        /** Not acknowledged by its deadline: escalated. */
        LATE,
        ACKNOWLEDGED
    }

    /** How a step reached (or tried to reach) the facility or the centre. */
    public enum Channel {
        /** {@code /api/critical-values}: the facility's users and the centre's readers. */
        API,
        /** HL7 v2.5.1 ORU^R01 over MLLP. */
        HL7,
        /** An HTTP POST signed with HMAC-SHA256. */
        WEBHOOK
    }

    public enum StepKind { RAISED, SENT, FAILED, ESCALATED, ACKNOWLEDGED }

    /** One step of the loop; {@code actor} is the user who acted (acknowledged), else null. */
    public record Step(Instant at, StepKind kind, Channel channel, String target, String actor, String detail) {
    }

    /** Who acknowledged it: the signed-in user, their name, and whom they informed. */
    public record Acknowledgement(Instant at, String username, String name, String informedClinician, String note) {
    }

    /** A person to call. */
    public record Contact(String name, String phone) {
    }

    /** Why a message went out: the first announcement, or the escalation after the deadline. */
    public enum Purpose { NOTIFY, ESCALATE }

    public enum DispatchState { PENDING, RETRYING, SENT, FAILED }

    /** One message over one channel to one target, worked off from the outbox. */
    public record Dispatch(long id, Purpose purpose, Channel channel, String target, DispatchState state, int attempts, String lastError,
                           Instant sentAt) {
    }
}
