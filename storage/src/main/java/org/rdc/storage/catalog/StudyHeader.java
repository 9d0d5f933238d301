package org.rdc.storage.catalog;

import java.time.LocalDate;

/**
 * What a list row shows of a study: its patient and examination, without counts. {@code patientId}
 * and {@code issuerOfPatientId} are null when the study came without them.
 */
public record StudyHeader(String studyInstanceUid, String facilityId, String patientId, String issuerOfPatientId,
                          String patientName, String patientSex, LocalDate patientBirthDate, String accessionNumber,
                          LocalDate studyDate, String studyDescription) {
}
