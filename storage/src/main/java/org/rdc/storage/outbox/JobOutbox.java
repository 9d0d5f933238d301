package org.rdc.storage.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.rdc.storage.StorageException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one durable outbox for work that runs after a store (table {@code job_outbox}): ECG analysis,
 * Storage Commitment reports, later report delivery. A job is a row committed before the store
 * that needs it is acknowledged; a worker claims it under a lease, so several nodes can share the
 * table and a job whose worker died is claimed again once the lease has run out. A failed job is
 * retried with a growing delay; after its last attempt it stays as {@link State#DEAD}, visible to
 * {@link #list} and the metrics, until an administrator {@link #retry retries} it. Delivery is at
 * least once: handlers must be idempotent.
 *
 * <p>Claiming is {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL, H2) so concurrent workers
 * pass over each other's rows; the {@code UPDATE} repeats the claimable condition, so a row is
 * claimed by exactly one worker even where the lock is not honoured.
 */
public final class JobOutbox {

    public enum State { PENDING, DEAD }

    /** A claimed job. {@code attempts} counts this attempt. */
    public record Job(long id, String kind, String key, String subject, String payload, int attempts, String claimedBy) {
    }

    /** A job as an administrator sees it. */
    public record Entry(long id, String kind, String key, String subject, State state, int attempts, Instant nextAttemptAt,
                        String claimedBy, String lastError, Instant createdAt) {
    }

    /**
     * How often and how long a kind of job is tried: delays {@code firstDelay}, doubling up to
     * {@code maxDelay}; DEAD after {@code maxAttempts}; a claim lasts {@code lease}.
     */
    public record Retry(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration lease) {
        public Retry {
            if (maxAttempts < 1 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || lease.isNegative()
                    || lease.isZero()) {
                throw new IllegalArgumentException("invalid retry policy " + maxAttempts + " / " + firstDelay + " / "
                        + maxDelay + " / " + lease);
            }
        }

        /** The wait after the {@code attempts}-th failed attempt. */
        public Duration delayAfter(int attempts) {
            Duration d = firstDelay;
            for (int i = 1; i < attempts && d.compareTo(maxDelay) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(maxDelay) > 0 ? maxDelay : d;
        }
    }

    private static final String CLAIMABLE = "state = 'PENDING' AND next_attempt_at <= ? AND (claimed_by IS NULL OR lease_expires_at <= ?)";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    /** Workers of this process by kind, told of each job enqueued here so they need not wait for their next poll. */
    private final java.util.Map<String, java.util.List<Runnable>> wakers = new java.util.concurrent.ConcurrentHashMap<>();

    public JobOutbox(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
    }

    /** Adds a job due now; returns false when a job of this kind and key is already there (it is left as it is). */
    public boolean enqueue(String kind, String key, String subject, String payload) {
        return enqueue(kind, key, subject, payload, clock.instant());
    }

    public boolean enqueue(String kind, String key, String subject, String payload, Instant due) {
        OffsetDateTime now = ts(clock.instant());
        boolean added;
        try {
            added = jdbc.sql("""
                            INSERT INTO job_outbox (kind, job_key, subject, payload, state, attempts, next_attempt_at, created_at)
                            SELECT ?, ?, ?, ?, 'PENDING', 0, ?, ? FROM (VALUES (0)) AS one(x)
                            WHERE NOT EXISTS (SELECT 1 FROM job_outbox WHERE kind = ? AND job_key = ?)""")
                    .params(kind, key, subject, payload, ts(due), now, kind, key).update() == 1;
        } catch (DuplicateKeyException e) {
            return false; // enqueued at the same moment by another thread
        } catch (DataAccessException e) {
            throw failure("enqueue " + kind + " job " + key, e);
        }
        if (added) {
            Runnable wake = () -> wakers.getOrDefault(kind, java.util.List.of()).forEach(Runnable::run);
            if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
                // enqueued in the caller's transaction: a worker woken now would not see the job yet
                org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                        new org.springframework.transaction.support.TransactionSynchronization() {
                            @Override
                            public void afterCommit() {
                                wake.run();
                            }
                        });
            } else {
                wake.run();
            }
        }
        return added;
    }

    /** {@code wake} runs after each job of {@code kind} this process enqueues. */
    void onEnqueue(String kind, Runnable wake) {
        wakers.computeIfAbsent(kind, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(wake);
    }

    /** Claims the oldest due job of this kind for {@code worker}, or nothing. */
    public Optional<Job> claim(String kind, String worker, Duration lease) {
        Instant now = clock.instant();
        try {
            return tx.execute(status -> {
                Optional<Long> id = jdbc.sql("SELECT id FROM job_outbox WHERE kind = ? AND " + CLAIMABLE
                                + " ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")
                        .params(kind, ts(now), ts(now)).query(Long.class).optional();
                if (id.isEmpty()) {
                    return Optional.<Job>empty();
                }
                int n = jdbc.sql("UPDATE job_outbox SET claimed_by = ?, lease_expires_at = ?, attempts = attempts + 1"
                                + " WHERE id = ? AND " + CLAIMABLE)
                        .params(worker, ts(now.plus(lease)), id.get(), ts(now), ts(now)).update();
                if (n == 0) {
                    return Optional.<Job>empty();
                }
                return Optional.of(jdbc.sql("SELECT id, kind, job_key, subject, payload, attempts, claimed_by FROM job_outbox WHERE id = ?")
                        .param(id.get())
                        .query((rs, i) -> new Job(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getInt(6), rs.getString(7)))
                        .single());
            });
        } catch (DataAccessException e) {
            throw failure("claim a " + kind + " job", e);
        }
    }

    /** The job is done: it leaves the outbox. False when its lease had run out and another worker holds it now. */
    public boolean complete(Job job) {
        try {
            return jdbc.sql("DELETE FROM job_outbox WHERE id = ? AND claimed_by = ?").params(job.id(), job.claimedBy()).update() == 1;
        } catch (DataAccessException e) {
            throw failure("complete job " + job.id(), e);
        }
    }

    /**
     * The attempt failed: due again after the policy's delay, or DEAD when that was the last attempt
     * or the failure is {@code permanent}. Returns the state the job is left in (empty when another
     * worker holds it now).
     */
    public Optional<State> fail(Job job, Retry retry, String error, boolean permanent) {
        boolean dead = permanent || job.attempts() >= retry.maxAttempts();
        Instant next = clock.instant().plus(retry.delayAfter(job.attempts()));
        try {
            int n = jdbc.sql("UPDATE job_outbox SET state = ?, next_attempt_at = ?, claimed_by = NULL, lease_expires_at = NULL,"
                            + " last_error = ? WHERE id = ? AND claimed_by = ?")
                    .params(dead ? State.DEAD.name() : State.PENDING.name(), ts(next), truncate(error, 1000), job.id(), job.claimedBy())
                    .update();
            return n == 1 ? Optional.of(dead ? State.DEAD : State.PENDING) : Optional.empty();
        } catch (DataAccessException e) {
            throw failure("record the failure of job " + job.id(), e);
        }
    }

    /** Jobs of this kind about {@code subject} (e.g. a study) in this state. */
    public int count(String kind, String subject, State state) {
        return jdbc.sql("SELECT COUNT(*) FROM job_outbox WHERE kind = ? AND subject = ? AND state = ?")
                .params(kind, subject, state.name()).query(Integer.class).single();
    }

    public int count(String kind, State state) {
        return jdbc.sql("SELECT COUNT(*) FROM job_outbox WHERE kind = ? AND state = ?").params(kind, state.name())
                .query(Integer.class).single();
    }

    /** The last error of a DEAD job of this kind about {@code subject}, if there is one. */
    public Optional<String> deadError(String kind, String subject) {
        return jdbc.sql("SELECT last_error FROM job_outbox WHERE kind = ? AND subject = ? AND state = 'DEAD' ORDER BY id LIMIT 1")
                .params(kind, subject).query(String.class).optional();
    }

    /** Jobs in a state, oldest first; {@code kind} null for every kind. */
    public List<Entry> list(String kind, State state, int limit) {
        return jdbc.sql("SELECT id, kind, job_key, subject, state, attempts, next_attempt_at, claimed_by, last_error, created_at"
                        + " FROM job_outbox WHERE state = ? AND (CAST(? AS VARCHAR(64)) IS NULL OR kind = ?) ORDER BY id LIMIT ?")
                .params(state.name(), kind, kind, limit)
                .query((rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), State.valueOf(rs.getString(5)),
                        rs.getInt(6), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8), rs.getString(9),
                        rs.getObject(10, OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * Gauges {@code rdc.jobs} (tags kind, state) with the number of PENDING and DEAD jobs of a kind:
     * a DEAD job is what an operator must look at. Each scrape counts in the database.
     */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry meters, String kind) {
        for (State state : State.values()) {
            io.micrometer.core.instrument.Gauge.builder("rdc.jobs", () -> count(kind, state))
                    .description("jobs in the outbox by kind and state").tag("kind", kind)
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT)).register(meters);
        }
    }

    /** Gives a DEAD job a fresh set of attempts, due now. */
    public boolean retry(long id) {
        return jdbc.sql("UPDATE job_outbox SET state = 'PENDING', attempts = 0, next_attempt_at = ? WHERE id = ? AND state = 'DEAD'")
                .params(ts(clock.instant()), id).update() == 1;
    }

    private static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static StorageException failure(String what, DataAccessException e) {
        return new StorageException(StorageException.Kind.UNAVAILABLE, "job outbox: cannot " + what + ": " + e.getMostSpecificCause().getMessage(), e);
    }
}
