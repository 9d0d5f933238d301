package org.rdc.workstation.worklist;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.storage.catalog.StudySummary;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Callers;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The reading worklist and its tasks over HTTP. Who may do what is checked in {@link Worklist}. */
@RestController
@RequestMapping("/api")
@Tag(name = "worklist", description = "Reading tasks: queues, claiming with leases, transitions")
public class WorklistController {

    private final Worklist worklist;
    private final Priors priors;
    private final InstanceStore store;
    private final Callers callers;
    private final org.rdc.reports.lifecycle.Reports reports;

    public WorklistController(Worklist worklist, Priors priors, InstanceStore store, Callers callers,
                              org.rdc.reports.lifecycle.Reports reports) {
        this.worklist = worklist;
        this.priors = priors;
        this.store = store;
        this.callers = callers;
        this.reports = reports;
    }

    @Operation(summary = "Tasks the caller may see, most urgent first (priority, due time, arrival)",
            description = "Without state: the active states (SCHEDULED, IN_PROGRESS, ESCALATED, AWAITING_COUNTERSIGN). "
                    + "Readers see their service lines, facility users their facility.")
    @GetMapping("/worklist")
    public WorklistPage worklist(@RequestParam(required = false) ServiceLine serviceLine,
                                 @RequestParam(required = false) Priority priority,
                                 @RequestParam(required = false) String facility,
                                 @RequestParam(required = false) Set<TaskState> state,
                                 @RequestParam(defaultValue = "0") int page,
                                 @RequestParam(defaultValue = "50") int size) {
        return worklist.list(callers.current(), new WorklistQuery(serviceLine, priority, blankToNull(facility), state, page, size));
    }

