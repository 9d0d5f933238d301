package org.rdc.workstation.verification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.rdc.reports.lifecycle.Reports;
import org.rdc.reports.model.Report;
import org.rdc.reports.verification.DocumentCheck;
import org.rdc.reports.verification.IssuedDocument;
import org.rdc.reports.verification.PrintedCode;
import org.rdc.reports.verification.ReportVerification;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.audit.AccessAuditFilter;
import org.rdc.workstation.report.ReportAccess;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Issue 16 point 5: is this paper or file one of the centre's reports, unchanged, and current?
 *
 * <p>{@code GET /verify/{code}} is public (the QR code on the paper leads here): it shows only what
 * the paper shows — signers and roles, signing and timestamp times, the document's SHA-256, its
 * version and whether a later one replaced it — never patient data. An unknown or malformed code is
 * 404 with nothing that tells whether anything exists; lookups are limited per client address.
 *
 * <p>{@code POST /api/reports/verify} (signed in) checks an uploaded PDF against the issued
 * documents. A caller who may not see the report the PDF is (another facility's) gets the answer for
 * a PDF that is not ours, with the signatures as the PDF carries them: no report id, no version
 * information, nothing the file does not already say.
 */
@RestController
@Tag(name = "verification", description = "Report verification: the public page of a printed code, and the check of an uploaded PDF")
public class VerificationController {

    private static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);

    private final ReportVerification verification;
    private final ReportAccess access;
    private final Reports reports;
    private final Callers callers;
    private final VerificationSettings settings;
    private final LookupLimit limit;
    private final VerifyPage page;

    public VerificationController(ReportVerification verification, ReportAccess access, Reports reports, Callers callers,
                                  VerificationSettings settings, Clock clock) {
        this.verification = verification;
        this.access = access;
        this.reports = reports;
        this.callers = callers;
        this.settings = settings;
        this.limit = new LookupLimit(settings.lookupsPerMinute(), clock);
        this.page = new VerifyPage(settings.zone());
    }

    @Operation(summary = "Public: the verification of a printed code (HTML for browsers, zh-CN then English; JSON otherwise)")
    @io.swagger.v3.oas.annotations.security.SecurityRequirements  // none: no sign-in, unlike ApiDescription's default
    @GetMapping("/verify/{code}")
    public ResponseEntity<?> lookup(@PathVariable String code, HttpServletRequest request) {
        boolean html = wantsHtml(request.getHeader("Accept"));
        if (!limit.allow(request.getRemoteAddr())) {
            if (html) {
                return publicAnswer(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "60").contentType(HTML).body(page.tooMany());
            }
            throw new WorkstationException(WorkstationException.Kind.TOO_MANY_REQUESTS, "verification-rate-limited",
                    "too many verification lookups from this address; try again in a minute");
        }
        Optional<String> printed = PrintedCode.normalized(code);
        Optional<DocumentCheck> check = printed.flatMap(verification::byCode);
        if (check.isEmpty()) {
            if (html) {
                return publicAnswer(HttpStatus.NOT_FOUND).contentType(HTML).body(page.notFound());
            }
            throw new WorkstationException(WorkstationException.Kind.NOT_FOUND, "verification-code-unknown",
                    "no report has this verification code");
        }
        VerificationView.Public view = VerificationView.Public.of(printed.get(), check.get());
        return html ? publicAnswer(HttpStatus.OK).contentType(HTML).body(page.found(view))
                : publicAnswer(HttpStatus.OK).contentType(MediaType.APPLICATION_JSON).body(view);
    }

    @Operation(summary = "Check an uploaded signed PDF (body application/pdf): ours, unchanged, which version, current")
    @PostMapping(value = "/api/reports/verify", consumes = "application/pdf")
    public VerificationView.Upload upload(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > settings.maxUploadBytes()) {
            throw tooLarge(declared);
        }
        byte[] pdf;
        try (InputStream in = request.getInputStream()) {
            pdf = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxUploadBytes() + 1));
        }
        if (pdf.length > settings.maxUploadBytes()) {
            throw tooLarge(-1);
        }
        return check(pdf, request);
    }

    @Operation(summary = "Check an uploaded signed PDF (multipart/form-data, part 'file')")
    @PostMapping(value = "/api/reports/verify", consumes = "multipart/form-data")
    public VerificationView.Upload uploadForm(@RequestParam("file") MultipartFile file, HttpServletRequest request) throws IOException {
        if (file.getSize() > settings.maxUploadBytes()) {
            throw tooLarge(file.getSize());
        }
        return check(file.getBytes(), request);
    }

    private VerificationView.Upload check(byte[] pdf, HttpServletRequest request) {
        if (pdf.length == 0) {
            throw WorkstationException.invalidCode("not-a-pdf", "the body is empty: send the PDF (application/pdf) or a form part 'file'");
        }
        DocumentCheck check = verification.check(pdf);
        if (check.outcome() == DocumentCheck.Outcome.NOT_A_PDF) {
            throw WorkstationException.invalidCode("not-a-pdf", "the upload is not a readable PDF");
        }
        Caller caller = callers.current();
        Optional<IssuedDocument> issued = check.issued();
        Optional<Report> report = issued.flatMap(d -> reports.store().find(Long.parseLong(d.reportId())))
                .filter(r -> access.canSee(caller, r));
        List<VerificationView.Signature> signatures = VerificationView.Signature.of(check.verification());
        boolean intact = check.verification().intact();
        String digest = check.verification().documentDigest();
        if (report.isEmpty()) {
            return new VerificationView.Upload(VerificationView.Outcome.NOT_OURS, intact, digest, null, signatures);
        }
        request.setAttribute(AccessAuditFilter.STUDY_ATTRIBUTE, report.get().studyInstanceUid());
        VerificationView.Outcome outcome = switch (check.outcome()) {
            case CURRENT -> VerificationView.Outcome.VALID_CURRENT;
            case OLDER_VERSION -> VerificationView.Outcome.VALID_SUPERSEDED;
            case CHANGED -> VerificationView.Outcome.MODIFIED;
            case SIGNATURE_REMOVED -> VerificationView.Outcome.SIGNATURE_MISSING;
            case NOT_OURS, NOT_A_PDF -> VerificationView.Outcome.NOT_OURS;
        };
        return new VerificationView.Upload(outcome, intact, digest, VerificationView.Issued.of(issued.get()), signatures);
    }

    private WorkstationException tooLarge(long size) {
        return new WorkstationException(WorkstationException.Kind.CONTENT_TOO_LARGE, "pdf-too-large", "the PDF"
                + (size > 0 ? " (" + size + " bytes)" : "") + " is larger than the " + settings.maxUploadBytes()
                + " bytes verification takes (RDC_REPORTS_VERIFY_MAX_SIZE)");
    }

    /** Public answers are not cached by shared caches and do not pass the code on in a Referer. */
    private static ResponseEntity.BodyBuilder publicAnswer(HttpStatus status) {
        return ResponseEntity.status(status).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "noindex");
    }

    /** HTML when the client ranks text/html above JSON (a browser); JSON for everything else, curl's *&#47;* included. */
    static boolean wantsHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
        types = new java.util.ArrayList<>(types);
        types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());  // stable: equal q keep their order
        for (MediaType t : types) {
            if (t.getQualityValue() == 0) {
                continue;
            }
            if (t.isWildcardType()) {
                return false;
            }
            if (t.isCompatibleWith(MediaType.TEXT_HTML) || t.isCompatibleWith(MediaType.APPLICATION_XHTML_XML)) {
                return true;
            }
            if (t.isCompatibleWith(MediaType.APPLICATION_JSON) || t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
                return false;
            }
        }
        return false;
    }
}
