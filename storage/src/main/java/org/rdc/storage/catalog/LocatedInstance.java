package org.rdc.storage.catalog;

/**
 * An instance with where its current version's bytes are, as one catalog row: what a retrieval needs to
 * send it without asking the catalog again.
 */
public record LocatedInstance(String seriesInstanceUid, String sopInstanceUid, String sopClassUid, String transferSyntaxUid,
                              Integer instanceNumber, StoredObject object) {
}
