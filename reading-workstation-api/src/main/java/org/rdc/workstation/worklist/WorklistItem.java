package org.rdc.workstation.worklist;

import java.time.LocalDate;

/** A worklist row: the task with what a reader needs to pick it (patient, examination). */
public record WorklistItem(Task task, String patientId, String patientName, String patientSex, LocalDate patientBirthDate,
                           String accessionNumber, LocalDate studyDate, String studyDescription) {
}
