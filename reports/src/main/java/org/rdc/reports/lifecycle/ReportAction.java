package org.rdc.reports.lifecycle;

/** What can be done to a report version; {@link ReportTransitions} says in which state each is allowed. */
public enum ReportAction {
    /** autosave of the content */
    SAVE,
    /** release a STAT report at once as preliminary */
    RELEASE_PRELIMINARY,
    /** the author signs */
    SIGN,
    /** a senior reader countersigns (a SIGNED version, or the REVISING one they revised) */
    VERIFY,
    /** release to the facility: the version becomes FINAL and current */
    FINALIZE,
    /** start a correction or addendum: a new version following this FINAL one */
    AMEND,
    /** a senior reader returns a version waiting for countersignature: the next version is the reader's to change */
    RETURN,
    /**
     * a senior reader revises a version waiting for countersignature themselves (审核修改): it stays as
     * signed, the reader's own text; the next version, REVISING, is the senior's to change and countersign
     */
    REVISE
}
