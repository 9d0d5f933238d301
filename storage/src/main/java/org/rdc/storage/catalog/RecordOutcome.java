package org.rdc.storage.catalog;

/** What recording an instance did to the catalog. */
public enum RecordOutcome {
    /** First time this SOP Instance UID was seen. */
    NEW,
    /** Same SOP Instance UID with identical bytes: nothing changed. */
    DUPLICATE,
    /** Same SOP Instance UID with different bytes: the new version is current, the old one kept. */
    NEW_VERSION
}
