package org.rdc.storage.spool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rdc.storage.StorageException;
import org.rdc.storage.objectstore.ObjectInfo;
import org.rdc.storage.objectstore.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves spooled objects to the object store: upload (the store checks the bytes it receives, see
 * {@link ObjectStore#put}), tell the {@link Destination} (the catalog) where the object now is, then
 * release the spool copy. Order matters for crash safety: the spool copy goes only after the catalog
 * points at the object store. When the store is down, uploads are retried with exponential
 * back-off; the spool keeps the data. While devices are pushing, uploads wait as {@link UploadPacing} says.
 *
 * <p>An upload no retry can make succeed becomes a {@link DeadLetter}: the spool copy whose bytes no
 * longer match their SHA-256 or cannot be read, an object the store refuses for itself (INVALID: its
 * name, its size), or bytes the store refused {@value #MAX_CHECKSUM_REFUSALS} times in a row. It is
 * recorded next to the spool (a restart leaves it dead), no longer holds a mover thread, keeps its
 * spool copy (reads are served from there) and waits for {@link #retry}.
 */
public final class SpoolMover implements AutoCloseable {

    /** Told once an object is verified in the object store, before its spool copy is dropped. */
    public interface Destination {
        void uploaded(SpoolEntry entry);

        /**
         * Makes what {@link #uploaded} recorded survive a power loss; called before the spool copy
         * is released, since from then on that record is the only way to find the object.
         */
        void durable();
    }

    private static final Logger log = LoggerFactory.getLogger(SpoolMover.class);
    /** Refusals of the bytes sent, in a row for one entry, that make it a dead letter: not corruption in transit. */
    static final int MAX_CHECKSUM_REFUSALS = 5;

    private final Spool spool;
    private final ObjectStore store;
    private final Destination destination;
    private final int threads;
    private final Duration maxBackoff;
    private final UploadPacing pacing;
    /** Mover threads finishing together share one {@link Destination#durable} call. */
    private final GroupCommit destinationOnDisk;
    private final LinkedBlockingDeque<Queued> queue = new LinkedBlockingDeque<>();
    /** Entries queued or being uploaded, with System.nanoTime() of their submission. */
    private final Map<UUID, Long> queued = new HashMap<>();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private final DeadLetters deadLetters;
    private final Counter uploaded;
    private final Counter uploadedBytes;
    private final Counter failures;
    private volatile boolean running;
    /** Wakes workers out of a retry backoff when the mover closes. */
    private final Object wakeUp = new Object();

    /**
     * {@code recovered}: left in the spool by an earlier process, which may have uploaded it already.
     * {@code refusals}: the latest failed attempts in a row that the store refused the bytes of.
     */
    private record Queued(SpoolEntry entry, long since, boolean recovered, Instant firstFailure, int attempts, int refusals) {
        Queued(SpoolEntry entry, long since, boolean recovered) {
            this(entry, since, recovered, null, 0, 0);
        }

        Queued failed(Instant at, boolean refused) {
            return new Queued(entry, since, recovered, firstFailure == null ? at : firstFailure, attempts + 1,
                    refused ? refusals + 1 : 0);
        }
    }

    /** Uploads each object as soon as a thread is free ({@link UploadPacing#AT_ONCE}). */
    public SpoolMover(Spool spool, ObjectStore store, Destination destination, int threads, Duration maxBackoff,
                      MeterRegistry metrics) {
        this(spool, store, destination, threads, maxBackoff, UploadPacing.AT_ONCE, metrics);
    }

    public SpoolMover(Spool spool, ObjectStore store, Destination destination, int threads, Duration maxBackoff,
                      UploadPacing pacing, MeterRegistry metrics) {
        this.spool = spool;
        this.store = store;
        this.destination = destination;
        this.threads = threads;
        this.maxBackoff = maxBackoff;
        this.pacing = pacing;
        this.destinationOnDisk = new GroupCommit(destination::durable);
        this.deadLetters = new DeadLetters(spool.directory().resolve("dead-letters"),
                spool.pending().stream().map(SpoolEntry::id).collect(java.util.stream.Collectors.toSet()));
        this.uploaded = Counter.builder("rdc.spool.uploads").description("objects moved from the spool to the object store").register(metrics);
        this.uploadedBytes = Counter.builder("rdc.spool.upload.bytes").baseUnit("bytes").register(metrics);
        this.failures = Counter.builder("rdc.spool.upload.failures").description("upload attempts that failed and will be retried").register(metrics);
        Gauge.builder("rdc.spool.pending", spool, Spool::pendingCount).description("objects waiting in the spool").register(metrics);
        Gauge.builder("rdc.spool.pending.bytes", spool, Spool::pendingBytes).baseUnit("bytes").register(metrics);
        Gauge.builder("rdc.spool.oldest.upload.wait", this, m -> m.oldestWait().toMillis() / 1000.0).baseUnit("seconds")
                .description("how long the oldest object not yet in the object store has waited").register(metrics);
        Gauge.builder("rdc.spool.dead.letters", deadLetters, DeadLetters::count)
                .description("objects that can never upload as they are, kept in the spool until an administrator retries them")
                .register(metrics);
    }

    /** Starts the workers and queues everything the spool still holds (the resume after a restart). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        spool.pending().stream().filter(e -> !deadLetters.contains(e.id())).forEach(e -> submit(e, true));
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "spool-mover-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /** Queues an entry this process has just committed. */
    public void submit(SpoolEntry entry) {
        submit(entry, false);
    }

    private void submit(SpoolEntry entry, boolean recovered) {
        long now = System.nanoTime();
        synchronized (queued) {
            if (queued.putIfAbsent(entry.id(), now) != null) {
                return;
            }
        }
        queue.addLast(new Queued(entry, now, recovered));
    }

    /**
     * How long the oldest object still to be uploaded has waited (objects left from before a restart:
     * since this start); zero when none waits. With intake first a burst waits by design, so this,
     * not the pending count, tells a stuck upload.
     */
    public Duration oldestWait() {
        long oldest;
        synchronized (queued) {
            oldest = queued.values().stream().mapToLong(Long::longValue).min().orElse(System.nanoTime());
        }
        return Duration.ofNanos(Math.max(0, System.nanoTime() - oldest));
    }

    /** True once nothing is queued or being uploaded; for tests and orderly shutdown. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (idle()) {
                return true;
            }
            Thread.sleep(20);
        }
        return idle();
    }

    private boolean idle() {
        synchronized (queued) {
            return queued.isEmpty();
        }
    }

    /** Entries given up on, oldest first. */
    public List<DeadLetter> deadLetters() {
        return deadLetters.all();
    }

    /**
     * Queues a dead letter for upload again, once its cause is fixed; if it fails for good again it
     * is a dead letter again. Empty when there is no such dead letter.
     */
    public Optional<DeadLetter> retry(UUID id) {
        DeadLetter letter;
        try {
            letter = deadLetters.remove(id);
        } catch (java.io.IOException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "cannot remove the dead letter " + id + ": " + e, e);
        }
        if (letter == null) {
            return Optional.empty();
        }
        spool.pending().stream().filter(e -> e.id().equals(id)).findFirst().ifPresent(e -> submit(e, false));
        log.info("dead letter {} ({}) queued for upload again", id, letter.key());
        return Optional.of(letter);
    }

    /** Uploads currently failing one after another: the object store looks down. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    private void work() {
        while (running) {
            Queued next;
            try {
                next = queue.pollFirst(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                continue;
            }
            SpoolEntry entry = next.entry();
            if (!awaitTurn(next)) {
                queue.addFirst(next);
                return;
            }
            try {
                move(entry, next.recovered());
                consecutiveFailures.set(0);
                synchronized (queued) {
                    queued.remove(entry.id());
                }
            } catch (RuntimeException e) {
                failures.increment();
                Instant now = Instant.now();
                Queued failed = next.failed(now, e instanceof StorageException se
                        && se.kind() == StorageException.Kind.CHECKSUM_MISMATCH);
                // While closing, a failure may come from the closing itself (a spool channel closed under a read).
                String permanent = running ? permanentFailure(failed, e) : null;
                if (permanent != null && deadLetter(failed, permanent, now)) {
                    continue;
                }
                int n = consecutiveFailures.incrementAndGet();
                if (n == 1 || n % 20 == 0) {
                    log.warn("upload of {} failed ({} in a row), will retry: {}", entry.key(), n, e.getMessage());
                }
                queue.addLast(failed);
                backoff(n);
            }
        }
    }

    /** Why no retry can make this upload succeed; null when one may (the store down, throttling, a glitch in transit). */
    private static String permanentFailure(Queued failed, RuntimeException e) {
        if (e instanceof StorageException se && se.kind() == StorageException.Kind.INVALID) {
            return e.getMessage();
        }
        if (failed.refusals() >= MAX_CHECKSUM_REFUSALS) {
            return "the object store refused the bytes sent " + failed.refusals() + " times in a row, lastly: " + e.getMessage();
        }
        return null;
    }

    /** False when the dead letter could not be recorded: then the entry stays queued. */
    private boolean deadLetter(Queued failed, String reason, Instant at) {
        SpoolEntry entry = failed.entry();
        DeadLetter letter = new DeadLetter(entry.id(), entry.key(), entry.size(), reason, failed.firstFailure(), at,
                failed.attempts());
        try {
            deadLetters.add(letter);
        } catch (java.io.IOException e) {
            log.warn("cannot record {} as a dead letter, will retry it: {}", entry.key(), e.toString());
            return false;
        }
        synchronized (queued) {
            queued.remove(entry.id());
        }
        log.error("upload of {} ({} bytes, spool entry {}) cannot succeed as it is: {}. It stays in the spool, which serves "
                + "its reads; retry it through the admin API once the cause is fixed", entry.key(), entry.size(), entry.id(), reason);
        return true;
    }

    /** Waits while intake has the node (see {@link UploadPacing}); false when the mover closes meanwhile. */
    private boolean awaitTurn(Queued next) {
        while (running) {
            long wait = pacing.waitNanos(System.nanoTime() - next.since(), spool.nanosSinceLastWrite(), spool.pendingBytes());
            if (wait <= 0) {
                return true;
            }
            synchronized (wakeUp) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeUp, Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private void move(SpoolEntry entry, boolean recovered) {
        if (!spool.contains(entry.id())) {
            return;
        }
        // Keys are content-addressed, so putting an object again is harmless; only an entry an earlier
        // process left is worth a round trip to find out whether its upload already happened.
        Optional<ObjectInfo> existing = recovered ? store.stat(entry.key()) : Optional.empty();
        if (existing.isEmpty() || !matches(existing.get(), entry)) {
            // put checks the bytes against the SHA-256 the spool computed at intake, and the store checks what
            // it received: a successful put needs no HEAD to confirm it.
            try (InputStream in = spool.openUnverified(entry)) {
                store.put(entry.key(), in, entry.size(), entry.sha256());
            } catch (java.io.IOException e) {
                throw new StorageException(StorageException.Kind.UNAVAILABLE, "reading spool entry " + entry + ": " + e, e);
            }
            uploadedBytes.increment(entry.size());
        }
        destination.uploaded(entry);
        try {
            destinationOnDisk.awaitDurable(destinationOnDisk.ticket());
        } catch (java.io.IOException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "making the record of " + entry.key() + " durable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted while making the record of " + entry.key() + " durable", e);
        }
        spool.release(entry);
        uploaded.increment();
    }

    private static boolean matches(ObjectInfo info, SpoolEntry entry) {
        return info.size() == entry.size() && entry.sha256().equals(info.sha256Hex());
    }

    private void backoff(int failuresInARow) {
        long millis = Math.min(maxBackoff.toMillis(), 100L << Math.min(failuresInARow, 16));
        synchronized (wakeUp) {
            try {
                if (running) {
                    wakeUp.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        // Let each worker finish the upload in hand first: an interrupt during file I/O closes the
        // spool's shared channel under every other thread (ClosedByInterruptException).
        joinAll(5000);
        for (Thread t : workers) {
            t.interrupt(); // still waiting on a slow store or in a retry backoff
        }
        joinAll(5000);
        workers.clear();
    }

    private void joinAll(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
