package org.rdc.workstation.worklist;

import java.time.LocalDate;

/**
 * A worklist row: the task with what a reader needs to pick it (patient, examination), and the study's
 * DICOMweb thumbnail (PS3.18 §10.4.1.1.5), relative to the server root.
 */
public record WorklistItem(Task task, String patientId, String patientName, String patientSex, LocalDate patientBirthDate,
                           String accessionNumber, LocalDate studyDate, String studyDescription, String thumbnailUrl) {

    public static String thumbnailUrl(String studyInstanceUid) {
        return "/dicomweb/studies/" + studyInstanceUid + "/thumbnail";
    }
}
