package org.rdc.reports.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A report: of one reading task and its study, and so of the study's facility. Patient and
 * examination are as the printed report shows them. {@code currentVersion} is the newest FINAL
 * version (null until one is); {@code latestVersion} the newest of any state.
 */
public record Report(long id, long taskId, String studyInstanceUid, String facilityId, String serviceLine, String patientId,
                     String patientName, String patientSex, LocalDate patientBirthDate, String accessionNumber, LocalDate studyDate,
                     String studyDescription, List<String> modalities, boolean stat, Integer currentVersion, int latestVersion,
                     Instant createdAt, Instant updatedAt) {

    public Report {
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
    }
}
