package org.rdc.workstation.admin;

import java.util.List;
import java.util.Locale;
import org.rdc.storage.outbox.JobOutbox;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The job outbox for administrators ({@code /api/admin/jobs}): what waits, and what is DEAD after its
 * last attempt (an ECG that could not be analysed, a commitment report no device took) with its
 * last error; a DEAD job can be given a fresh set of attempts. Payloads are not shown.
 */
@RestController
@RequestMapping("/api/admin/jobs")
public class JobAdminController {

    private final JobOutbox jobs;

    public JobAdminController(JobOutbox jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    public ResponseEntity<List<JobOutbox.Entry>> list(@RequestParam(defaultValue = "DEAD") String state,
                                                      @RequestParam(required = false) String kind,
                                                      @RequestParam(defaultValue = "100") int limit) {
        JobOutbox.State s;
        try {
            s = JobOutbox.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().build();
        }
        return ResponseEntity.ok(jobs.list(kind, s, Math.max(1, Math.min(limit, 1000))));
    }

    @PostMapping("/{id}/retry")
    public ResponseEntity<Void> retry(@PathVariable long id) {
        return jobs.retry(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
