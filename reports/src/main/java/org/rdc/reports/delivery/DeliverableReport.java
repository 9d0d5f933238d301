package org.rdc.reports.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;
import org.rdc.dicom.uid.Uids;

/**
 * One signed report version as it goes back to the facility: what every delivery channel (DICOM
 * Encapsulated PDF, HL7 v2 ORU^R01, FHIR DiagnosticReport) needs, fixed at the moment of signing.
 * The signed PDF itself stays in the report archive; this names it by key and SHA-256, and every
 * channel checks the bytes it sends against that digest, so what the facility receives is
 * byte-identical to what was signed.
 *
 * @param reportId         the report (stable across its versions; also its FHIR id, so [A-Za-z0-9.-]{1,64})
 * @param version          1, 2, ...: a correction or addendum is a new version
 * @param status           what this version is (FHIR DiagnosticReport.status, HL7 OBR-25)
 * @param facilityId       the facility the study came from, where the report goes back to
 * @param studyInstanceUid the study reported on
 * @param accessionNumber  the facility's accession number, or null
 * @param patient          the patient as the study names them
 * @param examination      what was examined, e.g. "胸部正位 DR" (the template's name)
 * @param serviceLine      RADIOLOGY, ULTRASOUND, ECG
 * @param findings         检查所见
 * @param impression       诊断意见 (FHIR conclusion)
 * @param recommendation   建议, or null
 * @param critical         the critical-result flag (危急值)
 * @param author           报告医师: who signed first
 * @param verifier         审核医师, or null where no countersignature was required
 * @param examinedAt       when the examination was made (the study date and time), or null
 * @param signedAt         when this version was signed (its last signature)
 * @param pdfKey           the signed PDF's key in the report archive
 * @param pdfSha256        its SHA-256, lower-case hex
 */
public record DeliverableReport(String reportId, int version, Status status, String facilityId, String studyInstanceUid,
                                String accessionNumber, Patient patient, String examination, String serviceLine,
                                String findings, String impression, String recommendation, boolean critical,
                                Person author, Person verifier, Instant examinedAt, Instant signedAt, String pdfKey,
                                String pdfSha256) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The version's place in the report's life (FHIR R4 DiagnosticReport.status; HL7 v2 OBR-25 result status). */
    public enum Status {
        /** 初步报告 (STAT), followed by a signed one. */
        PRELIMINARY("preliminary", "P"),
        FINAL("final", "F"),
        /** An addendum: a later version adds to the report. */
        AMENDED("amended", "C"),
        /** A correction: a later version replaces a wrong one. */
        CORRECTED("corrected", "C");

        private final String fhir;
        private final String hl7;

        Status(String fhir, String hl7) {
            this.fhir = fhir;
            this.hl7 = hl7;
        }

        /** The FHIR R4 DiagnosticReport.status code. */
        public String fhir() {
            return fhir;
        }

        /** HL7 v2.5.1 table 0123 (result status): P, F, C. */
        public String hl7() {
            return hl7;
        }
    }

    /**
     * @param id        the facility's Patient ID
     * @param name      the name as the study has it (e.g. 张三, or a DICOM PN such as Zhang^San)
     * @param sex       M, F, O, or null
     * @param birthDate or null
     */
    public record Patient(String id, String name, String sex, LocalDate birthDate) {
        public Patient {
            Objects.requireNonNull(id, "patient id");
        }
    }

    /** A signer: the user name (stable) and the name printed on the report. */
    public record Person(String username, String name) {
        public Person {
            Objects.requireNonNull(username, "username");
            name = name == null || name.isBlank() ? username : name;
        }
    }

    public DeliverableReport {
        if (reportId == null || !ID.matcher(reportId).matches()) {
            throw new IllegalArgumentException("report id '" + reportId + "' must be 1-64 letters, digits, '.', '-' (it is also the FHIR resource id)");
        }
        if (version < 1) {
            throw new IllegalArgumentException("report " + reportId + ": version " + version + " is not 1 or more");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(facilityId, "facilityId");
        if (!Uids.isValid(studyInstanceUid)) {
            throw new IllegalArgumentException("report " + reportId + ": Study Instance UID '" + studyInstanceUid + "' is not a valid UID");
        }
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(pdfKey, "pdfKey");
        if (pdfSha256 == null || !SHA256.matcher(pdfSha256).matches()) {
            throw new IllegalArgumentException("report " + reportId + ": the PDF's SHA-256 '" + pdfSha256 + "' is not 64 lower-case hex digits");
        }
    }

    /** When the examination was made, or failing that when the report was signed (FHIR DiagnosticReport.effective). */
    public Instant effectiveAt() {
        return examinedAt != null ? examinedAt : signedAt;
    }

    /** The report version as one name: {@code reportId/version}. */
    public String versionId() {
        return reportId + "/" + version;
    }
}
