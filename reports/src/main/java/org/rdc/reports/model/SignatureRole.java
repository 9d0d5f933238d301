package org.rdc.reports.model;

/** Which signing step produced a document of a version. */
public enum SignatureRole {
    /** the preliminary release of a STAT report (signed by its author) */
    PRELIMINARY,
    /** the author's signature (报告医师) */
    AUTHOR,
    /** the senior reader's countersignature (审核医师), an incremental update of the author's document */
    VERIFIER
}
