package org.rdc.reports.delivery;

/** How a report goes back to a facility. */
public enum Channel {
    /** DICOM Encapsulated PDF (PS3.3 A.45.1) in the study, by C-STORE to the facility's report AE. */
    DICOM,
    /** HL7 v2.5.1 ORU^R01 over MLLP, the PDF as an ED attachment; the ACK decides. */
    HL7,
    /** FHIR R4 DiagnosticReport PUT to the facility's FHIR server (every report is also readable at /fhir). */
    FHIR
}
