package org.rdc.workstation.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.rdc.reports.ReportException;
import org.rdc.reports.archive.ReportArchive;
import org.rdc.reports.lifecycle.ReportJson;
import org.rdc.reports.lifecycle.ReportQuery;
import org.rdc.reports.lifecycle.ReportSubject;
import org.rdc.reports.lifecycle.Reports;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportContent;
import org.rdc.reports.model.ReportState;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.model.Sections;
import org.rdc.reports.model.SignatureRole;
import org.rdc.reports.model.VersionKind;
import org.rdc.reports.template.ReportTemplate;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.storage.catalog.StudySummary;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Callers;
import org.rdc.workstation.security.Role;
import org.rdc.workstation.worklist.Priority;
import org.rdc.workstation.worklist.Task;
import org.rdc.workstation.worklist.Worklist;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reports over HTTP, for the web workstation's report editor and the clinics' portal. The
 * lifecycle's rules are the report library's ({@link Reports}); who sees what is {@link ReportAccess}.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "reports", description = "Writing, signing and retrieving reports: drafts with autosave, preliminary, sign, verify, corrections")
public class ReportController {

    private final Reports reports;
    private final ReportAccess access;
    private final Worklist worklist;
    private final Catalog catalog;
    private final ReportArchive archive;
    private final Callers callers;

    public ReportController(Reports reports, ReportAccess access, Worklist worklist, Catalog catalog, ReportArchive archive,
                            Callers callers) {
        this.reports = reports;
        this.access = access;
        this.worklist = worklist;
        this.catalog = catalog;
        this.archive = archive;
        this.callers = callers;
    }

    // ------------------------------------------------------------------ the report of a task

    public record CreateBody(String templateId) {
    }

    @Operation(summary = "Start the report of a task the caller holds: version 1, DRAFT, template chosen from the study (or templateId)")
    @PostMapping("/tasks/{taskId}/report")
    public ResponseEntity<ReportView> create(@PathVariable long taskId, @RequestBody(required = false) CreateBody body) {
        Caller c = callers.current();
        Task t = worklist.visible(c, taskId);
        if (!c.isStaff()) {
            throw WorkstationException.forbidden(c.username() + " does not write reports");
        }
        StudySummary s = catalog.study(CatalogScope.alliance(), t.studyInstanceUid()).map(StudyDetail::study)
                .orElseThrow(() -> WorkstationException.notFound("no task " + taskId));
        ReportSubject subject = new ReportSubject(t.id(), t.studyInstanceUid(), t.facilityId(), t.serviceLine().name(),
                t.priority() == Priority.STAT, s.patientId(), s.patientName(), s.patientSex(), s.patientBirthDate(), s.accessionNumber(),
                s.studyDate(), s.studyDescription(), s.modalities());
        Report r = reports.create(access.actor(c), subject, body == null ? null : body.templateId());
        return ResponseEntity.status(HttpStatus.CREATED).body(view(c, r));
    }

    @Operation(summary = "The report of a task")
    @GetMapping("/tasks/{taskId}/report")
    public ReportView ofTask(@PathVariable long taskId) {
        Caller c = callers.current();
        worklist.visible(c, taskId);
        Report r = reports.ofTask(taskId).filter(x -> access.canSee(c, x))
                .orElseThrow(() -> ReportException.notFound("task " + taskId + " has no report"));
        return view(c, r);
    }

    @Operation(summary = "The template the centre would choose for the task's study (line, modalities, description): the editor's preselection")
    @GetMapping("/tasks/{taskId}/report/template")
    public ReportTemplate suggestedTemplate(@PathVariable long taskId) {
        Caller c = callers.current();
        Task t = worklist.visible(c, taskId);
        StudySummary s = catalog.study(CatalogScope.alliance(), t.studyInstanceUid()).map(StudyDetail::study)
                .orElseThrow(() -> WorkstationException.notFound("no task " + taskId));
        return reports.templates().choose(t.serviceLine().name(), s.modalities(), s.studyDescription(), null);
    }

    // ------------------------------------------------------------------ one report

    @Operation(summary = "A report: its versions (current marked), the version in front, documents, and for staff its history")
    @GetMapping("/reports/{id}")
    public ReportView report(@PathVariable long id) {
        Caller c = callers.current();
        return view(c, access.visible(c, id));
    }

    @Operation(summary = "One version of a report")
    @GetMapping("/reports/{id}/versions/{number}")
    public ReportVersion version(@PathVariable long id, @PathVariable int number) {
        Caller c = callers.current();
        return visibleVersion(c, access.visible(c, id), number, false);
    }

