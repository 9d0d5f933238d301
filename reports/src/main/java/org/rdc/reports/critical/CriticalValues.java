package org.rdc.reports.critical;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.rdc.reports.ReportException;
import org.rdc.reports.critical.CriticalNotification.Acknowledgement;
import org.rdc.reports.critical.CriticalNotification.Channel;
import org.rdc.reports.critical.CriticalNotification.Dispatch;
import org.rdc.reports.critical.CriticalNotification.DispatchState;
import org.rdc.reports.critical.CriticalNotification.Purpose;
import org.rdc.reports.critical.CriticalNotification.State;
import org.rdc.reports.critical.CriticalNotification.Step;
import org.rdc.reports.critical.CriticalNotification.StepKind;
import org.rdc.storage.outbox.JobOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Critical values (危急值): raised once per source, announced over the API and every channel the
 * facility has configured (each message a job of kind {@value #KIND} in the one {@link JobOutbox}),
 * acknowledged by a named person of the facility, escalated when its deadline passes unacknowledged.
 * Time is the one {@link Clock}; the deadline check ({@link #escalateOverdue}) reads only the
 * database, so it runs the same after a restart and on any number of nodes (one of them wins each
 * escalation, by a conditional update).
 */
public final class CriticalValues {

    public static final String KIND = "critical.dispatch";
    private static final Logger log = LoggerFactory.getLogger(CriticalValues.class);
    private static final int ESCALATION_BATCH = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JobOutbox jobs;
    private final CriticalTargets targets;
    private final CriticalDeadlines deadlines;
    private final String dutySenior;
    private final Clock clock;

    /**
     * @param dutySenior the centre's duty senior reader (a name or user name) named on every escalation, or null
     *                   (then the escalation is to every SENIOR_READER, who see late notifications in the API)
     */
    public CriticalValues(DataSource dataSource, JobOutbox jobs, CriticalTargets targets, CriticalDeadlines deadlines, String dutySenior,
                          Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.jobs = jobs;
        this.targets = targets;
        this.deadlines = deadlines;
        this.dutySenior = dutySenior == null || dutySenior.isBlank() ? null : dutySenior.strip();
        this.clock = clock;
    }

    /**
     * Raises the notification of {@code alert}, or returns the one its source raised before
     * (retries, a repeated analysis, a restart). Joins the caller's transaction on the same data
     * source, so a report's release and its notification commit together.
     */
    public CriticalNotification raise(CriticalAlert a) {
        long id;
        try {
            id = inserted(a);
        } catch (DuplicateKeyException e) {
            // the same alert raised at the same moment by another thread or node won the insert: one notification, theirs.
            // Inside a caller's transaction the failed insert has spoilt it (PostgreSQL): that caller must retry whole.
            if (TransactionSynchronizationManager.isActualTransactionActive()) {
                throw e;
            }
            id = idOf(a).orElseThrow(() -> e);
        }
        return find(id).orElseThrow();
    }

    private long inserted(CriticalAlert a) {
        return tx.execute(status -> {
            Optional<Long> existing = idOf(a);
            if (existing.isPresent()) {
                return existing.get();
            }
            Instant now = clock.instant();
            Instant deadline = now.plus(deadlines.of(a.serviceLine()));
            jdbc.sql("INSERT INTO critical_notification (source, source_key, facility_id, study_uid, patient_id, patient_name, service_line,"
                            + " category, summary, report_id, report_version, state, raised_at, deadline_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)")
                    .params(a.source().name(), a.sourceKey(), a.facilityId(), a.studyInstanceUid(), truncate(a.patientId(), 64),
                            truncate(a.patientName(), 200), a.serviceLine(), truncate(a.category(), 64), truncate(a.summary(), 2000),
                            a.reportId(), a.reportVersion(), ts(now), ts(deadline))
                    .update();
            long created = idOf(a).orElseThrow();
            step(created, now, StepKind.RAISED, Channel.API, a.facilityId(), null,
                    "to the users of facility " + a.facilityId() + ", acknowledge by " + deadline);
            dispatch(created, Purpose.NOTIFY, targets.of(a.facilityId()).announce(), now);
            log.info("critical value {} raised: {} {} of facility {}, study {}, due {}", created, a.source(), a.sourceKey(), a.facilityId(),
                    a.studyInstanceUid(), deadline);
            return created;
        });
    }

    private Optional<Long> idOf(CriticalAlert a) {
        return jdbc.sql("SELECT id FROM critical_notification WHERE source = ? AND source_key = ?").params(a.source().name(), a.sourceKey())
                .query(Long.class).optional();
    }

    /**
     * A named user of the facility acknowledges it (the API checks that the user belongs to it).
     *
     * @throws ReportException NOT_FOUND, or CONFLICT {@code critical-acknowledged} when it was acknowledged before
     */
    public CriticalNotification acknowledge(long id, String username, String name, String informedClinician, String note) {
        tx.executeWithoutResult(status -> {
            CriticalNotification n = find(id).orElseThrow(() -> ReportException.notFound("no critical value " + id));
            Instant now = clock.instant();
            int updated = jdbc.sql("UPDATE critical_notification SET state = 'ACKNOWLEDGED', acknowledged_at = ?, acknowledged_by = ?,"
                            + " acknowledged_name = ?, informed_clinician = ?, ack_note = ? WHERE id = ? AND state <> 'ACKNOWLEDGED'")
                    .params(ts(now), username, truncate(name, 200), truncate(blankToNull(informedClinician), 200),
                            truncate(blankToNull(note), 1000), id)
                    .update();
            if (updated == 0) {
                Acknowledgement before = find(id).map(CriticalNotification::acknowledgement).orElse(n.acknowledgement());
                throw ReportException.conflict("critical-acknowledged", "critical value " + id + " was already acknowledged"
                        + (before == null ? "" : " by " + before.username() + " at " + before.at()));
            }
            step(id, now, StepKind.ACKNOWLEDGED, Channel.API, null, username,
                    (now.isAfter(n.deadlineAt()) ? "late, " : "") + "by " + name
                            + (blankToNull(informedClinician) == null ? "" : "; informed " + informedClinician.strip())
                            + (blankToNull(note) == null ? "" : "; " + note.strip()));
        });
        return find(id).orElseThrow();
    }

    /**
     * Every OPEN notification whose deadline has passed becomes LATE and is escalated: to the
     * facility's second contact (its escalation HL7 and webhook targets; name and telephone shown on
     * the notification) and to the centre's duty senior reader (late notifications are what senior
     * readers see in {@code GET /api/critical-values?state=LATE}). Returns how many were escalated.
     */
    public int escalateOverdue() {
        Instant now = clock.instant();
        List<Long> due = jdbc.sql("SELECT id FROM critical_notification WHERE state = 'OPEN' AND deadline_at <= ? ORDER BY deadline_at"
                        + " FETCH FIRST " + ESCALATION_BATCH + " ROWS ONLY")
                .param(ts(now)).query(Long.class).list();
        int escalated = 0;
        for (long id : due) {
            Boolean done = tx.execute(status -> {
                if (jdbc.sql("UPDATE critical_notification SET state = 'LATE', escalated_at = ? WHERE id = ? AND state = 'OPEN'")
                        .params(ts(now), id).update() == 0) {
                    return false;  // acknowledged meanwhile, or another node escalated it
                }
                String facility = jdbc.sql("SELECT facility_id FROM critical_notification WHERE id = ?").param(id).query(String.class).single();
                CriticalTargets.Targets t = targets.of(facility);
                String contact = t.contact() == null ? "no second contact configured"
                        : "second contact " + nullToEmpty(t.contact().name()) + " " + nullToEmpty(t.contact().phone());
                step(id, now, StepKind.ESCALATED, Channel.API, "centre", null, "not acknowledged by the deadline; " + contact.strip()
                        + "; centre duty senior reader " + (dutySenior == null ? "(every SENIOR_READER)" : dutySenior));
                dispatch(id, Purpose.ESCALATE, t.escalate(), now);
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                escalated++;
                log.warn("critical value {} not acknowledged by its deadline: escalated", id);
            }
        }
        return escalated;
    }

    /** Checks deadlines every {@code interval} until closed (the check itself keeps no state: a restart loses nothing). */
    public AutoCloseable watch(Duration interval) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "critical-value-deadlines");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> {
            try {
                escalateOverdue();
            } catch (RuntimeException e) {
                log.warn("critical value deadline check failed, retrying: {}", e.getMessage());
            }
        }, 0, Math.max(10, interval.toMillis()), TimeUnit.MILLISECONDS);
        return () -> {
            s.shutdownNow();
            s.awaitTermination(10, TimeUnit.SECONDS);
        };
    }

    public Optional<CriticalNotification> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query((rs, n) -> row(rs)).optional().map(n -> complete(List.of(n)).get(0));
    }

    /**
     * Notifications in the given states (empty: every state), of one facility (null: every facility), newest first.
     */
    public List<CriticalNotification> list(String facilityId, Set<State> states, int offset, int limit) {
        List<String> names = (states.isEmpty() ? Set.of(State.values()) : states).stream().map(Enum::name).toList();
        List<CriticalNotification> page = jdbc.sql(SELECT + " WHERE state IN (:states) AND (CAST(:facility AS VARCHAR(64)) IS NULL OR facility_id = :facility)"
                        + " ORDER BY raised_at DESC, id DESC OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .param("states", names).param("facility", facilityId).param("offset", offset).param("limit", limit)
                .query((rs, n) -> row(rs)).list();
        return complete(page);
    }

    /** How many are in a state (null facility: all), for the metrics and the banner. */
    public int count(String facilityId, State state) {
        return jdbc.sql("SELECT COUNT(*) FROM critical_notification WHERE state = ? AND (CAST(? AS VARCHAR(64)) IS NULL OR facility_id = ?)")
                .params(state.name(), facilityId, facilityId).query(Integer.class).single();
    }

    // ------------------------------------------------------------------ dispatches, for the worker

    private void dispatch(long notification, Purpose purpose, List<CriticalTargets.Target> to, Instant now) {
        for (CriticalTargets.Target t : to) {
            jdbc.sql("INSERT INTO critical_dispatch (notification_id, purpose, channel, target, state, attempts, created_at)"
                            + " VALUES (?, ?, ?, ?, 'PENDING', 0, ?)")
                    .params(notification, purpose.name(), t.channel().name(), t.address(), ts(now)).update();
            long id = jdbc.sql("SELECT id FROM critical_dispatch WHERE notification_id = ? AND purpose = ? AND channel = ? AND target = ?")
                    .params(notification, purpose.name(), t.channel().name(), t.address()).query(Long.class).single();
            jobs.enqueue(KIND, "critical-dispatch-" + id, Long.toString(notification), Long.toString(id));
        }
    }

    /** A dispatch and the notification it belongs to. */
    record Work(Dispatch dispatch, CriticalNotification notification) {
    }

    Optional<Work> work(long dispatchId) {
        return jdbc.sql("SELECT notification_id FROM critical_dispatch WHERE id = ?").param(dispatchId).query(Long.class).optional()
                .flatMap(this::find)
                .flatMap(n -> n.dispatches().stream().filter(d -> d.id() == dispatchId).findFirst().map(d -> new Work(d, n)));
    }

    void attempting(long dispatchId) {
        jdbc.sql("UPDATE critical_dispatch SET attempts = attempts + 1 WHERE id = ? AND state <> 'SENT'").param(dispatchId).update();
    }

    void sent(Work w) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            if (jdbc.sql("UPDATE critical_dispatch SET state = 'SENT', last_error = NULL, sent_at = ? WHERE id = ? AND state <> 'SENT'")
                    .params(ts(now), w.dispatch().id()).update() == 1) {
                step(w.notification().id(), now, StepKind.SENT, w.dispatch().channel(), w.dispatch().target(), null,
                        w.dispatch().purpose() == Purpose.ESCALATE ? "escalation" : "notification");
            }
        });
    }

    /** An attempt failed: RETRYING, or FAILED for good (then a step says so). Never undoes SENT. */
    void failed(Work w, boolean forGood, String error) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            if (jdbc.sql("UPDATE critical_dispatch SET state = ?, last_error = ? WHERE id = ? AND state NOT IN ('SENT', 'FAILED')")
                    .params(forGood ? "FAILED" : "RETRYING", truncate(error, 1000), w.dispatch().id()).update() == 1 && forGood) {
                step(w.notification().id(), now, StepKind.FAILED, w.dispatch().channel(), w.dispatch().target(), null, truncate(error, 1000));
            }
        });
    }

    // ------------------------------------------------------------------ rows

    private void step(long id, Instant at, StepKind kind, Channel channel, String target, String actor, String detail) {
        jdbc.sql("INSERT INTO critical_step (notification_id, at, kind, channel, target, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, ts(at), kind.name(), channel == null ? null : channel.name(), truncate(target, 300), actor, truncate(detail, 1000))
                .update();
    }

    private static final String SELECT = "SELECT id, source, source_key, facility_id, study_uid, patient_id, patient_name, service_line,"
            + " category, summary, report_id, report_version, state, raised_at, deadline_at, escalated_at, acknowledged_at, acknowledged_by,"
            + " acknowledged_name, informed_clinician, ack_note FROM critical_notification";

    private static CriticalNotification row(ResultSet rs) throws SQLException {
        long reportId = rs.getLong(11);
        Long report = rs.wasNull() ? null : reportId;
        int version = rs.getInt(12);
        Integer reportVersion = rs.wasNull() ? null : version;
        State state = State.valueOf(rs.getString(13));
        Instant deadline = instant(rs, 15);
        Instant acknowledgedAt = instant(rs, 17);
        Acknowledgement ack = acknowledgedAt == null ? null
                : new Acknowledgement(acknowledgedAt, rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21));
        Instant escalatedAt = instant(rs, 16);
        boolean late = state == State.LATE || escalatedAt != null || (acknowledgedAt != null && acknowledgedAt.isAfter(deadline));
        return new CriticalNotification(rs.getLong(1), CriticalNotification.Source.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), report, reportVersion,
                state, instant(rs, 14), deadline, late, escalatedAt, ack, null, List.of(), List.of());
    }

    /** Adds steps, dispatches and the facility's second contact: two queries for the whole page, not two per notification. */
    private List<CriticalNotification> complete(List<CriticalNotification> page) {
        if (page.isEmpty()) {
            return page;
        }
        List<Long> ids = page.stream().map(CriticalNotification::id).toList();
        Map<Long, List<Step>> steps = new HashMap<>();
        jdbc.sql("SELECT notification_id, at, kind, channel, target, actor, detail FROM critical_step WHERE notification_id IN (:ids) ORDER BY id")
                .param("ids", ids)
                .query(rs -> {
                    steps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Step(instant(rs, 2), StepKind.valueOf(rs.getString(3)),
                            rs.getString(4) == null ? null : Channel.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7)));
                });
        Map<Long, List<Dispatch>> dispatches = new HashMap<>();
        jdbc.sql("SELECT notification_id, id, purpose, channel, target, state, attempts, last_error, sent_at FROM critical_dispatch"
                        + " WHERE notification_id IN (:ids) ORDER BY id")
                .param("ids", ids)
                .query(rs -> {
                    dispatches.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Dispatch(rs.getLong(2),
                            Purpose.valueOf(rs.getString(3)), Channel.valueOf(rs.getString(4)), rs.getString(5),
                            DispatchState.valueOf(rs.getString(6)), rs.getInt(7), rs.getString(8), instant(rs, 9)));
                });
        return page.stream().map(n -> new CriticalNotification(n.id(), n.source(), n.sourceKey(), n.facilityId(), n.studyInstanceUid(),
                n.patientId(), n.patientName(), n.serviceLine(), n.category(), n.summary(), n.reportId(), n.reportVersion(), n.state(),
                n.raisedAt(), n.deadlineAt(), n.late(), n.escalatedAt(), n.acknowledgement(), targets.of(n.facilityId()).contact(),
                steps.getOrDefault(n.id(), List.of()), dispatches.getOrDefault(n.id(), List.of()))).toList();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
