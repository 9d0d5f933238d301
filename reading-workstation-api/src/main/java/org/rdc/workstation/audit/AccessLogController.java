package org.rdc.workstation.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.rdc.workstation.api.WorkstationException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The access log for administrators ({@code /api/admin/**} is theirs alone): who read which study, how,
 * when, from where and with which answer. Newest first; {@code from} (inclusive) and {@code to} (exclusive)
 * are ISO instants such as {@code 2026-12-03T08:00:00Z}.
 */
@RestController
@RequestMapping("/api/admin/access-log")
public class AccessLogController {

    private final AccessLog accessLog;

    public AccessLogController(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @GetMapping
    public List<AccessRecord> find(@RequestParam(required = false) String study, @RequestParam(required = false) String user,
                                   @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                   @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > AccessLog.MAX_RESULTS) {
            throw WorkstationException.invalid("limit must be between 1 and " + AccessLog.MAX_RESULTS + ": " + limit);
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw WorkstationException.invalid("from (" + from + ") must be before to (" + to + ")");
        }
        return accessLog.find(blankToNull(study), blankToNull(user), start, end, limit);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw WorkstationException.invalid(name + " must be an ISO instant such as 2026-12-03T08:00:00Z: " + value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
