package org.rdc.reports.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.reports.archive.ArchivedObject;
import org.rdc.reports.archive.ReportArchive;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.model.SignatureRole;
import org.rdc.reports.pdf.ReportDocument;
import org.rdc.reports.pdf.ReportPdf;
import org.rdc.reports.signing.ReportSigner;
import org.rdc.reports.signing.SignerRole;
import org.rdc.reports.template.Choice;
import org.rdc.reports.template.FieldDefinition;
import org.rdc.reports.template.ReportTemplate;
import org.rdc.reports.verification.PrintedCode;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.AttachmentSummary;
import tools.jackson.databind.JsonNode;

/**
 * The real sign step: the version becomes a {@link ReportDocument}, is rendered to PDF/A
 * ({@link ReportPdf}), signed by the author ({@link ReportSigner}: PAdES, and SM2 where the
 * signer holds an SM2 certificate, each timestamped), and archived with its JSON
 * ({@link ReportArchive}, content-addressed). A version that waits for its verifier is rendered
 * with the 审核医师 line reserved as an unsigned signature field; the verifier signs the author's
 * archived PDF again as an incremental update that fills that field with the verifier's name and
 * time, so the countersigned page prints both signers, the author's signed bytes stay a prefix of
 * the countersigned file and both share the printed verification code.
 */
public final class PdfSignStep implements SignStep {

    private final ReportPdf renderer;
    private final ReportSigner signer;
    private final ReportArchive archive;
    private final InstanceStore store;
    private final ReportPolicy policy;
    private final Function<String, String> facilityNames;
    private final String centreName;
    private final URI verifyBase;
    private final ZoneId zone;

    /**
     * @param facilityNames the printed name of a facility by id (the registry's)
     * @param verifyBase    the public verification page, e.g. {@code https://rdc.example.cn/verify/}: the code is appended
     * @param zone          the time zone times are printed in
     */
    public PdfSignStep(ReportPdf renderer, ReportSigner signer, ReportArchive archive, InstanceStore store, ReportPolicy policy,
                       Function<String, String> facilityNames, String centreName, URI verifyBase, ZoneId zone) {
        this.renderer = renderer;
        this.signer = signer;
        this.archive = archive;
        this.store = store;
        this.policy = policy;
        this.facilityNames = facilityNames;
        this.centreName = centreName;
        this.verifyBase = verifyBase;
        this.zone = zone;
    }

    @Override
    public ArchivedDocument sign(Signing s) {
        byte[] signed;
        String code;
        if (s.role() == SignatureRole.VERIFIER && s.previous().isEmpty()) {
            // the senior's revision: no author's document of this content to add to, so one made anew, naming both
            code = PrintedCode.random();
            signed = signer.sign(renderer.render(document(s, code)), s.signer().username(), SignerRole.VERIFIER);
        } else if (s.role() == SignatureRole.VERIFIER) {
            ArchivedDocument authors = s.previous().orElseThrow();
            code = authors.verificationCode();
            ArchivedObject pdf = archive.find(authors.pdfSha256(), ReportArchive.PDF).orElseThrow(() -> new IllegalStateException(
                    "the author's PDF " + authors.pdfSha256() + " of report " + s.report().id() + " is not in the archive"));
            ReportDocument.Signer line = new ReportDocument.Signer(ReportDocument.Role.VERIFIER, printed(s.version().verifierName(),
                    s.version().verifier()), s.version().verifiedAt().atZone(zone).toOffsetDateTime());
            signed = signer.sign(archive.read(pdf), s.signer().username(), SignerRole.VERIFIER, ReportPdf.VERIFIER_FIELD,
                    (document, stream) -> renderer.drawSignerLine(document, stream, line));
        } else {
            code = PrintedCode.random();
            signed = signer.sign(renderer.render(document(s, code)), s.signer().username(), SignerRole.AUTHOR);
        }
        ArchivedObject pdf = archive.putPdf(signed);
        ArchivedObject json = archive.putJson(ReportJson.bytes(ReportJson.of(s.report(), s.version(), s.template())));
        return new ArchivedDocument(s.version().number(), s.role(), pdf.key(), pdf.sha256Hex(), pdf.size(), json.key(), json.sha256Hex(),
                code, s.signer().username(), s.at());
    }

