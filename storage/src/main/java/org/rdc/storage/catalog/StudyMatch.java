package org.rdc.storage.catalog;

import java.time.LocalDate;
import java.util.List;

/**
 * A study found by a DICOM search, with what PS3.18 Table 10.6.3-3 returns for it: its patient, its
 * examination, and the computed Modalities in Study (sorted), Number of Study Related Series and
 * Instances. {@code patientId} and {@code issuerOfPatientId} are null when the study came without them.
 */
public record StudyMatch(String studyInstanceUid, String patientId, String issuerOfPatientId, String patientName,
                         String patientSex, LocalDate patientBirthDate, String accessionNumber, LocalDate studyDate,
                         String studyTime, String studyDescription, String facilityId, List<String> modalitiesInStudy,
                         int seriesCount, int instanceCount) {
}