    @Operation(summary = "Claim the most urgent waiting task of the caller's service lines; 204 when nothing is waiting",
            description = "queue: READING (readers, the default), COUNTERSIGN (senior readers), CONSULTATION (consultants' default).")
    @PostMapping("/worklist/next")
    public ResponseEntity<Task> next(@RequestParam(required = false) Set<ServiceLine> serviceLine,
                                     @RequestParam(required = false) Queue queue) {
        return worklist.next(callers.current(), serviceLine, queue).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @Operation(summary = "The reasons a task can be returned to the township for (configuration)")
    @GetMapping("/worklist/qc-reasons")
    public List<String> qcReasons() {
        callers.current();
        return worklist.settings().qcReasons();
    }

    @Operation(summary = "Administrator: the SLA matrix, minutes from arrival to due time per service line and priority",
            description = "Stored (worklist_sla), seeded from the configuration RDC_WORKLIST_SLA; changed with PUT.")
    @GetMapping("/admin/sla")
    public Map<ServiceLine, Map<Priority, Long>> sla() {
        admin("sees the SLA matrix");
        return worklist.sla().current();
    }

    @Operation(summary = "Administrator: change cells of the SLA matrix; the matrix after the change",
            description = "Body of the shape GET answers, any subset of cells: {\"ECG\": {\"STAT\": 15}} or the whole matrix. "
                    + "Minutes are whole numbers from 1 to 43200 (30 days). An unknown line or priority, or a bad number, is refused "
                    + "(400) and nothing is changed. New tasks get the new due times; queued tasks keep theirs. Every changed cell "
                    + "is recorded (GET /api/admin/sla/changes).")
    @PutMapping("/admin/sla")
    public Map<ServiceLine, Map<Priority, Long>> changeSla(@RequestBody(required = false) Map<String, Object> body) {
        Caller c = admin("changes the SLA matrix");
        return worklist.sla().change(c, SlaMatrix.cells(body));
    }

    @Operation(summary = "Administrator: who changed which SLA cell when, from what to what, newest first")
    @GetMapping("/admin/sla/changes")
    public List<SlaMatrix.Change> slaChanges(@RequestParam(defaultValue = "100") int limit) {
        admin("sees the SLA changes");
        if (limit < 1 || limit > 1000) {
            throw WorkstationException.invalid("limit must be from 1 to 1000, not " + limit);
        }
        return worklist.sla().changes(limit);
    }

    private Caller admin(String what) {
        Caller c = callers.current();
        if (!c.isAdmin()) {
            throw WorkstationException.forbidden("only an administrator " + what);
        }
        return c;
    }

    @Operation(summary = "A task with its study summary, the patient's priors (newest first) and its history")
    @GetMapping("/tasks/{id}")
    public TaskDetail task(@PathVariable long id) {
        Caller c = callers.current();
        Task t = worklist.visible(c, id);
        StudySummary study = store.catalog().study(c.catalogScope(), t.studyInstanceUid()).map(StudyDetail::study)
                .orElseThrow(() -> WorkstationException.notFound("no task " + id));
        boolean holter = !store.catalog().attachments(t.studyInstanceUid(), HolterIntake.ANALYSIS).isEmpty();
        return new TaskDetail(t, study, priors.of(t.studyInstanceUid(), c), worklist.history(id), holter);
    }

    @Operation(summary = "Claim this waiting task (a lease that expires back to its queue unless renewed)")
    @PostMapping("/tasks/{id}/claim")
    public Task claim(@PathVariable long id) {
        return worklist.claim(callers.current(), id);
    }

    @Operation(summary = "Extend the caller's lease")
    @PostMapping("/tasks/{id}/renew")
    public Task renew(@PathVariable long id) {
        return worklist.renew(callers.current(), id);
    }

    public record ReasonBody(String reason) {
    }

    @Operation(summary = "Give the task back to its queue")
    @PostMapping("/tasks/{id}/release")
    public Task release(@PathVariable long id, @RequestBody(required = false) ReasonBody body) {
        return worklist.release(callers.current(), id, body == null ? null : body.reason());
    }

    public record CompleteBody(Boolean requestCountersign) {
    }

    @Operation(summary = "Finish: needs the task's report signed (in the countersign queue: FINAL). COMPLETED, or AWAITING_COUNTERSIGN"
            + " when a second signature is asked for, the reader needs one, or the signed report waits for its verifier")
    @PostMapping("/tasks/{id}/complete")
    public Task complete(@PathVariable long id, @RequestBody(required = false) CompleteBody body) {
        Caller c = callers.current();
        Task t = worklist.visible(c, id);
        if (!reports.signedForCompletion(id, t.queue() == Queue.COUNTERSIGN)) {
            throw WorkstationException.conflict("task " + id + " has no " + (t.queue() == Queue.COUNTERSIGN ? "verified" : "signed")
                    + " report: " + (t.queue() == Queue.COUNTERSIGN ? "verify" : "write and sign") + " it before completing the task");
        }
        boolean awaitsVerifier = reports.ofTask(id).map(r -> reports.latest(r).state() == org.rdc.reports.model.ReportState.SIGNED)
                .orElse(false);
        return worklist.complete(c, id, awaitsVerifier || (body != null && Boolean.TRUE.equals(body.requestCountersign())));
    }

    public record QcBody(String reason, String text) {
    }

    @Operation(summary = "Send the examination back to the township: reason from GET /api/worklist/qc-reasons, text (required for OTHER)")
    @PostMapping("/tasks/{id}/return-for-qc")
    public Task returnForQc(@PathVariable long id, @RequestBody(required = false) QcBody body) {
        if (body == null) {
            throw WorkstationException.invalid("a body {\"reason\": ..., \"text\": ...} is required");
        }
        return worklist.returnForQc(callers.current(), id, body.reason(), body.text());
    }

    @Operation(summary = "Escalate to the tertiary consultants of the service line")
    @PostMapping("/tasks/{id}/escalate")
    public Task escalate(@PathVariable long id, @RequestBody(required = false) ReasonBody body) {
        return worklist.escalate(callers.current(), id, body == null ? null : body.reason());
    }

    public record ReassignBody(String user, String reason) {
    }

    @Operation(summary = "Senior reader or administrator: hand the task to a qualified user, or (no user) back to its queue")
    @PostMapping("/tasks/{id}/reassign")
    public Task reassign(@PathVariable long id, @RequestBody(required = false) ReassignBody body) {
        return worklist.reassign(callers.current(), id, body == null ? null : body.user(), body == null ? null : body.reason());
    }

    @Operation(summary = "Senior reader or administrator: cancel a task that will not be read")
    @PostMapping("/tasks/{id}/cancel")
    public Task cancel(@PathVariable long id, @RequestBody(required = false) ReasonBody body) {
        return worklist.cancel(callers.current(), id, body == null ? null : body.reason());
    }

    @Operation(summary = "Examinations returned to a facility for a retake, newest first (that facility's users, senior readers, admins)")
    @GetMapping("/facilities/{facilityId}/qc-returns")
    public List<WorklistItem> qcReturns(@PathVariable String facilityId, @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "50") int size) {
        return worklist.qcReturns(callers.current(), facilityId, page, size);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