    /** What the page shows, resolved to display text. */
    ReportDocument document(Signing s, String code) {
        Report r = s.report();
        ReportVersion v = s.version();
        ReportTemplate t = s.template();
        boolean preliminary = s.role() == SignatureRole.PRELIMINARY;
        ReportDocument.Patient patient = new ReportDocument.Patient(displayName(r.patientName()), sex(r.patientSex()),
                age(r.patientBirthDate(), r.studyDate()), r.patientBirthDate(), r.patientId() == null ? "-" : r.patientId(), null, null);
        ReportDocument.Examination exam = new ReportDocument.Examination(r.accessionNumber(),
                r.studyDescription() == null || r.studyDescription().isBlank() ? t.nameZh() : t.nameZh() + "（" + r.studyDescription() + "）",
                r.modalities().isEmpty() ? r.serviceLine() : String.join("/", r.modalities()), null,
                r.studyDate() == null ? null : r.studyDate().atStartOfDay(), null, null);
        List<ReportDocument.Section> sections = new ArrayList<>();
        sections.add(new ReportDocument.Section("检查所见", v.sections().findings()));
        sections.add(new ReportDocument.Section("诊断意见", v.sections().impression()));
        if (!v.sections().recommendation().isBlank()) {
            sections.add(new ReportDocument.Section("建议", v.sections().recommendation()));
        }
        if (v.reason() != null) {
            sections.add(0, new ReportDocument.Section(v.kind() == org.rdc.reports.model.VersionKind.ADDENDUM ? "补充说明" : "更正说明",
                    v.reason()));
        }
        List<ReportDocument.Signer> signers = new ArrayList<>();
        Instant authored = preliminary ? v.preliminaryAt() : v.signedAt();
        signers.add(new ReportDocument.Signer(ReportDocument.Role.AUTHOR, printed(v.authorName(), v.author()),
                authored.atZone(zone).toOffsetDateTime()));
        boolean revised = s.role() == SignatureRole.VERIFIER;
        if (revised) {
            // 审核修改: say so on the page, and where the reader's own signed text is
            sections.add(new ReportDocument.Section("审核修改", "本版由审核医师" + printed(v.verifierName(), v.verifier()) + "在报告医师"
                    + printed(v.authorName(), v.author()) + "签署的第 " + v.follows() + " 版基础上修改并审核。"));
            signers.add(new ReportDocument.Signer(ReportDocument.Role.VERIFIER, printed(v.verifierName(), v.verifier()),
                    v.verifiedAt().atZone(zone).toOffsetDateTime()));
        }
        ReportDocument.Critical critical = v.critical() ? new ReportDocument.Critical(policy.criticalCategories(r.serviceLine()).stream()
                .filter(c -> c.code().equals(v.criticalCategory())).map(Choice::zh).findFirst().orElse(v.criticalCategory())) : null;
        // an original that follows a returned or revised version is still the original report to the clinic: the printed
        // version line names only what a correction or addendum follows
        return new ReportDocument(centreName, new ReportDocument.Facility(facilityNames.apply(r.facilityId()), null, null),
                t.titleZh() != null ? t.titleZh() : title(r.serviceLine()),
                patient, exam, sections, fields(t, v), critical, v.sharingMark(), preliminary,
                new ReportDocument.Version(v.number(), kind(v.kind()), v.kind() == org.rdc.reports.model.VersionKind.ORIGINAL ? null : v.follows()),
                signers,
                new ReportDocument.Verification(code, verifyBase.resolve(code)), ecg(r), s.at().atZone(zone).toOffsetDateTime(),
                String.valueOf(r.id()), !preliminary && !revised && v.requiresVerification());
    }

    private static String printed(String name, String username) {
        return name == null ? username : name;
    }

