package org.rdc.storage.catalog;

/** A series found by a DICOM search, in its study, with its Number of Series Related Instances. */
public record SeriesMatch(StudyMatch study, String seriesInstanceUid, String modality, String bodyPartExamined,
                          Integer seriesNumber, String seriesDescription, int instanceCount) {
}
