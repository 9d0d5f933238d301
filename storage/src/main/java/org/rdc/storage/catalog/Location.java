package org.rdc.storage.catalog;

/** Where an instance's bytes are right now. */
public enum Location {
    SPOOL,
    OBJECT_STORE
}
