package org.rdc.workstation.worklist;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SLA matrix the worklist runs with (service line x priority -> minutes from arrival to due
 * time), stored in {@code worklist_sla} so that an administrator changes it without a restart and
 * every node sees the change. The configuration ({@link WorklistSettings#sla()}) is the default:
 * it seeds missing cells and, at each start, the cells no administrator has set; a cell an
 * administrator set keeps its stored value whatever the configuration says afterwards.
 *
 * <p>A change applies to tasks routed after it. A task already queued keeps the due time it was
 * given, so a reader's deadline never moves without anyone touching the task (only a raised
 * priority, an explicit event in the task's history, computes a new one).
 */
public final class SlaMatrix {

    private static final Logger log = LoggerFactory.getLogger(SlaMatrix.class);
    /** The longest time a cell may give: a deadline further than 30 days is a typo, not a service level. */
    public static final long MAX_MINUTES = 30L * 24 * 60;
    /**
     * How long a node reuses the matrix it read. Other nodes see a change within this; the node that
     * made it, at once. Short, because a task routed in between gets the old due time.
     */
    static final Duration CACHE = Duration.ofSeconds(5);

    /** One administrator's change of one cell. */
    public record Change(long id, Instant at, String actor, ServiceLine serviceLine, Priority priority, long oldMinutes,
                         long newMinutes) {
    }

    private record Snapshot(Map<ServiceLine, Map<Priority, Long>> cells, long readAtNanos) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile Snapshot cached;

    /** Seeds (or follows) the configuration in the cells no administrator has set. */
    public SlaMatrix(DataSource dataSource, Clock clock, Map<ServiceLine, Map<Priority, Duration>> configured) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
        seed(configured);
    }

    private void seed(Map<ServiceLine, Map<Priority, Duration>> configured) {
        Instant now = clock.instant();
        for (ServiceLine line : ServiceLine.values()) {
            for (Priority p : Priority.values()) {
                long minutes = configured.get(line).get(p).toMinutes();
                Optional<Object[]> row = jdbc.sql("SELECT minutes, set_by FROM worklist_sla WHERE service_line = ? AND priority = ?")
                        .params(line.name(), p.name()).query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional();
                if (row.isEmpty()) {
                    try {
                        jdbc.sql("INSERT INTO worklist_sla (service_line, priority, minutes, set_by, updated_at) VALUES (?, ?, ?, NULL, ?)")
                                .params(line.name(), p.name(), minutes, Worklist.ts(now)).update();
                    } catch (DuplicateKeyException e) {
                        // another node starting at the same time seeded it
                    }
                } else if ((long) row.get()[0] != minutes) {
                    if (row.get()[1] == null) {
                        jdbc.sql("UPDATE worklist_sla SET minutes = ?, updated_at = ? WHERE service_line = ? AND priority = ? AND set_by IS NULL")
                                .params(minutes, Worklist.ts(now), line.name(), p.name()).update();
                        log.info("SLA {}.{}: {} min from the configuration (was {})", line, p, minutes, row.get()[0]);
                    } else {
                        log.info("SLA {}.{}: {} min as set by administrator {}; the configuration's {} min does not apply", line, p,
                                row.get()[0], row.get()[1], minutes);
                    }
                }
            }
        }
    }

    /** Time from arrival to due for a new task, as the matrix says now (read at most {@link #CACHE} ago). */
    public Duration due(ServiceLine line, Priority priority) {
        return Duration.ofMinutes(current().get(line).get(priority));
    }

    /** The whole matrix in minutes, every line and priority. */
    public Map<ServiceLine, Map<Priority, Long>> current() {
        Snapshot s = cached;
        if (s == null || System.nanoTime() - s.readAtNanos() > CACHE.toNanos()) {
            s = new Snapshot(read(), System.nanoTime());
            cached = s;
        }
        return s.cells();
    }

    private Map<ServiceLine, Map<Priority, Long>> read() {
        Map<ServiceLine, Map<Priority, Long>> m = new EnumMap<>(ServiceLine.class);
        for (ServiceLine l : ServiceLine.values()) {
            m.put(l, new EnumMap<>(Priority.class));
        }
        jdbc.sql("SELECT service_line, priority, minutes FROM worklist_sla").query(rs -> {
            m.get(ServiceLine.valueOf(rs.getString(1))).put(Priority.valueOf(rs.getString(2)), rs.getLong(3));
        });
        for (ServiceLine l : ServiceLine.values()) {
            for (Priority p : Priority.values()) {
                if (m.get(l).get(p) == null) {
                    throw new IllegalStateException("worklist_sla has no row for " + l + "." + p);
                }
            }
            m.put(l, Collections.unmodifiableMap(m.get(l)));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Sets the given cells (any number, the others stay) in one transaction, each change recorded with
     * its old value; a cell given its current value is no change. Only an administrator may.
     *
     * @return the matrix after the change
     */
    public Map<ServiceLine, Map<Priority, Long>> change(Caller actor, Map<ServiceLine, Map<Priority, Long>> cells) {
        if (!actor.isAdmin()) {
            throw WorkstationException.forbidden("only an administrator changes the SLA matrix");
        }
        if (cells.values().stream().allMatch(Map::isEmpty)) {
            throw WorkstationException.invalid("no cell to change: send {\"ECG\": {\"STAT\": 15}} or the whole matrix");
        }
        cells.forEach((l, row) -> row.forEach((p, minutes) -> checkMinutes(l + "." + p, minutes)));
        Instant now = clock.instant();
        List<Change> made = tx.execute(status -> {
            List<Change> out = new ArrayList<>();
            cells.forEach((line, row) -> row.forEach((p, minutes) -> {
                long old = jdbc.sql("SELECT minutes FROM worklist_sla WHERE service_line = ? AND priority = ? FOR UPDATE")
                        .params(line.name(), p.name()).query(Long.class).single();
                if (old != minutes) {
                    jdbc.sql("UPDATE worklist_sla SET minutes = ?, set_by = ?, updated_at = ? WHERE service_line = ? AND priority = ?")
                            .params(minutes, actor.username(), Worklist.ts(now), line.name(), p.name()).update();
                    jdbc.sql("INSERT INTO worklist_sla_change (at, actor, service_line, priority, old_minutes, new_minutes)"
                                    + " VALUES (?, ?, ?, ?, ?, ?)")
                            .params(Worklist.ts(now), actor.username(), line.name(), p.name(), old, minutes).update();
                    out.add(new Change(0, now, actor.username(), line, p, old, minutes));
                }
            }));
            return out;
        });
        for (Change c : made) {
            log.info("SLA {}.{} changed by {}: {} -> {} min (tasks routed from now on)", c.serviceLine(), c.priority(), c.actor(),
                    c.oldMinutes(), c.newMinutes());
        }
        cached = null;
        return current();
    }

    /** The administrators' changes, newest first. */
    public List<Change> changes(int limit) {
        return jdbc.sql("SELECT id, at, actor, service_line, priority, old_minutes, new_minutes FROM worklist_sla_change"
                        + " ORDER BY id DESC LIMIT ?")
                .param(limit)
                .query((rs, n) -> new Change(rs.getLong(1), Worklist.instant(rs, 2), rs.getString(3), ServiceLine.valueOf(rs.getString(4)),
                        Priority.valueOf(rs.getString(5)), rs.getLong(6), rs.getLong(7)))
                .list();
    }

    private static void checkMinutes(String cell, long minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw WorkstationException.invalid(cell + ": minutes must be from 1 to " + MAX_MINUTES + " (30 days), not " + minutes);
        }
    }

    /**
     * The cells of a request body of the shape GET answers ({@code {"ECG": {"STAT": 15}, ...}}, any subset),
     * refused with a specific message: an unknown service line or priority, a cell given twice, minutes
     * that are not a whole number from 1 to {@link #MAX_MINUTES}.
     */
    public static Map<ServiceLine, Map<Priority, Long>> cells(Map<String, ?> body) {
        if (body == null || body.isEmpty()) {
            throw WorkstationException.invalid("no cell to change: send {\"ECG\": {\"STAT\": 15}} or the whole matrix");
        }
        Map<ServiceLine, Map<Priority, Long>> out = new EnumMap<>(ServiceLine.class);
        for (Map.Entry<String, ?> e : body.entrySet()) {
            ServiceLine line = parse(ServiceLine.class, e.getKey(), "service line");
            if (!(e.getValue() instanceof Map<?, ?> row)) {
                throw WorkstationException.invalid("service line " + line + ": expected an object of priority: minutes, e.g. {\"STAT\": 15}");
            }
            Map<Priority, Long> cells = out.computeIfAbsent(line, l -> new EnumMap<>(Priority.class));
            for (Map.Entry<?, ?> c : row.entrySet()) {
                Priority p = parse(Priority.class, String.valueOf(c.getKey()), "priority of " + line);
                String cell = line + "." + p;
                if (cells.containsKey(p)) {
                    throw WorkstationException.invalid(cell + " is given twice");
                }
                Object v = c.getValue();
                if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger)) {
                    throw WorkstationException.invalid(cell + ": minutes must be a whole number from 1 to " + MAX_MINUTES
                            + ", not " + (v instanceof String ? "'" + v + "'" : String.valueOf(v)));
                }
                BigInteger n = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
                if (n.bitLength() > 62) {
                    throw WorkstationException.invalid(cell + ": minutes must be from 1 to " + MAX_MINUTES + " (30 days), not " + n);
                }
                checkMinutes(cell, n.longValue());
                cells.put(p, n.longValue());
            }
        }
        return out;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        try {
            return Enum.valueOf(type, name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WorkstationException.invalid("unknown " + what + " '" + name + "' (known: "
                    + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()) + ")");
        }
    }
}
