package org.rdc.workstation.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rdc.storage.spool.DeadLetter;
import org.rdc.storage.spool.SpoolMover;
import org.rdc.workstation.api.WorkstationException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Objects the spool mover gave up uploading ({@link DeadLetter}), for administrators
 * ({@code /api/admin/**}): what they are and why, and a retry once the cause is fixed. Their bytes
 * stay in the spool and are served from there meanwhile.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
public class DeadLetterAdminController {

    private final SpoolMover mover;

    public DeadLetterAdminController(SpoolMover mover) {
        this.mover = mover;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return mover.deadLetters().stream().map(DeadLetterAdminController::view).toList();
    }

    /** Queues the object for upload again; a failure for good makes it a dead letter again. */
    @PostMapping("/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Object> retry(@PathVariable UUID id) {
        return mover.retry(id).map(DeadLetterAdminController::view)
                .orElseThrow(() -> WorkstationException.notFound("no dead letter " + id));
    }

    static Map<String, Object> view(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id().toString());
        m.put("key", d.key());
        m.put("size", d.size());
        m.put("reason", d.reason());
        m.put("firstFailure", d.firstFailure().toString());
        m.put("lastFailure", d.lastFailure().toString());
        m.put("attempts", d.attempts());
        return m;
    }
}
