package org.rdc.workstation.worklist;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.StudyHeader;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Role;
import org.rdc.workstation.security.UserAccount;
import org.rdc.workstation.security.UserStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reading tasks and their transitions. Every change is a conditional UPDATE (on the expected state
 * and version) plus a history row in one transaction, so two callers can never both win, on H2
 * or PostgreSQL alike; an illegal or lost transition is refused with CONFLICT (409).
 */
public final class Worklist {

    /** How many of the most urgent candidates {@link #next} tries before it looks again. */
    private static final int CANDIDATES = 16;

    private final JdbcClient jdbc;
    private final Catalog catalog;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final WorklistSettings settings;
    private final UserStore users;
    private final boolean skipLocked;
    private final SlaMatrix sla;

    /** {@code catalog}: where the patient and examination of each task's study come from. */
    public Worklist(DataSource dataSource, Catalog catalog, Clock clock, WorklistSettings settings, UserStore users) {
        this(dataSource, catalog, clock, settings, users, isPostgres(dataSource));
    }

    /** {@code skipLocked} false: the conditional UPDATE alone, on any database (tests compare both). */
    public Worklist(DataSource dataSource, Catalog catalog, Clock clock, WorklistSettings settings, UserStore users,
                    boolean skipLocked) {
        this.jdbc = JdbcClient.create(dataSource);
        this.catalog = catalog;
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
        this.settings = settings;
        this.users = users;
        this.skipLocked = skipLocked;
        this.sla = new SlaMatrix(dataSource, clock, settings.sla());
    }

    /**
     * On PostgreSQL {@code next} locks its candidate with {@code FOR UPDATE SKIP LOCKED}, so
     * concurrent readers pass each other instead of queueing on the same row. H2 gets only the
     * conditional UPDATE (its SKIP LOCKED is not reliable with an index).
     */
    private static boolean isPostgres(DataSource ds) {
        try (java.sql.Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the worklist database: " + e.getMessage(), e);
        }
    }

    public WorklistSettings settings() {
        return settings;
    }

    /** The SLA matrix new tasks get their due time from (stored; the configuration is its default). */
    public SlaMatrix sla() {
        return sla;
    }

    // ---------------------------------------------------------------- reading

    public Optional<Task> find(long id) {
        return jdbc.sql(TASK_SELECT + " WHERE id = ?").param(id).query(Worklist::task).optional();
    }

    public Optional<Task> findByStudy(String studyUid) {
        return jdbc.sql(TASK_SELECT + " WHERE study_uid = ?").param(studyUid).query(Worklist::task).optional();
    }

    /** The task if the caller may see it; NOT_FOUND otherwise, so nobody learns of tasks they may not see. */
    public Task visible(Caller caller, long id) {
        Task t = find(id).orElseThrow(() -> WorkstationException.notFound("no task " + id));
        if (!canSee(caller, t)) {
            throw WorkstationException.notFound("no task " + id);
        }
        return t;
    }

    public static boolean canSee(Caller c, Task t) {
        if (c.seesEverything()) {
            return true;
        }
        if (c.facilityScoped()) {
            return c.facilityId() != null && c.facilityId().equals(t.facilityId());
        }
        return c.isStaff() && (c.serviceLines().contains(t.serviceLine()) || c.username().equals(t.holder()));
    }

    public List<TaskEvent> history(long taskId) {
        return jdbc.sql("SELECT at, actor, action, from_state, to_state, reason, detail FROM task_event WHERE task_id = ? ORDER BY id")
                .param(taskId)
                .query((rs, n) -> new TaskEvent(instant(rs, 1), rs.getString(2), rs.getString(3),
                        rs.getString(4) == null ? null : TaskState.valueOf(rs.getString(4)), TaskState.valueOf(rs.getString(5)),
                        rs.getString(6), rs.getString(7)))
                .list();
    }

