package org.rdc.storage.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that work off one kind of {@link JobOutbox} job on this node: each claims a job,
 * runs the handler, and completes or fails it; with nothing due it waits for the poll interval or
 * until this process enqueues a job of its kind. Each kind has its own threads, so slow ECG analysis never holds up a Storage
 * Commitment report.
 */
public final class JobWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);
    /** This process, as named in {@code claimed_by}: unique per start, so a restarted node never owns its old leases. */
    private static final String NODE = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);

    /** Runs one job; any exception is a failed attempt. Must be idempotent (delivery is at least once). */
    public interface Handler {
        void run(JobOutbox.Job job) throws Exception;

        /** The job failed for the last time and is kept as DEAD. */
        default void dead(JobOutbox.Job job, String error) {
        }
    }

    /** A failure no retry can mend (the job's input is unreadable): the job goes DEAD at once. */
    public static final class PermanentFailure extends RuntimeException {
        public PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The row id a job's payload names (e.g. a delivery); a payload that names none fails the job for good. */
    public static long idIn(JobOutbox.Job job, String what) {
        try {
            return Long.parseLong(job.payload());
        } catch (NumberFormatException e) {
            throw new PermanentFailure(job.kind() + " job " + job.key() + " does not name a " + what, e);
        }
    }

    private final JobOutbox outbox;
    private final String kind;
    private final Handler handler;
    private final JobOutbox.Retry retry;
    private final Duration pollInterval;
    private final List<Thread> threads = new ArrayList<>();
    private final Object signal = new Object();
    private volatile boolean running;
    private long wakeups;

    public JobWorkers(JobOutbox outbox, String kind, Handler handler, JobOutbox.Retry retry, Duration pollInterval) {
        this.outbox = outbox;
        this.kind = kind;
        this.handler = handler;
        this.retry = retry;
        this.pollInterval = pollInterval;
    }

    /** Starts {@code count} threads (0: this node leaves the kind to others sharing the database). */
    public synchronized JobWorkers start(int count) {
        running = true;
        outbox.onEnqueue(kind, this::wake);
        for (int i = 0; i < count; i++) {
            String name = "job-" + kind + "-" + (i + 1);
            Thread t = new Thread(() -> loop(NODE + "/" + name), name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        log.info("job outbox: {} worker(s) for {} jobs, {} attempts, lease {}", count, kind, retry.maxAttempts(), retry.lease());
        return this;
    }

    /** A job was just enqueued: look now rather than at the next poll. */
    void wake() {
        synchronized (signal) {
            wakeups++;
            signal.notifyAll();
        }
    }

    private void loop(String worker) {
        while (running) {
            long seen;
            synchronized (signal) {
                seen = wakeups;
            }
            boolean worked;
            try {
                worked = runOne(worker);
            } catch (RuntimeException e) {
                log.warn("job outbox: cannot claim {} jobs: {}", kind, e.getMessage());
                worked = false;
            }
            if (!worked) {
                synchronized (signal) {
                    if (running && wakeups == seen) {
                        try {
                            signal.wait(Math.max(1, pollInterval.toMillis()));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /** Claims and runs one due job; false when none was due. */
    boolean runOne(String worker) {
        Optional<JobOutbox.Job> claimed = outbox.claim(kind, worker, retry.lease());
        if (claimed.isEmpty()) {
            return false;
        }
        JobOutbox.Job job = claimed.get();
        try {
            handler.run(job);
            if (!outbox.complete(job)) {
                log.warn("job {} {} finished after its lease ran out; another worker runs it again", kind, job.key());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false; // closing: the lease runs out and another start takes the job up again
        } catch (Exception e) {
            boolean permanent = e instanceof PermanentFailure;
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            Optional<JobOutbox.State> state = outbox.fail(job, retry, error, permanent);
            if (state.orElse(null) == JobOutbox.State.DEAD) {
                log.error("job {} {} is DEAD after {} attempt(s): {}", kind, job.key(), job.attempts(), error);
                try {
                    handler.dead(job, error);
                } catch (RuntimeException ex) {
                    log.warn("job {} {}: dead-job handling failed: {}", kind, job.key(), ex.toString());
                }
            } else {
                log.warn("job {} {} failed (attempt {} of {}): {}; retrying in {}", kind, job.key(), job.attempts(),
                        retry.maxAttempts(), error, retry.delayAfter(job.attempts()));
            }
        }
        return true;
    }

    /** Stops claiming; a job still running after {@code grace} is interrupted and its lease left to run out. */
    public void close(Duration grace) {
        List<Thread> all;
        synchronized (this) {
            running = false;
            all = List.copyOf(threads);
        }
        wake();
        long end = System.nanoTime() + grace.toNanos();
        for (Thread t : all) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
                if (t.isAlive()) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
