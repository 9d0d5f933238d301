package org.rdc.workstation.holter;

import java.util.Arrays;
import java.util.List;
import org.rdc.storage.InstanceStore;
import org.rdc.workstation.security.Callers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Holter review (issue 14 point 5), scoped like {@code /api/studies/{uid}/ecg} (another facility's study is 404) and
 * recorded in the access log as {@code API_HOLTER}: {@code /holter} the stored analysis without its per-beat arrays;
 * {@code /holter/strip?start=&seconds=&leads=II,V1} full disclosure of 10 to 60 s with its beats;
 * {@code /holter/overview?hour=&lead=} an hour as min/max per {@value HolterReview#OVERVIEW_SECONDS_PER_POINT} s;
 * {@code /holter/trends} heart rate per minute; {@code /holter/events} pauses, couplets, runs and tachycardia with
 * the start of each one's strip.
 */
@RestController
@RequestMapping("/api/studies/{studyUid}/holter")
public class HolterController {

    private final HolterReview review;
    private final Callers callers;

    public HolterController(InstanceStore store, Callers callers) {
        this.review = new HolterReview(store);
        this.callers = callers;
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