    public record DraftBody(Integer baseRevision, String findings, String impression, String recommendation, ObjectNode fields,
                            Boolean critical, String criticalCategory) {
    }

    @Operation(summary = "Autosave the open version (DRAFT or PRELIMINARY) over baseRevision; 409 draft-stale when it was saved elsewhere since")
    @PutMapping("/reports/{id}/draft")
    public ReportVersion save(@PathVariable long id, @RequestBody(required = false) DraftBody body) {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        access.requireStaff(c, r);
        if (body == null || body.baseRevision() == null) {
            throw ReportException.invalid("draft-body", "a draft needs baseRevision (the draftRevision the editor started from) and the content");
        }
        ObjectNode fields = body.fields() == null ? tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode() : body.fields();
        ReportContent content = new ReportContent(new Sections(body.findings(), body.impression(), body.recommendation()), fields,
                Boolean.TRUE.equals(body.critical()), blankToNull(body.criticalCategory()));
        return reports.save(access.actor(c), id, body.baseRevision(), content);
    }

    @Operation(summary = "Release a STAT report at once as preliminary (初步报告，以正式报告为准)")
    @PostMapping("/reports/{id}/preliminary")
    public ReportVersion preliminary(@PathVariable long id) {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        access.requireStaff(c, r);
        return reports.releasePreliminary(access.actor(c), id);
    }

    public record SignBody(Boolean requestCountersign) {
    }

    @Operation(summary = "The author signs (报告医师): FINAL at once, or SIGNED until a senior reader verifies where policy requires it")
    @PostMapping("/reports/{id}/sign")
    public ReportVersion sign(@PathVariable long id, @RequestBody(required = false) SignBody body) {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        access.requireStaff(c, r, Role.READER, Role.SENIOR_READER, Role.CONSULTANT);
        return reports.sign(access.actor(c), id, body != null && Boolean.TRUE.equals(body.requestCountersign()));
    }

    @Operation(summary = "A senior reader holding the countersign task verifies (审核医师): the version becomes FINAL; a REVISING"
            + " version is countersigned by the senior who revised it, its PDF made anew naming the reader (报告医师) and the senior")
    @PostMapping("/reports/{id}/verify")
    public ReportVersion verify(@PathVariable long id) {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        access.requireStaff(c, r, Role.SENIOR_READER);
        return reports.verify(access.actor(c), id);
    }

    public record ReturnBody(String reason) {
    }

    @Operation(summary = "A senior reader holding the countersign task returns the signed version to the reading queue with what must change:"
            + " the version stays signed and is never released; a new DRAFT version following it is written and signed again")
    @PostMapping("/reports/{id}/return")
    public ReportVersion returnToReader(@PathVariable long id, @RequestBody(required = false) ReturnBody body) {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        access.requireStaff(c, r, Role.SENIOR_READER);
        String reason = body == null ? null : blankToNull(body.reason());
        // the report first: it checks the lease and the state; the task then follows (the same holder, just checked)
        ReportVersion draft = reports.returnForRevision(access.actor(c), id, reason);
        worklist.returnToReading(c, r.taskId(), reason);
        return draft;
    }

    @Operation(summary = "A senior reader holding the countersign task revises the signed version themselves (审核修改) instead of"
            + " returning it: the version stays signed, the reader's own text, and is never released; the next version, REVISING, starts"
            + " from its content, is autosaved by the senior alone (PUT .../draft) and countersigned by them (POST .../verify)."
            + " 409 not-task-holder, own-report, verification-not-required, version-not-signed, already-revising, version-final")
    @PostMapping("/reports/{id}/revise")
    public ResponseEntity<ReportVersion> revise(@PathVariable long id) {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        access.requireStaff(c, r, Role.SENIOR_READER);
        return ResponseEntity.status(HttpStatus.CREATED).body(reports.revise(access.actor(c), id));
    }

    public record AmendBody(String kind, String reason) {
    }