    /**
     * Whose lease ran out last, while nobody has taken the task since: the newest event is
     * LEASE_EXPIRED and the lease was that of the user who claimed or renewed it just before.
     * Empty otherwise (also after a reassignment, whose actor is not the holder).
     */
    public Optional<String> lapsedHolder(long taskId) {
        List<TaskEvent> h = history(taskId);
        if (h.isEmpty() || !h.get(h.size() - 1).action().equals("LEASE_EXPIRED")) {
            return Optional.empty();
        }
        for (int i = h.size() - 2; i >= 0; i--) {
            TaskEvent e = h.get(i);
            if (e.toState() == TaskState.IN_PROGRESS) {
                return Set.of("CLAIM", "NEXT", "RENEW").contains(e.action()) ? Optional.of(e.actor()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The worklist as the caller may see it, most urgent first: priority, due time, arrival. */
    public WorklistPage list(Caller caller, WorklistQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.states().isEmpty()) {
            where.append(" AND t.active = TRUE");
        } else {
            where.append(" AND t.state IN (").append(placeholders(q.states().size())).append(")");
            q.states().stream().map(Enum::name).sorted().forEach(params::add);
        }
        if (caller.seesEverything()) {
            // no restriction
        } else if (caller.facilityScoped()) {
            if (q.facilityId() != null && !q.facilityId().equals(caller.facilityId())) {
                throw WorkstationException.forbidden("a user of facility " + caller.facilityId() + " sees only its own tasks");
            }
            where.append(" AND t.facility_id = ?");
            params.add(caller.facilityId());
        } else if (caller.isStaff()) {
            if (q.serviceLine() != null && !caller.serviceLines().contains(q.serviceLine())) {
                throw WorkstationException.forbidden(caller.username() + " does not read " + q.serviceLine());
            }
            if (q.serviceLine() == null) {
                where.append(" AND t.service_line IN (").append(placeholders(caller.serviceLines().size())).append(")");
                caller.serviceLines().stream().map(Enum::name).sorted().forEach(params::add);
            }
        } else {
            throw WorkstationException.forbidden(caller.username() + " has no role that sees the worklist");
        }
        if (q.serviceLine() != null) {
            where.append(" AND t.service_line = ?");
            params.add(q.serviceLine().name());
        }
        if (q.priority() != null) {
            where.append(" AND t.priority_rank = ?");
            params.add(q.priority().rank());
        }
        if (q.facilityId() != null) {
            where.append(" AND t.facility_id = ?");
            params.add(q.facilityId());
        }
        params.add(q.size() + 1);
        params.add((long) q.page() * q.size());
        List<Task> rows = jdbc.sql(TASK_SELECT + where + URGENCY + " LIMIT ? OFFSET ?").params(params)
                .query(Worklist::task).list();
        boolean more = rows.size() > q.size();
        return new WorklistPage(items(caller, more ? rows.subList(0, q.size()) : rows), q.page(), q.size(), more);
    }

    /** Tasks sent back to a facility for a retake, newest first. */
    public List<WorklistItem> qcReturns(Caller caller, String facilityId, int page, int size) {
        if (!caller.seesEverything() && !caller.has(Role.SENIOR_READER)
                && !(caller.facilityScoped() && facilityId.equals(caller.facilityId()))) {
            throw WorkstationException.forbidden(caller.username() + " may not see the QC returns of facility " + facilityId);
        }
        if (page < 0 || size < 1 || size > WorklistQuery.MAX_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size within 1.." + WorklistQuery.MAX_SIZE);
        }
        return items(caller, jdbc.sql(TASK_SELECT + " WHERE t.facility_id = ? AND t.state = 'RETURNED_FOR_QC'"
                        + " ORDER BY t.updated_at DESC, t.id DESC LIMIT ? OFFSET ?")
                .params(facilityId, size, (long) page * size).query(Worklist::task).list());
    }

    /**
     * The tasks with the patient and examination of their studies, from one catalog lookup in the
     * caller's scope. A task whose study the catalog does not show the caller is left out, so a
     * page never carries another facility's patient (and, as before, never a task without a study).
     */
    private List<WorklistItem> items(Caller caller, List<Task> tasks) {
        Map<String, StudyHeader> studies = catalog.headers(caller.catalogScope(),
                tasks.stream().map(Task::studyInstanceUid).distinct().toList());
        List<WorklistItem> items = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            StudyHeader s = studies.get(t.studyInstanceUid());
            if (s != null) {
                items.add(new WorklistItem(t, s.patientId(), s.patientName(), s.patientSex(), s.patientBirthDate(),
                        s.accessionNumber(), s.studyDate(), s.studyDescription(), WorklistItem.thumbnailUrl(t.studyInstanceUid())));
            }
        }
        return items;
    }

    // ---------------------------------------------------------------- claiming

    /**
     * Claims the most urgent waiting task of {@code queue} in the given service lines (all the
     * caller's lines when empty). Each candidate is taken with {@code UPDATE ... WHERE id = ? AND
     * state = <waiting>}: exactly one caller sees one row changed, the others move on to the next
     * candidate.
     */
    public Optional<Task> next(Caller caller, Set<ServiceLine> lines, Queue queue) {
        Queue q = queue != null ? queue : caller.defaultQueue();
        Set<ServiceLine> wanted = lines == null || lines.isEmpty() ? caller.serviceLines() : lines;
        for (ServiceLine l : wanted) {
            if (!caller.qualifiedFor(q, l)) {
                throw WorkstationException.forbidden(caller.username() + " is not qualified for the " + q + " queue of " + l);
            }
        }
        if (wanted.isEmpty()) {
            throw WorkstationException.forbidden(caller.username() + " reads no service line");
        }
        TaskState waiting = q.waitingState();
        if (skipLocked) {
            return nextSkipLocked(caller, wanted, q);
        }
        while (true) {
            List<Candidate> candidates = new ArrayList<>();
            for (ServiceLine l : wanted) {
                // One index range per line (state, line, priority, due, arrival, id): no sort over the whole queue.
                jdbc.sql("SELECT id, priority_rank, due_at, arrived_at, read_by FROM reading_task WHERE state = ? AND service_line = ?"
                                + " ORDER BY priority_rank, due_at, arrived_at, id LIMIT ?")
                        .params(waiting.name(), l.name(), CANDIDATES)
                        .query(rs -> {
                            candidates.add(new Candidate(rs.getLong(1), rs.getInt(2), instant(rs, 3), instant(rs, 4), rs.getString(5)));
                        });
            }
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            candidates.sort(Comparator.comparingInt(Candidate::rank).thenComparing(Candidate::due)
                    .thenComparing(Candidate::arrived).thenComparingLong(Candidate::id));
            boolean anyEligible = false;
            for (Candidate c : candidates) {
                if (q == Queue.COUNTERSIGN && caller.username().equals(c.readBy())) {
                    continue; // nobody countersigns their own report
                }
                anyEligible = true;
                Optional<Task> won = tryClaim(caller, c.id(), waiting, "NEXT");
                if (won.isPresent()) {
                    return won;
                }
            }
            if (!anyEligible) {
                return Optional.empty();
            }
        }
    }

    private record Candidate(long id, int rank, Instant due, Instant arrived, String readBy) {
    }

    /**
     * PostgreSQL: per line the most urgent row nobody else has locked; the best of those is taken
     * with the same conditional UPDATE (which then cannot lose), all in one short transaction.
     */
    private Optional<Task> nextSkipLocked(Caller caller, Set<ServiceLine> lines, Queue q) {
        TaskState waiting = q.waitingState();
        return tx.execute(status -> {
            List<Candidate> candidates = new ArrayList<>();
            for (ServiceLine l : lines) {
                List<Object> params = new ArrayList<>(List.of(waiting.name(), l.name()));
                if (q == Queue.COUNTERSIGN) {
                    params.add(caller.username());
                }
                jdbc.sql("SELECT id, priority_rank, due_at, arrived_at, read_by FROM reading_task WHERE state = ? AND service_line = ?"
                                + (q == Queue.COUNTERSIGN ? " AND (read_by IS NULL OR read_by <> ?)" : "")
                                + " ORDER BY priority_rank, due_at, arrived_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")
                        .params(params)
                        .query(rs -> {
                            candidates.add(new Candidate(rs.getLong(1), rs.getInt(2), instant(rs, 3), instant(rs, 4), rs.getString(5)));
                        });
            }
            Optional<Candidate> best = candidates.stream().min(Comparator.comparingInt(Candidate::rank).thenComparing(Candidate::due)
                    .thenComparing(Candidate::arrived).thenComparingLong(Candidate::id));
            if (best.isEmpty()) {
                return Optional.<Task>empty();
            }
            Instant now = clock.instant();
            int n = jdbc.sql("UPDATE reading_task SET state = 'IN_PROGRESS', active = TRUE, holder = ?, lease_expires_at = ?,"
                            + " version = version + 1, updated_at = ? WHERE id = ? AND state = ?")
                    .params(caller.username(), ts(now.plus(settings.lease())), ts(now), best.get().id(), waiting.name())
                    .update();
            if (n != 1) {
                throw new IllegalStateException("task " + best.get().id() + " changed under its row lock");
            }
            event(best.get().id(), now, caller.username(), "NEXT", waiting, TaskState.IN_PROGRESS, null, null);
            return find(best.get().id());
        });
    }

    private Optional<Task> tryClaim(Caller caller, long id, TaskState waiting, String action) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            int n = jdbc.sql("""
                            UPDATE reading_task SET state = 'IN_PROGRESS', active = TRUE, holder = ?, lease_expires_at = ?,
                                version = version + 1, updated_at = ? WHERE id = ? AND state = ?""")
                    .params(caller.username(), ts(now.plus(settings.lease())), ts(now), id, waiting.name())
                    .update();
            if (n != 1) {
                return Optional.<Task>empty();
            }
            event(id, now, caller.username(), action, waiting, TaskState.IN_PROGRESS, null, null);
            return find(id);
        });
    }

    /** Claims one particular waiting task (or one whose holder's lease has run out). */
    public Task claim(Caller caller, long id) {
        Task t = visible(caller, id);
        if (t.state() == TaskState.IN_PROGRESS && t.holder() != null && leaseValid(t)) {
            throw WorkstationException.conflict("task " + id + " is held by " + t.holder() + " until " + t.leaseExpiresAt());
        }
        if (t.state() == TaskState.IN_PROGRESS) {
            expireLeases(); // its lease ran out: back to its queue first, with the history saying so
            t = visible(caller, id);
        }
        if (!t.state().isWaiting()) {
            throw WorkstationException.conflict("task " + id + " is " + t.state() + " and cannot be claimed");
        }
        Queue q = Queue.waitingIn(t.state()).orElseThrow();
        if (!caller.qualifiedFor(q, t.serviceLine())) {
            throw WorkstationException.forbidden(caller.username() + " is not qualified for the " + q + " queue of " + t.serviceLine());
        }
        if (q == Queue.COUNTERSIGN && caller.username().equals(t.readBy())) {
            throw WorkstationException.conflict("task " + id + " was read by " + caller.username() + ", who cannot countersign it");
        }
        Task finalT = t;
        return tryClaim(caller, id, t.state(), "CLAIM").orElseThrow(() -> WorkstationException.conflict(
                "task " + id + " was claimed by someone else meanwhile (it was " + finalT.state() + ")"));
    }

    /** Holder extends the lease. */
    public Task renew(Caller caller, long id) {
        return holderAction(caller, id, "RENEW", null, null, t -> new Change(TaskState.IN_PROGRESS)
                .set("lease_expires_at", ts(clock.instant().plus(settings.lease()))));
    }

    /** Holder gives the task back to its queue. */
    public Task release(Caller caller, long id, String reason) {
        return holderAction(caller, id, "RELEASE", null, reason, t -> waitingAgain(t.queue()));
    }

    /**
     * Holder has finished. A reading that needs a second signature (asked for, or the reader's
     * account requires it) goes to AWAITING_COUNTERSIGN; everything else is COMPLETED.
     */
    public Task complete(Caller caller, long id, boolean requestCountersign) {
        return holderAction(caller, id, "COMPLETE", null, null, t -> {
            if (t.queue() == Queue.READING && (requestCountersign || caller.requiresCountersign())) {
                return new Change(TaskState.AWAITING_COUNTERSIGN).set("queue", Queue.COUNTERSIGN.name())
                        .set("holder", null).set("lease_expires_at", null).set("read_by", caller.username());
            }
            Change c = new Change(TaskState.COMPLETED).set("holder", null).set("lease_expires_at", null);
            if (t.queue() == Queue.READING) {
                c.set("read_by", caller.username());
            }
            return c;
        });
    }

    /** Holder sends the examination back to the township with a configured reason (and text; required for OTHER). */
    public Task returnForQc(Caller caller, long id, String reason, String text) {
        String code = reason == null ? null : reason.trim().toUpperCase(java.util.Locale.ROOT);
        if (code == null || !settings.qcReasons().contains(code)) {
            throw WorkstationException.invalid("QC reason must be one of " + settings.qcReasons() + ": '" + reason + "'");
        }
        String detail = blankToNull(text);
        if ("OTHER".equals(code) && detail == null) {
            throw WorkstationException.invalid("QC reason OTHER needs a text saying what is wrong");
        }
        return holderAction(caller, id, "RETURN_FOR_QC", code, detail, t -> new Change(TaskState.RETURNED_FOR_QC)
                .set("holder", null).set("lease_expires_at", null).set("queue", Queue.READING.name())
                .set("qc_reason", code).set("qc_text", detail));
    }

    /**
     * The senior reader holding a countersign task sends it back to the reading queue, its report returned for
     * changes; any reader of the line (usually the one who read it) claims it again.
     */
    public Task returnToReading(Caller caller, long id, String reason) {
        return holderAction(caller, id, "RETURN_TO_READING", null, reason, t -> {
            if (t.queue() != Queue.COUNTERSIGN) {
                throw WorkstationException.conflict("task " + id + " is in the " + t.queue() + " queue; only a countersign task is returned");
            }
            return waitingAgain(Queue.READING).set("queue", Queue.READING.name());
        });
    }

    /** Holder sends a hard case to the tertiary consultants of the service line. */
    public Task escalate(Caller caller, long id, String reason) {
        String why = blankToNull(reason);
        if (why == null) {
            throw WorkstationException.invalid("an escalation needs a reason for the consultant");
        }
        return holderAction(caller, id, "ESCALATE", null, why, t -> {
            if (t.queue() == Queue.CONSULTATION) {
                throw WorkstationException.conflict("task " + id + " is already with a consultant");
            }
            return new Change(TaskState.ESCALATED).set("queue", Queue.CONSULTATION.name()).set("holder", null)
                    .set("lease_expires_at", null).set("escalation_reason", why);
        });
    }

    /**
     * Senior reader or administrator hands a task to a qualified user (IN_PROGRESS with a fresh
     * lease), or with no user back to its queue.
     */
    public Task reassign(Caller caller, long id, String toUser, String reason) {
        if (!caller.isAdmin() && !caller.has(Role.SENIOR_READER)) {
            throw WorkstationException.forbidden("only a senior reader or an administrator can reassign tasks");
        }
        Task t = visible(caller, id);
        if (!caller.isAdmin() && !caller.serviceLines().contains(t.serviceLine())) {
            throw WorkstationException.forbidden(caller.username() + " does not read " + t.serviceLine());
        }
        if (t.state().isFinal() || t.state() == TaskState.RETURNED_FOR_QC) {
            throw WorkstationException.conflict("task " + id + " is " + t.state() + " and cannot be reassigned");
        }
        String target = blankToNull(toUser);
        if (target == null) {
            return change(caller, t, "REASSIGN", null, reason, waitingAgain(t.queue()));
        }
        UserAccount u = users.find(target).filter(UserAccount::enabled)
                .orElseThrow(() -> WorkstationException.invalid("no active user '" + target + "'"));
        if (!u.caller().qualifiedFor(t.queue(), t.serviceLine())) {
            throw WorkstationException.invalid(target + " is not qualified for the " + t.queue() + " queue of " + t.serviceLine());
        }
        if (t.queue() == Queue.COUNTERSIGN && target.equals(t.readBy())) {
            throw WorkstationException.invalid(target + " read this study and cannot countersign it");
        }
        return change(caller, t, "REASSIGN", null, (reason == null ? "" : reason + "; ") + "to " + target,
                new Change(TaskState.IN_PROGRESS).set("holder", target)
                        .set("lease_expires_at", ts(clock.instant().plus(settings.lease()))));
    }

    /** Senior reader or administrator cancels a task that will not be read (duplicate, test study...). */
    public Task cancel(Caller caller, long id, String reason) {
        if (!caller.isAdmin() && !caller.has(Role.SENIOR_READER)) {
            throw WorkstationException.forbidden("only a senior reader or an administrator can cancel tasks");
        }
        String why = blankToNull(reason);
        if (why == null) {
            throw WorkstationException.invalid("cancelling a task needs a reason");
        }
        Task t = visible(caller, id);
        if (t.state().isFinal()) {
            throw WorkstationException.conflict("task " + id + " is already " + t.state());
        }
        return change(caller, t, "CANCEL", null, why, new Change(TaskState.CANCELED).set("holder", null).set("lease_expires_at", null));
    }

    /**
     * Every IN_PROGRESS task whose lease has run out goes back to its queue's waiting state, with
     * a LEASE_EXPIRED history row. Runs on the router's schedule; holders' actions check the lease
     * themselves, so a late action is refused even before this has run.
     */
    public int expireLeases() {
        Instant now = clock.instant();
        List<Task> expired = jdbc.sql(TASK_SELECT + " WHERE state = 'IN_PROGRESS' AND lease_expires_at <= ?")
                .param(ts(now)).query(Worklist::task).list();
        int n = 0;
        for (Task t : expired) {
            Change c = waitingAgain(t.queue());
            try {
                apply(Caller.system(), t, "LEASE_EXPIRED", null, "lease of " + t.holder() + " expired at " + t.leaseExpiresAt(), c);
                n++;
            } catch (WorkstationException e) {
                // renewed or taken meanwhile
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- transitions

    /** Column changes of one transition, applied with the state. */
    static final class Change {
        final TaskState to;
        final java.util.LinkedHashMap<String, Object> columns = new java.util.LinkedHashMap<>();

        Change(TaskState to) {
            this.to = to;
        }

        Change set(String column, Object value) {
            columns.put(column, value);
            return this;
        }
    }

    private static Change waitingAgain(Queue queue) {
        return new Change(queue.waitingState()).set("holder", null).set("lease_expires_at", null);
    }

    private Task holderAction(Caller caller, long id, String action, String reason, String detail,
                              java.util.function.Function<Task, Change> change) {
        Task t = visible(caller, id);
        if (t.state() != TaskState.IN_PROGRESS) {
            throw WorkstationException.conflict("task " + id + " is " + t.state() + ": " + action.toLowerCase(java.util.Locale.ROOT)
                    + " needs it IN_PROGRESS and held by you");
        }
        if (!caller.username().equals(t.holder())) {
            throw WorkstationException.conflict("task " + id + " is held by " + t.holder() + ", not by " + caller.username());
        }
        if (!leaseValid(t)) {
            throw WorkstationException.conflict("your lease on task " + id + " expired at " + t.leaseExpiresAt()
                    + "; claim it again if it is still waiting");
        }
        return change(caller, t, action, reason, detail, change.apply(t));
    }

    private Task change(Caller caller, Task t, String action, String reason, String detail, Change c) {
        return apply(caller, t, action, reason, detail, c);
    }

    private Task apply(Caller caller, Task t, String action, String reason, String detail, Change c) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            StringBuilder sql = new StringBuilder("UPDATE reading_task SET state = ?, active = ?, version = version + 1, updated_at = ?");
            List<Object> params = new ArrayList<>(List.of(c.to.name(), c.to.isActive(), ts(now)));
            c.columns.forEach((col, v) -> {
                sql.append(", ").append(col).append(" = ?");
                params.add(v);
            });
            sql.append(" WHERE id = ? AND version = ?");
            params.add(t.id());
            params.add(t.version());
            if (jdbc.sql(sql.toString()).params(params).update() != 1) {
                Task now2 = find(t.id()).orElseThrow();
                throw WorkstationException.conflict("task " + t.id() + " changed meanwhile (now " + now2.state()
                        + (now2.holder() != null ? ", held by " + now2.holder() : "") + "); nothing was done");
            }
            event(t.id(), now, caller.username(), action, t.state(), c.to, reason, detail);
            return find(t.id()).orElseThrow();
        });
    }

    private boolean leaseValid(Task t) {
        return t.leaseExpiresAt() != null && t.leaseExpiresAt().isAfter(clock.instant());
    }

    void event(long taskId, Instant at, String actor, String action, TaskState from, TaskState to, String reason, String detail) {
        jdbc.sql("INSERT INTO task_event (task_id, at, actor, action, from_state, to_state, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(taskId, ts(at), actor, action, from == null ? null : from.name(), to.name(), reason,
                        detail == null ? null : truncate(detail, 1000))
                .update();
    }

    // ---------------------------------------------------------------- rows

    static final String TASK_COLUMNS = """
            t.id, t.study_uid, t.facility_id, t.service_line, t.priority, t.critical, t.state, t.queue, t.holder, t.lease_expires_at,
            t.arrived_at, t.ready_at, t.ready_reason, t.due_at, t.modalities, t.routing_note, t.instance_count, t.late_instance_count,
            t.late_since, t.read_by, t.qc_reason, t.qc_text, t.escalation_reason, t.version, t.updated_at""";
    static final String TASK_SELECT = "SELECT " + TASK_COLUMNS + " FROM reading_task t";
    static final String URGENCY = " ORDER BY t.priority_rank, t.due_at, t.arrived_at, t.id";

    static Task task(ResultSet rs, int n) throws SQLException {
        return new Task(rs.getLong(1), rs.getString(2), rs.getString(3), ServiceLine.valueOf(rs.getString(4)),
                Priority.valueOf(rs.getString(5)), rs.getBoolean(6), TaskState.valueOf(rs.getString(7)), Queue.valueOf(rs.getString(8)),
                rs.getString(9), instant(rs, 10), instant(rs, 11), instant(rs, 12), rs.getString(13), instant(rs, 14),
                rs.getString(15), rs.getString(16), rs.getInt(17), rs.getInt(18), instant(rs, 19), rs.getString(20),
                rs.getString(21), rs.getString(22), rs.getString(23), rs.getLong(24), instant(rs, 25));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static Set<TaskState> activeStates() {
        return EnumSet.of(TaskState.SCHEDULED, TaskState.IN_PROGRESS, TaskState.ESCALATED, TaskState.AWAITING_COUNTERSIGN);
    }
}
