package org.rdc.dicom.dictionary;

/** One row of the PS3.6 Annex A UID registry. */
public record UidEntry(String uid, String keyword, String name, String type, boolean retired) {
}