    private static List<ReportDocument.Field> fields(ReportTemplate t, ReportVersion v) {
        List<ReportDocument.Field> out = new ArrayList<>();
        for (FieldDefinition f : t.fields()) {
            JsonNode value = v.fields().get(f.key());
            if (value == null || value.isNull()) {
                continue;
            }
            String text = switch (f.type()) {
                case CHOICE -> label(f, value.asString());
                case MULTI_CHOICE -> String.join("、", streamOf(value).stream().map(c -> label(f, c)).toList());
                case BOOLEAN -> value.asBoolean() ? "是" : "否";
                // one line an item, each ended, so even one item is a list the PDF prints under its label (ReportPdf),
                // e.g. a Holter report's hourly table
                case TEXT_LIST -> streamOf(value).stream().map(i -> i + "\n").collect(java.util.stream.Collectors.joining());
                case NUMBER -> value.isIntegralNumber() || value.asDouble() == Math.rint(value.asDouble())
                        ? Long.toString(Math.round(value.asDouble())) : value.asString();
                case TEXT -> value.asString();
            };
            if (!text.isBlank()) {
                out.add(new ReportDocument.Field(f.nameZh(), text, f.unit()));
            }
        }
        return out;
    }

    private static List<String> streamOf(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static String label(FieldDefinition f, String code) {
        return f.choices().stream().filter(c -> c.code().equals(code)).map(Choice::zh).findFirst().orElse(code);
    }

    /**
     * The ECG's 12-lead rendering the intake stored with the study (newest), for ECG reports; for a Holter study, which
     * has none, its representative strips ({@link HolterStrips}).
     */
    private ReportDocument.EcgImage ecg(Report r) {
        if (!"ECG".equals(r.serviceLine())) {
            return null;
        }
        Optional<AttachmentSummary> render = store.catalog().attachments(r.studyInstanceUid(), EcgIntake.RENDER).stream()
                .max(Comparator.comparing(AttachmentSummary::createdAt));
        if (render.isEmpty()) {
            return HolterStrips.of(store, r.studyInstanceUid()).orElse(null);
        }
        try (InputStream in = store.openAttachment(r.studyInstanceUid(), EcgIntake.RENDER, render.get().sha256())) {
            return new ReportDocument.EcgImage(in.readAllBytes(), "12 导联心电图  25 mm/s  10 mm/mV");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ECG rendering of " + r.studyInstanceUid(), e);
        }
    }

    private static String title(String serviceLine) {
        return switch (serviceLine) {
            case "ULTRASOUND" -> "彩色多普勒超声检查报告单";
            case "ECG" -> "心电图检查报告单";
            default -> "放射检查报告单";
        };
    }

    private static ReportDocument.VersionKind kind(org.rdc.reports.model.VersionKind k) {
        return switch (k) {
            case ORIGINAL -> ReportDocument.VersionKind.ORIGINAL;
            case CORRECTION -> ReportDocument.VersionKind.CORRECTED;
            case ADDENDUM -> ReportDocument.VersionKind.ADDENDUM;
        };
    }

    private static ReportDocument.Sex sex(String s) {
        return switch (s == null ? "" : s.trim().toUpperCase(Locale.ROOT)) {
            case "M" -> ReportDocument.Sex.MALE;
            case "F" -> ReportDocument.Sex.FEMALE;
            case "O" -> ReportDocument.Sex.OTHER;
            default -> ReportDocument.Sex.UNKNOWN;
        };
    }

    /** A DICOM person name (PS3.5 §6.2.1) as printed: the ideographic group when there is one, components joined. */
    static String displayName(String pn) {
        if (pn == null || pn.isBlank()) {
            return "-";
        }
        String[] groups = pn.split("=", -1);
        String g = groups.length > 1 && !groups[1].isBlank() ? groups[1] : groups[0];
        boolean cjk = g.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        return String.join(cjk ? "" : " ", java.util.Arrays.stream(g.split("\\^")).filter(p -> !p.isBlank()).toList());
    }

    private static String age(LocalDate birth, LocalDate at) {
        if (birth == null || at == null || at.isBefore(birth)) {
            return null;
        }
        Period p = Period.between(birth, at);
        return p.getYears() >= 1 ? p.getYears() + "岁" : p.getMonths() >= 1 ? p.getMonths() + "月" : p.getDays() + "天";
    }
}
