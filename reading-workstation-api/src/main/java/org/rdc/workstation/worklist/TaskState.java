package org.rdc.workstation.worklist;

/**
 * After DICOM UPS (PS3.4 CC): SCHEDULED, IN_PROGRESS, COMPLETED, CANCELED; plus the centre's own
 * RETURNED_FOR_QC (sent back to the township), ESCALATED (waiting for a tertiary consultant) and
 * AWAITING_COUNTERSIGN (waiting for a senior reader).
 */
public enum TaskState {
    SCHEDULED, IN_PROGRESS, COMPLETED, CANCELED, RETURNED_FOR_QC, ESCALATED, AWAITING_COUNTERSIGN;

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELED;
    }

    /** The centre has work to do on it (what the worklist shows by default). */
    public boolean isActive() {
        return this == SCHEDULED || this == IN_PROGRESS || this == ESCALATED || this == AWAITING_COUNTERSIGN;
    }

    /** Waiting for someone to claim it. */
    public boolean isWaiting() {
        return this == SCHEDULED || this == ESCALATED || this == AWAITING_COUNTERSIGN;
    }
}
