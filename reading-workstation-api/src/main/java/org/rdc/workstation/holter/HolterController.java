package org.rdc.workstation.holter;

import java.util.Arrays;
import java.util.List;
import org.rdc.reports.lifecycle.Reports;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Callers;
import org.rdc.workstation.worklist.ServiceLine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Holter review (issue 14 point 5), scoped like {@code /api/studies/{uid}/ecg} (another facility's study is 404) and
 * recorded in the access log as {@code API_HOLTER}: {@code /holter} the stored analysis without its per-beat arrays;
 * {@code /holter/strip?start=&seconds=&leads=II,V1} full disclosure of 10 to 60 s with its beats;
 * {@code /holter/overview?hour=&lead=} an hour as min/max per {@value HolterReview#OVERVIEW_SECONDS_PER_POINT} s;
 * {@code /holter/trends} heart rate per minute; {@code /holter/events} pauses, couplets, runs and tachycardia with
 * the start of each one's strip. {@code POST /holter/relabel} with {@code {"template": id, "class": "N"}} or
 * {@code {"beat": index, "class": "V"}}: a reader of the ECG line relabels, the result is the new newest analysis
 * ({@link HolterRelabelRequest}, {@link HolterReview#relabel}); once the study's report is signed, 409.
 */
@RestController
@RequestMapping("/api/studies/{studyUid}/holter")
public class HolterController {

    private final HolterReview review;
    private final Callers callers;
    private final ObjectProvider<Reports> reports;

    public HolterController(InstanceStore store, Callers callers, ObjectProvider<Reports> reports) {
        this.review = new HolterReview(store);
        this.callers = callers;
        this.reports = reports;
    }

    /**
     * Who relabels is who writes the study's report: the centre's reading staff of the ECG line (as {@code ReportAccess}
     * lets them edit a draft). The study is looked up in the caller's scope first, so another facility's is 404; a
     * facility user's own is 403. Checked in that order, then the body, then the report's state; a refusal stores nothing.
     */
    @PostMapping("/relabel")
    public ObjectNode relabel(@PathVariable String studyUid, @RequestBody(required = false) JsonNode body) {
        Caller c = callers.current();
        CatalogScope scope = c.catalogScope();
        review.requireVisible(scope, studyUid);
        if (!c.isStaff() || !c.serviceLines().contains(ServiceLine.ECG)) {
            throw WorkstationException.forbidden(c.username() + " does not read in the ECG line, so does not relabel Holter beats");
        }
        HolterRelabelRequest request = HolterRelabelRequest.of(body);
        Reports r = reports.getIfAvailable();
        if (r != null) {
            r.store().findByStudy(studyUid).filter(report -> r.store().versions(report.id()).stream().anyMatch(v -> v.state().signed()))
                    .ifPresent(report -> {
                        throw new WorkstationException(WorkstationException.Kind.CONFLICT, "holter-report-signed", "report "
                                + report.id() + " of study " + studyUid + " is signed: its Holter figures are no longer relabelled"
                                + " (a correction is a new report version)");
                    });
        }
        return review.relabel(scope, studyUid, request.target(), request.beatClass());
    }

    @GetMapping
    public ObjectNode summary(@PathVariable String studyUid) {
        return review.summary(callers.current().catalogScope(), studyUid);
    }

    @GetMapping("/strip")
    public HolterViews.Strip strip(@PathVariable String studyUid, @RequestParam(defaultValue = "0") double start,
                                   @RequestParam(defaultValue = "10") double seconds,
                                   @RequestParam(required = false) String leads) {
        List<String> names = leads == null || leads.isBlank() ? List.of()
                : Arrays.stream(leads.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return review.strip(callers.current().catalogScope(), studyUid, start, seconds, names);
    }

    @GetMapping("/overview")
    public HolterViews.Overview overview(@PathVariable String studyUid, @RequestParam(defaultValue = "0") int hour,
                                         @RequestParam(required = false) String lead) {
        return review.overview(callers.current().catalogScope(), studyUid, hour, lead);
    }

    @GetMapping("/trends")
    public HolterViews.Trends trends(@PathVariable String studyUid) {
        return review.trends(callers.current().catalogScope(), studyUid);
    }

    @GetMapping("/events")
    public HolterViews.Events events(@PathVariable String studyUid) {
        return review.events(callers.current().catalogScope(), studyUid);
    }
}
