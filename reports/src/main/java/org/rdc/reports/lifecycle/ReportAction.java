package org.rdc.reports.lifecycle;

/** What can be done to a report version; {@link ReportTransitions} says in which state each is allowed. */
public enum ReportAction {
    /** autosave of the content */
    SAVE,
    /** release a STAT report at once as preliminary */
    RELEASE_PRELIMINARY,
    /** the author signs */
    SIGN,
    /** a senior reader countersigns */
    VERIFY,
    /** release to the facility: the version becomes FINAL and current */
    FINALIZE,
    /** start a correction or addendum: a new version following this FINAL one */
    AMEND,
    /** a senior reader returns a version waiting for countersignature: the next version is the reader's to change */
    RETURN
}
