package org.rdc.reports.lifecycle;

import java.time.LocalDate;
import java.util.List;

/** The task and study a new report is for, as the worklist and the catalog know them. */
public record ReportSubject(long taskId, String studyInstanceUid, String facilityId, String serviceLine, boolean stat, String patientId,
                            String patientName, String patientSex, LocalDate patientBirthDate, String accessionNumber,
                            LocalDate studyDate, String studyDescription, List<String> modalities) {
}