    @Operation(summary = "After FINAL: start a correction (CORRECTION) or addendum (ADDENDUM), a new DRAFT version following the current one")
    @PostMapping("/reports/{id}/versions")
    public ResponseEntity<ReportVersion> amend(@PathVariable long id, @RequestBody(required = false) AmendBody body) {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        access.requireStaff(c, r, Role.READER, Role.SENIOR_READER, Role.CONSULTANT);
        VersionKind kind;
        try {
            kind = VersionKind.valueOf(body == null || body.kind() == null ? "" : body.kind().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ReportException.invalid("version-kind", "kind must be CORRECTION or ADDENDUM");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(reports.amend(access.actor(c), id, kind, body.reason()));
    }

    // ------------------------------------------------------------------ documents

    @Operation(summary = "The signed PDF of a version (the verifier's countersigned one when there is one; role=PRELIMINARY|AUTHOR|VERIFIER to choose)")
    @GetMapping("/reports/{id}/versions/{number}/pdf")
    public void pdf(@PathVariable long id, @PathVariable int number, @RequestParam(required = false) SignatureRole role,
                    HttpServletResponse response) throws IOException {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        ArchivedDocument d = document(c, r, number, role);
        response.setContentType("application/pdf");
        response.setHeader("Content-Disposition", "attachment; filename=\"report-" + id + "-v" + number
                + (d.role() == SignatureRole.PRELIMINARY ? "-preliminary" : "") + ".pdf\"");
        response.setHeader("X-Content-SHA256", d.pdfSha256());
        response.setHeader("X-Report-Current", String.valueOf(r.currentVersion() != null && r.currentVersion() == number));
        try (InputStream in = openPdf(id, d)) {
            in.transferTo(response.getOutputStream());
        }
    }

    @Operation(summary = "A page of a version's signed PDF as PNG, for the editor's preview (the same document and role as .../pdf)")
    @GetMapping(value = "/reports/{id}/versions/{number}/preview/{page}.png", produces = "image/png")
    public ResponseEntity<byte[]> preview(@PathVariable long id, @PathVariable int number, @PathVariable int page,
                                          @RequestParam(required = false) SignatureRole role) throws IOException {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        ArchivedDocument d = document(c, r, number, role);
        byte[] png;
        try (InputStream in = openPdf(id, d)) {
            png = PdfPages.png(in.readAllBytes(), page);
        }
        // a document never changes once archived: the browser keeps the page
        return ResponseEntity.ok().header("Cache-Control", "private, max-age=86400, immutable")
                .header("X-Content-SHA256", d.pdfSha256()).body(png);
    }

    private InputStream openPdf(long id, ArchivedDocument d) throws IOException {
        return archive.open(archive.find(d.pdfSha256(), ReportArchive.PDF).orElseThrow(() -> new IllegalStateException(
                "signed PDF " + d.pdfSha256() + " of report " + id + " is not in the archive")));
    }

    @Operation(summary = "A signed version as JSON (what is archived next to its PDF)")
    @GetMapping(value = "/reports/{id}/versions/{number}/json", produces = "application/json")
    public ResponseEntity<byte[]> json(@PathVariable long id, @PathVariable int number) {
        Caller c = callers.current();
        Report r = access.visible(c, id);
        ReportVersion v = visibleVersion(c, r, number, true);
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"report-" + id + "-v" + number + ".json\"")
                .header("X-Report-Current", String.valueOf(r.currentVersion() != null && r.currentVersion() == number))
                .body(ReportJson.bytes(ReportJson.of(r, v, reports.template(v))));
    }

    // ------------------------------------------------------------------ lists

    @Operation(summary = "Reports the caller may see, newest examination first; a facility user: its facility's released reports",
            description = "patient: Patient ID or part of the name; from/to: study date (ISO); modality; state: of the latest version.")
    @GetMapping("/reports")
    public List<ReportView.Item> list(@RequestParam(required = false) String patient,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                      @RequestParam(required = false) String modality,
                                      @RequestParam(required = false) ReportState state,
                                      @RequestParam(required = false) String facility,
                                      @RequestParam(defaultValue = "0") int page,
                                      @RequestParam(defaultValue = "50") int size) {
        Caller c = callers.current();
        String f = blankToNull(facility);
        Set<String> lines = null;
        boolean releasedOnly = false;
        if (c.facilityScoped()) {
            if (f != null && !f.equals(c.facilityId())) {
                throw WorkstationException.forbidden("a user of facility " + c.facilityId() + " lists only its own reports;"
                        + " shared reports of its patients are under /api/studies/{studyUid}/reports");
            }
            f = c.facilityId();
            releasedOnly = true;
        } else if (!c.seesEverything()) {
            if (!c.isStaff()) {
                throw WorkstationException.forbidden(c.username() + " has no role that sees reports");
            }
            lines = c.serviceLines().stream().map(Enum::name).collect(Collectors.toSet());
        }
        List<Report> found = reports.store().search(new ReportQuery(f, lines, blankToNull(patient), from, to,
                modality == null ? null : blankToNull(modality.toUpperCase(Locale.ROOT)), state, releasedOnly, page, size));
        return found.stream().filter(r -> access.canSee(c, r)).map(this::item).toList();
    }

    @Operation(summary = "The reports of a study's patient across the alliance as the caller may see them (the same person: priors), newest first",
            description = "For a facility user: its own, plus other facilities' FINAL reports where their policy shares them.")
    @GetMapping("/studies/{studyUid}/reports")
    public List<ReportView.Item> ofPatient(@PathVariable String studyUid) {
        Caller c = callers.current();
        catalog.study(c.catalogScope(), studyUid).orElseThrow(() -> WorkstationException.notFound("no study " + studyUid));
        List<String> studies = new ArrayList<>(List.of(studyUid));
        catalog.priors(studyUid, CatalogScope.alliance()).forEach(s -> studies.add(s.studyInstanceUid()));
        return reports.store().findByStudies(studies).stream().filter(r -> access.canSee(c, r))
                .sorted(Comparator.comparing(Report::studyDate, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(this::item).toList();
    }

    // ------------------------------------------------------------------ views

    private ReportView view(Caller c, Report r) {
        List<ReportVersion> versions = access.versions(c, r);
        boolean work = access.seesWork(c);
        ReportVersion front = work ? versions.get(versions.size() - 1)
                : versions.stream().filter(v -> r.currentVersion() != null && v.number() == r.currentVersion()).findFirst().orElse(null);
        Set<Integer> visible = versions.stream().map(ReportVersion::number).collect(Collectors.toSet());
        List<ArchivedDocument> docs = reports.store().documents(r.id()).stream().filter(d -> visible.contains(d.version()))
                .filter(d -> work || documentVisible(c, r, versions, d)).toList();
        return new ReportView(r.id(), r.taskId(), r.studyInstanceUid(), r.facilityId(), r.serviceLine(), r.stat(), patient(r),
                examination(r), r.currentVersion(), work ? r.latestVersion() : versions.isEmpty() ? 0 : versions.get(versions.size() - 1).number(),
                versions.stream().map(v -> ReportView.VersionSummary.of(r, v)).toList(), front, docs,
                work ? reports.store().events(r.id()) : null);
    }

    private ReportView.Item item(Report r) {
        return new ReportView.Item(r.id(), r.taskId(), r.studyInstanceUid(), r.facilityId(), r.serviceLine(), patient(r), examination(r),
                r.currentVersion(), r.latestVersion(), reports.latest(r).state());
    }

    private static ReportView.Patient patient(Report r) {
        return new ReportView.Patient(r.patientId(), r.patientName(), r.patientSex(), r.patientBirthDate());
    }

    private static ReportView.Examination examination(Report r) {
        return new ReportView.Examination(r.accessionNumber(), r.studyDate(), r.studyDescription(), r.modalities());
    }

    /** A facility sees a FINAL version's documents, and its own preliminary releases. */
    private static boolean documentVisible(Caller c, Report r, List<ReportVersion> versions, ArchivedDocument d) {
        ReportVersion v = versions.stream().filter(x -> x.number() == d.version()).findFirst().orElse(null);
        if (v == null) {
            return false;
        }
        return v.state() == ReportState.FINAL || (d.role() == SignatureRole.PRELIMINARY && c.facilityId().equals(r.facilityId()));
    }

    /** The version if the caller may see it; a facility sees content only of FINAL versions; {@code signed}: only signed ones. */
    private ReportVersion visibleVersion(Caller c, Report r, int number, boolean signed) {
        ReportVersion v = access.versions(c, r).stream().filter(x -> x.number() == number).findFirst()
                .orElseThrow(() -> ReportException.notFound("report " + r.id() + " has no version " + number));
        if ((!access.seesWork(c) && v.state() != ReportState.FINAL) || (signed && !v.state().signed())) {
            throw ReportException.notFound("version " + number + " of report " + r.id() + " has no signed content"
                    + (v.preliminaryAt() != null ? "; its preliminary release is at .../pdf?role=PRELIMINARY" : ""));
        }
        return v;
    }

    private ArchivedDocument document(Caller c, Report r, int number, SignatureRole role) {
        List<ReportVersion> versions = access.versions(c, r);
        boolean work = access.seesWork(c);
        return reports.store().documents(r.id()).stream()
                .filter(d -> d.version() == number && (role == null || d.role() == role))
                .filter(d -> versions.stream().anyMatch(v -> v.number() == number))
                .filter(d -> work || documentVisible(c, r, versions, d))
                .max(Comparator.comparingInt(d -> d.role().ordinal()))
                .orElseThrow(() -> ReportException.notFound("version " + number + " of report " + r.id() + " has no document"
                        + (role == null ? "" : " of role " + role)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
