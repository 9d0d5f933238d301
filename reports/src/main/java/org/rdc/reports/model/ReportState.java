package org.rdc.reports.model;

/**
 * The state of one report version. DRAFT and PRELIMINARY are still edited by their author, REVISING
 * by the senior reader revising it; from SIGNED on the content never changes (a correction or
 * addendum is a new version).
 */
public enum ReportState {
    /** being written, saved as the reader types */
    DRAFT,
    /** released at once for a STAT study, printed "初步报告，以正式报告为准"; still to be signed */
    PRELIMINARY,
    /** signed by its author (报告医师); waiting for a senior reader where policy requires one */
    SIGNED,
    /**
     * a senior reader's revision (审核修改) of a version that waited for countersignature: the next
     * version, still the reader's report (its author), edited by that senior (its {@code verifier}
     * from the start) as a DRAFT is edited, and countersigned by them straight to VERIFIED; the
     * reader's signed version it follows stays as signed
     */
    REVISING,
    /** countersigned by a senior reader (审核医师) */
    VERIFIED,
    /** released to the facility; the current version until a later one is FINAL */
    FINAL;

    public boolean editable() {
        return this == DRAFT || this == PRELIMINARY || this == REVISING;
    }

    /** Carries the author's signature. */
    public boolean signed() {
        return this == SIGNED || this == VERIFIED || this == FINAL;
    }
}
