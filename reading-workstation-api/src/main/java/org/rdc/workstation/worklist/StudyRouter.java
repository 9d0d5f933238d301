package org.rdc.workstation.worklist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.StudyArrival;
import org.rdc.storage.catalog.StudyComposition;
import org.rdc.workstation.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns ready studies into reading tasks. A study is ready when its sender said so
 * ({@code Catalog.markReady}: Storage Commitment, end of a STOW-RS request, ECG upload) or when
 * no instance has arrived for the facility's quiet period. Instances arriving after that are
 * attached to the same task and flagged (a task RETURNED_FOR_QC goes back to SCHEDULED with them).
 *
 * <p>Each scan looks only at studies touched since the previous successful scan (less the longest
 * quiet period), which the catalog finds through its indexes ({@link Catalog#arrivalsSince}); the
 * first scan after start-up walks every study, a page at a time, for those without a task. The
 * router is the centre's own work: it reads the catalog in {@link CatalogScope#alliance()}.
 * Several nodes may scan at once: the unique study UID of a task makes routing exactly-once.
 */
public final class StudyRouter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StudyRouter.class);
    /** Commits may become visible a little after the timestamp they carry. */
    private static final Duration SLACK = Duration.ofSeconds(5);
    /** Studies per catalog page in the start-up scan, and per task lookup. */
    private static final int BATCH = 500;
    private static final CatalogScope ALLIANCE = CatalogScope.alliance();

    private final JdbcClient jdbc;
    private final Catalog catalog;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final WorklistSettings settings;
    private final Worklist worklist;
    private final RoutingGate gate;
    private Instant lastScanStart;
    private ScheduledExecutorService scheduler;

    public StudyRouter(DataSource dataSource, Catalog catalog, Clock clock, WorklistSettings settings, Worklist worklist) {
        this(dataSource, catalog, clock, settings, worklist, RoutingGate.OPEN);
    }

    /** @param gate holds a ready study while work that decides its task is pending (issue 11 point 7) */
    public StudyRouter(DataSource dataSource, Catalog catalog, Clock clock, WorklistSettings settings, Worklist worklist,
                       RoutingGate gate) {
        this.gate = gate;
        this.jdbc = JdbcClient.create(dataSource);
        this.catalog = catalog;
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
        this.settings = settings;
        this.worklist = worklist;
    }

    /** Scans every {@code settings.pollInterval()} and expires leases, until closed. */
    public synchronized StudyRouter start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "worklist-router");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(10, settings.pollInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::scanQuietly, 0, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /** A sender has just said a study is complete: scan now rather than at the next poll. */
    public synchronized void nudge() {
        if (scheduler != null && !scheduler.isShutdown()) {
            try {
                scheduler.execute(this::scanQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void scanQuietly() {
        try {
            scan();
            worklist.expireLeases();
        } catch (RuntimeException e) {
            log.warn("worklist routing scan failed, retrying: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What an intake knows about a study's urgency: the requested priority ((0040,1003),
     * (0032,000C) or the facility's marking) and, for an ECG, whether its automatic analysis met a
     * critical criterion (which makes it STAT). Applies to a task already routed, too.
     */
    public void hint(String studyUid, Priority priority, boolean critical, String note) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            int n = jdbc.sql("UPDATE routing_hint SET priority = COALESCE(?, priority), critical = (critical OR ?), note = COALESCE(?, note)"
                            + " WHERE study_uid = ?")
                    .params(priority == null ? null : priority.name(), critical, note, studyUid).update();
            if (n == 0) {
                jdbc.sql("INSERT INTO routing_hint (study_uid, priority, critical, note, created_at) VALUES (?, ?, ?, ?, ?)")
                        .params(studyUid, priority == null ? null : priority.name(), critical, note, Worklist.ts(now)).update();
            }
        });
        worklist.findByStudy(studyUid).filter(t -> !t.state().isFinal()).ifPresent(t -> {
            Priority p = critical ? Priority.STAT : priority != null ? priority : t.priority();
            if (p.rank() < t.priority().rank() || (critical && !t.critical())) {
                Instant due = t.arrivedAt().plus(worklist.sla().due(t.serviceLine(), p));
                tx.executeWithoutResult(status -> {
                    if (jdbc.sql("UPDATE reading_task SET priority = ?, priority_rank = ?, critical = ?, due_at = ?, version = version + 1,"
                                    + " updated_at = ? WHERE id = ? AND version = ?")
                            .params(p.name(), p.rank(), critical || t.critical(), Worklist.ts(due), Worklist.ts(now), t.id(), t.version())
                            .update() == 1) {
                        worklist.event(t.id(), now, Caller.system().username(), "PRIORITY", t.state(), t.state(),
                                critical ? "CRITICAL" : null, t.priority() + " -> " + p + (note != null ? ": " + note : ""));
                    }
                });
            }
        });
    }

    /** One pass: routes ready studies, attaches late instances. Returns the number of tasks created. */
    public synchronized int scan() {
        Instant start = clock.instant();
        List<StudyRow> rows;
        if (lastScanStart == null) {
            rows = new ArrayList<>();
            List<StudyArrival> page = catalog.arrivals(ALLIANCE, null, BATCH);
            while (!page.isEmpty()) {
                rows(page).stream().filter(r -> r.taskId == null).forEach(rows::add);
                page = catalog.arrivals(ALLIANCE, page.get(page.size() - 1).studyInstanceUid(), BATCH);
            }
        } else {
            Instant since = lastScanStart.minus(settings.longestQuietPeriod()).minus(SLACK);
            rows = rows(catalog.arrivalsSince(ALLIANCE, since));
        }
        int created = 0;
        boolean held = false;
        for (StudyRow r : rows) {
            try {
                if (r.taskId == null) {
                    if (ready(r, start)) {
                        RoutingGate.Verdict verdict = verdict(r.studyUid);
                        if (verdict.hold()) {
                            held = true;
                        } else if (route(r, start, verdict.note())) {
                            created++;
                        }
                    }
                } else if (r.lastReceivedAt.isAfter(r.taskStudyLastReceivedAt)) {
                    attachLate(r, start);
                }
            } catch (RuntimeException e) {
                log.warn("cannot route study {}: {}", r.studyUid, e.getMessage());
            }
        }
        // A held study must be looked at again: keep the window where it was until nothing is held.
        lastScanStart = held ? lastScanStart : start;
        return created;
    }

    private RoutingGate.Verdict verdict(String studyUid) {
        try {
            return gate.check(studyUid);
        } catch (RuntimeException e) {
            return RoutingGate.Verdict.hold("routing gate failed: " + e.getMessage());
        }
    }

    private boolean ready(StudyRow r, Instant now) {
        return r.readyRequestedAt != null || !r.lastReceivedAt.plus(settings.quietPeriod(r.facilityId)).isAfter(now);
    }

    private boolean route(StudyRow r, Instant now, String gateNote) {
        List<String> sopClasses = new ArrayList<>();
        List<String> modalities = new ArrayList<>();
        StudyComposition composition = catalog.composition(ALLIANCE, r.studyUid);
        for (StudyComposition.Part p : composition.parts()) {
            String m = p.modality();
            if (m != null && !modalities.contains(m.trim().toUpperCase(Locale.ROOT))) {
                modalities.add(m.trim().toUpperCase(Locale.ROOT));
            }
            sopClasses.add(p.sopClassUid());
        }
        int instances = composition.instances();
        Optional<Hint> hint = jdbc.sql("SELECT priority, critical, note FROM routing_hint WHERE study_uid = ?").param(r.studyUid)
                .query((rs, n) -> new Hint(rs.getString(1) == null ? null : Priority.valueOf(rs.getString(1)), rs.getBoolean(2),
                        rs.getString(3)))
                .optional();
        List<String> notes = new ArrayList<>();
        ServiceLine line;
        Optional<ServiceLine> routed = settings.routing().route(sopClasses, modalities);
        if (routed.isPresent()) {
            line = routed.get();
        } else if (r.readyReason != null && r.readyReason.startsWith("ECG")) {
            line = ServiceLine.ECG;
            notes.add("ECG upload");
        } else {
            line = settings.fallbackServiceLine();
            notes.add("no service line for modalities " + modalities + "; default " + line);
        }
        boolean critical = hint.map(Hint::critical).orElse(false);
        Optional<Priority> marked = settings.markedPriority(r.facilityId, r.requestedPriority);
        Priority priority;
        if (critical) {
            priority = Priority.STAT;
            notes.add("critical" + hint.map(h -> h.note == null ? "" : ": " + h.note).orElse(""));
        } else if (hint.isPresent() && hint.get().priority != null) {
            priority = hint.get().priority;
            notes.add("requested priority " + priority);
        } else if (marked.isPresent()) {
            priority = marked.get();
            notes.add("requested priority '" + r.requestedPriority + "' = " + priority);
        } else {
            priority = settings.defaultPriority(r.facilityId);
            notes.add((r.requestedPriority != null ? "unknown requested priority '" + r.requestedPriority + "'; " : "")
                    + "facility default priority " + priority);
        }
        if (gateNote != null) {
            notes.add(gateNote);
        }
        // the matrix as it is now; tasks routed before a change keep the due time they were given
        Instant due = r.firstReceivedAt.plus(worklist.sla().due(line, priority));
        String readyReason = r.readyRequestedAt != null ? (r.readyReason == null ? "SENDER" : r.readyReason) : "QUIET_PERIOD";
        String note = String.join("; ", notes);
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                GeneratedKeyHolder keys = new GeneratedKeyHolder();
                jdbc.sql("""
                                INSERT INTO reading_task (study_uid, facility_id, service_line, priority, priority_rank, critical, state, active,
                                    queue, arrived_at, ready_at, ready_reason, due_at, modalities, routing_note, instance_count,
                                    study_last_received_at, late_instance_count, version, created_at, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?, 'SCHEDULED', TRUE, 'READING', ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)""")
                        .params(r.studyUid, r.facilityId, line.name(), priority.name(), priority.rank(), critical,
                                Worklist.ts(r.firstReceivedAt), Worklist.ts(now), readyReason, Worklist.ts(due),
                                String.join(",", modalities), truncate(note, 400), instances, Worklist.ts(r.lastReceivedAt),
                                Worklist.ts(now), Worklist.ts(now))
                        .update(keys, "id");
                long id = keys.getKeyAs(Number.class).longValue();
                worklist.event(id, now, "system", "ROUTED", null, TaskState.SCHEDULED, readyReason,
                        line + ", " + priority + ", due " + due + "; " + note);
                return true;
            }));
        } catch (DuplicateKeyException e) {
            return false; // another node routed it first
        }
    }

    private void attachLate(StudyRow r, Instant now) {
        int count = catalog.composition(ALLIANCE, r.studyUid).instances();
        Task t = worklist.find(r.taskId).orElseThrow();
        // Different bytes under a known SOP Instance UID leave an earlier version; the same bytes again leave nothing.
        int replaced = catalog.versionsReplacedSince(ALLIANCE, r.studyUid, r.taskStudyLastReceivedAt);
        int added = Math.max(0, count - t.instanceCount());
        if (added == 0 && replaced == 0) {
            // A device sent instances the centre already had: nothing for the reader to look at again.
            jdbc.sql("UPDATE reading_task SET study_last_received_at = ? WHERE id = ? AND study_last_received_at < ?")
                    .params(Worklist.ts(r.lastReceivedAt), t.id(), Worklist.ts(r.lastReceivedAt)).update();
            return;
        }
        boolean resubmitted = t.state() == TaskState.RETURNED_FOR_QC;
        TaskState to = resubmitted ? TaskState.SCHEDULED : t.state();
        tx.executeWithoutResult(status -> {
            String sql = "UPDATE reading_task SET instance_count = ?, late_instance_count = late_instance_count + ?,"
                    + " study_last_received_at = ?, late_since = COALESCE(late_since, ?), version = version + 1, updated_at = ?"
                    + (resubmitted ? ", state = 'SCHEDULED', active = TRUE, queue = 'READING', holder = NULL, lease_expires_at = NULL" : "")
                    + " WHERE id = ? AND version = ?";
            if (jdbc.sql(sql).params(count, added + replaced, Worklist.ts(r.lastReceivedAt), Worklist.ts(now), Worklist.ts(now), t.id(),
                    t.version()).update() == 1) {
                worklist.event(t.id(), now, "system", resubmitted ? "RESUBMITTED" : "LATE_INSTANCES", t.state(), to, null,
                        added + " instance(s) received after the study was routed"
                                + (replaced > 0 ? ", " + replaced + " replaced by different content" : "")
                                + (t.holder() != null ? "; flagged to " + t.holder() : ""));
            }
        });
    }

    private record Hint(Priority priority, boolean critical, String note) {
    }

    private record StudyRow(String studyUid, String facilityId, Instant firstReceivedAt, Instant lastReceivedAt,
                            Instant readyRequestedAt, String readyReason, Long taskId, Instant taskStudyLastReceivedAt,
                            String requestedPriority) {
    }

    /** A study's task and the last arrival it has taken in. */
    private record RoutedAs(long id, Instant studyLastReceivedAt) {
    }

    /** The catalog's studies with their tasks, if routed: one task lookup per {@link #BATCH} studies. */
    private List<StudyRow> rows(List<StudyArrival> studies) {
        Map<String, RoutedAs> tasks = new HashMap<>();
        for (int from = 0; from < studies.size(); from += BATCH) {
            List<String> uids = studies.subList(from, Math.min(studies.size(), from + BATCH)).stream()
                    .map(StudyArrival::studyInstanceUid).toList();
            jdbc.sql("SELECT study_uid, id, study_last_received_at FROM reading_task WHERE study_uid IN (:uids)").param("uids", uids)
                    .query(rs -> {
                        tasks.put(rs.getString(1), new RoutedAs(rs.getLong(2), Worklist.instant(rs, 3)));
                    });
        }
        List<StudyRow> rows = new ArrayList<>(studies.size());
        for (StudyArrival s : studies) {
            RoutedAs task = tasks.get(s.studyInstanceUid());
            rows.add(new StudyRow(s.studyInstanceUid(), s.facilityId(), s.firstReceivedAt(), s.lastReceivedAt(), s.readyRequestedAt(),
                    s.readyReason(), task == null ? null : task.id(), task == null ? null : task.studyLastReceivedAt(),
                    s.requestedPriority()));
        }
        return rows;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
