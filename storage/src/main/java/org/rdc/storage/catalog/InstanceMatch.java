package org.rdc.storage.catalog;

/** An instance found by a DICOM search, in its series; {@code transferSyntaxUid} is the one it is stored in. */
public record InstanceMatch(SeriesMatch series, String sopInstanceUid, String sopClassUid, String transferSyntaxUid,
                            Integer instanceNumber) {
}
