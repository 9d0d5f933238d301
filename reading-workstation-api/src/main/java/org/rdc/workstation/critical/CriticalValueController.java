package org.rdc.workstation.critical;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.rdc.reports.ReportException;
import org.rdc.reports.critical.CriticalNotification;
import org.rdc.reports.critical.CriticalNotification.State;
import org.rdc.reports.critical.CriticalValues;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Callers;
import org.rdc.workstation.security.UserAccount;
import org.rdc.workstation.security.UserStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Critical values (危急值) over HTTP: the facility's users see and acknowledge their own facility's;
 * the centre (readers, senior readers, consultants, administrators) sees every facility's, late
 * ones being the escalations the duty senior reader follows up. Another facility's notification is
 * 404, so its existence does not leak. Reads are recorded by the access log.
 */
@RestController
@RequestMapping("/api/critical-values")
@Tag(name = "critical values", description = "危急值: notifications to the facility, acknowledgement by a named user, escalation when late")
public class CriticalValueController {

    private static final Set<State> UNACKNOWLEDGED = EnumSet.of(State.OPEN, State.LATE);

    private final CriticalValues values;
    private final Callers callers;
    private final UserStore users;

    public CriticalValueController(CriticalValues values, Callers callers, UserStore users) {
        this.values = values;
        this.callers = callers;
        this.users = users;
    }

    @Operation(summary = "Notifications the caller may see, newest first; state=OPEN,LATE (the default), ACKNOWLEDGED; facility= for the centre")
    @GetMapping
    public List<CriticalNotification> list(@RequestParam(required = false) Set<State> state, @RequestParam(required = false) String facility,
                                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Caller c = callers.current();
        if (page < 0 || size < 1 || size > 500) {
            throw WorkstationException.invalid("page must be 0 or more and size 1 to 500");
        }
        return values.list(facilityOf(c, facility), state == null || state.isEmpty() ? UNACKNOWLEDGED : state, page * size, size);
    }

    /** The counts a banner shows. */
    public record Summary(int open, int late) {
    }

    @Operation(summary = "How many of the caller's notifications are open and late (for a banner)")
    @GetMapping("/summary")
    public Summary summary(@RequestParam(required = false) String facility) {
        Caller c = callers.current();
        String f = facilityOf(c, facility);
        return new Summary(values.count(f, State.OPEN), values.count(f, State.LATE));
    }

    @Operation(summary = "One notification with every step (raised, sent per channel, escalated, acknowledged) and its messages")
    @GetMapping("/{id}")
    public CriticalNotification get(@PathVariable long id) {
        return visible(callers.current(), id);
    }

    /** @param name the name recorded with the user (default: the user's display name); informedClinician: whom they told */
    public record AcknowledgeBody(String name, String informedClinician, String note) {
    }

    @Operation(summary = "Acknowledge as a named user of the notification's facility; 409 critical-acknowledged when it was acknowledged before")
    @PostMapping("/{id}/acknowledge")
    public CriticalNotification acknowledge(@PathVariable long id, @RequestBody(required = false) AcknowledgeBody body) {
        Caller c = callers.current();
        CriticalNotification n = visible(c, id);
        if (!c.facilityScoped()) {
            throw ReportException.forbidden("critical-not-facility-user", "a critical value is acknowledged by a user of facility "
                    + n.facilityId() + " (FACILITY_USER), not by " + c.username());
        }
        AcknowledgeBody b = body == null ? new AcknowledgeBody(null, null, null) : body;
        if (lengthOver(b.name(), 200) || lengthOver(b.informedClinician(), 200) || lengthOver(b.note(), 1000)) {
            throw ReportException.invalid("critical-ack-too-long", "name and informedClinician are at most 200 characters, note 1000");
        }
        String name = b.name() != null && !b.name().isBlank() ? b.name().strip()
                : users.find(c.username()).map(UserAccount::displayName).filter(d -> d != null && !d.isBlank()).orElse(c.username());
        return values.acknowledge(id, c.username(), name, b.informedClinician(), b.note());
    }

    private CriticalNotification visible(Caller c, long id) {
        CriticalNotification n = values.find(id).orElseThrow(() -> ReportException.notFound("no critical value " + id));
        if (c.facilityScoped() ? !n.facilityId().equals(c.facilityId()) : !(c.isStaff() || c.isAdmin())) {
            throw ReportException.notFound("no critical value " + id);
        }
        return n;
    }

    /** A facility user's own facility whatever was asked; the centre's choice (null: all). */
    private static String facilityOf(Caller c, String asked) {
        if (c.facilityScoped()) {
            return c.facilityId();
        }
        if (!(c.isStaff() || c.isAdmin())) {
            throw WorkstationException.forbidden(c.username() + " has no role that sees critical values");
        }
        return asked == null || asked.isBlank() ? null : asked;
    }

    private static boolean lengthOver(String s, int max) {
        return s != null && s.length() > max;
    }
}
