package org.rdc.reports.pdf;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * Everything a printed report shows, already resolved to display text: {@link ReportPdf} lays it out
 * and decides nothing. The report lifecycle builds one value per signed (or preliminary) version.
 * Optional parts are {@code null}; lists are never null (empty when there is nothing).
 *
 * @param centreName   the reading centre that wrote the report (e.g. "XX县远程影像诊断中心")
 * @param facility     the facility whose patient this is; its name heads the page
 * @param title        the report's title from its template (e.g. "DR检查报告单")
 * @param patient      the patient block
 * @param examination  the examination block
 * @param sections     检查所见 / 诊断意见 / 建议 ..., printed in this order
 * @param fields       the template's structured fields, printed as a table before the sections
 * @param critical     the critical result (危急值), or null when the report is not critical
 * @param sharingMark  the result-sharing (互认) label the facility's policy prints, e.g. "HR", or null
 * @param preliminary  a preliminary report: printed with "初步报告，以正式报告为准"
 * @param version      which version of the report this is
 * @param signers      报告医师 / 审核医师 lines, in signing order (empty on an unsigned preliminary)
 * @param verification the short code and URL the QR code leads to
 * @param ecg          the 12-lead rendering for ECG reports, or null
 * @param reportTime   when this version was released or signed: printed as 报告时间, and the PDF's
 *                     creation date (so rendering the same value twice gives the same bytes)
 * @param reportId     a stable identifier of the report (all versions), written to the PDF's metadata, or null
 * @param verifierPending the version waits for its verifier (审核医师): the line below the author's is left
 *                     blank as an unsigned signature field that the verifier's signature fills (see
 *                     {@link ReportPdf#VERIFIER_FIELD})
 */
public record ReportDocument(
        String centreName,
        Facility facility,
        String title,
        Patient patient,
        Examination examination,
        List<Section> sections,
        List<Field> fields,
        Critical critical,
        String sharingMark,
        boolean preliminary,
        Version version,
        List<Signer> signers,
        Verification verification,
        EcgImage ecg,
        OffsetDateTime reportTime,
        String reportId,
        boolean verifierPending) {

    public static final String PRELIMINARY_NOTICE = "初步报告，以正式报告为准";

    public ReportDocument {
        Objects.requireNonNull(centreName, "centreName");
        Objects.requireNonNull(facility, "facility");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(examination, "examination");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(reportTime, "reportTime");
        sections = List.copyOf(sections);
        fields = List.copyOf(fields);
        signers = List.copyOf(signers);
        if (verifierPending && signers.stream().anyMatch(s -> s.role() == Role.VERIFIER)) {
            throw new IllegalArgumentException("a verifier who signed is not pending");
        }
    }

    /** A document whose signer lines are complete (no verifier pending). */
    public ReportDocument(String centreName, Facility facility, String title, Patient patient, Examination examination,
                          List<Section> sections, List<Field> fields, Critical critical, String sharingMark, boolean preliminary,
                          Version version, List<Signer> signers, Verification verification, EcgImage ecg,
                          OffsetDateTime reportTime, String reportId) {
        this(centreName, facility, title, patient, examination, sections, fields, critical, sharingMark, preliminary, version,
                signers, verification, ecg, reportTime, reportId, false);
    }

    /** The facility's header: name, and address / phone when known. */
    public record Facility(String name, String address, String phone) {
        public Facility {
            Objects.requireNonNull(name, "facility name");
        }
    }

    public enum Sex {
        MALE("男"), FEMALE("女"), OTHER("其他"), UNKNOWN("未知");

        private final String zh;

        Sex(String zh) {
            this.zh = zh;
        }

        public String zh() {
            return zh;
        }
    }

    /**
     * @param age          as printed, e.g. "45岁", "8月" (the lifecycle computes it at the study date), or null
     * @param outpatientNo 门诊号, or null
     * @param inpatientNo  住院号, or null
     */
    public record Patient(String name, Sex sex, String age, LocalDate birthDate, String patientId,
                          String outpatientNo, String inpatientNo) {
        public Patient {
            Objects.requireNonNull(name, "patient name");
            Objects.requireNonNull(sex, "sex");
            Objects.requireNonNull(patientId, "patientId");
        }
    }

    /**
     * @param studyDateTime the study's date and time as recorded at the facility (DICOM local time)
     * @param requestingFacility 申请科室/单位, or null
     * @param requestingDoctor   申请医师, or null
     */
    public record Examination(String accessionNumber, String name, String modality, String bodyPart,
                              LocalDateTime studyDateTime, String requestingFacility, String requestingDoctor) {
        public Examination {
            Objects.requireNonNull(name, "examination name");
            Objects.requireNonNull(modality, "modality");
        }
    }

    /** A titled block of free text; line breaks in {@code text} are kept. */
    public record Section(String title, String text) {
        public Section {
            Objects.requireNonNull(title, "section title");
            Objects.requireNonNull(text, "section text");
        }
    }

    /** A structured field as printed; {@code unit} may be null. A value with line breaks is a list, one item a line (each
     * ended by one, so a list of one item too), printed under its label. */
    public record Field(String label, String value, String unit) {
        public Field {
            Objects.requireNonNull(label, "field label");
            Objects.requireNonNull(value, "field value");
        }
    }

    /** The critical-result flag; {@code category} is the line's category as printed, e.g. "急性心肌梗死". */
    public record Critical(String category) {
        public Critical {
            Objects.requireNonNull(category, "critical category");
        }
    }

    public enum VersionKind {
        /** The first signed version. */
        ORIGINAL,
        /** Replaces the version it names (更正报告). */
        CORRECTED,
        /** Adds to the version it names (补充报告). */
        ADDENDUM
    }

    /** @param follows the version number this one corrects or adds to; null for the original */
    public record Version(int number, VersionKind kind, Integer follows) {
        public Version {
            Objects.requireNonNull(kind, "version kind");
            if (number < 1) {
                throw new IllegalArgumentException("version numbers start at 1");
            }
            if ((kind == VersionKind.ORIGINAL) != (follows == null)) {
                throw new IllegalArgumentException("a correction or addendum names the version it follows, an original none");
            }
        }
    }

    public enum Role {
        AUTHOR("报告医师"), VERIFIER("审核医师");

        private final String zh;

        Role(String zh) {
            this.zh = zh;
        }

        public String zh() {
            return zh;
        }
    }

    /** One signer line; {@code time} is printed in its own offset. */
    public record Signer(Role role, String displayName, OffsetDateTime time) {
        public Signer {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(time, "time");
        }
    }

    /** The short code printed under the QR code, and the verification page's URL the QR code holds. */
    public record Verification(String shortCode, URI url) {
        public Verification {
            Objects.requireNonNull(shortCode, "shortCode");
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * The ECG's 12-lead page as ecg-ingest's {@code org.rdc.ecg.render.EcgRenderer} draws it (a PNG,
     * it has no vector form), printed across the page width at its aspect ratio.
     */
    public record EcgImage(byte[] png, String caption) {
        public EcgImage {
            Objects.requireNonNull(png, "png");
        }
    }
}
