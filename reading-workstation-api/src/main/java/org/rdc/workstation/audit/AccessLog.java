package org.rdc.workstation.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The access log (table {@code access_log}). Requests only queue their record; one writer thread inserts
 * them in batches, so a frame request costs no database round trip. Nothing is dropped: a full queue makes
 * the request wait for room, a failed insert is retried, and {@link #close()} (at shutdown, after the HTTP
 * server has stopped) writes everything still queued.
 */
public final class AccessLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH = 500;
    public static final int MAX_RESULTS = 1000;

    private final JdbcTemplate jdbc;
    private final JdbcClient client;
    private final Clock clock;
    private final BlockingQueue<AccessRecord> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Object progress = new Object();
    private long queued;   // guarded by progress
    private long written;  // guarded by progress
    private volatile boolean closing;
    private final Thread writer;

    public AccessLog(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.client = JdbcClient.create(dataSource);
        this.clock = clock;
        this.writer = new Thread(this::run, "access-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    public Instant now() {
        return clock.instant();
    }

    /** Queues one record; waits while the queue is full rather than lose it. */
    public void record(AccessRecord r) {
        if (closing) {
            write(List.of(r));  // a late request during shutdown: written at once
            return;
        }
        synchronized (progress) {
            queued++;
        }
        try {
            queue.put(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(List.of(r));
            synchronized (progress) {
                written++;
                progress.notifyAll();
            }
        }
    }

    /** Waits until every record queued before this call is in the table (at most {@code timeout}). */
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = queued;
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Records matching every given criterion (null: any), newest first, at most {@code limit}. */
    public List<AccessRecord> find(String studyUid, String username, Instant from, Instant to, int limit) {
        flush(Duration.ofSeconds(5));
        StringBuilder sql = new StringBuilder("SELECT id, at, username, authentication, remote_address, http_method, action, path, query,"
                + " study_uid, series_uid, instance_uid, status FROM access_log WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (studyUid != null) {
            sql.append(" AND study_uid = ?");
            params.add(studyUid);
        }
        if (username != null) {
            sql.append(" AND username = ?");
            params.add(username);
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            params.add(utc(from));
        }
        if (to != null) {
            sql.append(" AND at < ?");
            params.add(utc(to));
        }
        sql.append(" ORDER BY at DESC, id DESC FETCH FIRST ").append(Math.max(1, Math.min(limit, MAX_RESULTS))).append(" ROWS ONLY");
        return client.sql(sql.toString()).params(params).query(AccessLog::row).list();
    }

    private void run() {
        List<AccessRecord> batch = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                AccessRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                writeRetrying(batch);
                synchronized (progress) {
                    written += batch.size();
                    progress.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Retries a failing insert (the database restarting) rather than lose the records; gives up only when closing. */
    private void writeRetrying(List<AccessRecord> batch) {
        long backoff = 100;
        while (true) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                log.error("access log: writing {} records failed, retrying: {}", batch.size(), e.toString());
                if (closing && backoff > 5_000) {
                    return;  // shutting down with the database gone: the records' loss is logged above
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void write(List<AccessRecord> batch) {
        jdbc.batchUpdate("""
                INSERT INTO access_log (at, username, authentication, remote_address, http_method, action, path, query,
                                        study_uid, series_uid, instance_uid, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch, batch.size(), (ps, r) -> {
            ps.setObject(1, utc(r.at()));
            ps.setString(2, r.username());
            ps.setString(3, r.authentication());
            ps.setString(4, r.remoteAddress());
            ps.setString(5, r.httpMethod());
            ps.setString(6, r.action().name());
            ps.setString(7, r.path());
            ps.setString(8, r.query());
            ps.setString(9, r.studyUid());
            ps.setString(10, r.seriesUid());
            ps.setString(11, r.instanceUid());
            ps.setInt(12, r.status());
        });
    }

    /** Writes what is still queued, then stops the writer. */
    @Override
    public void close() {
        closing = true;  // the writer sees it within one poll; no interrupt, which would break H2's file channel
        try {
            writer.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AccessRecord> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            write(left);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static AccessRecord row(ResultSet rs, int n) throws SQLException {
        return new AccessRecord(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), AccessRecord.Action.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getInt(13));
    }
}
