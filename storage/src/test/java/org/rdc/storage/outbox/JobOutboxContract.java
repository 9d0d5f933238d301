package org.rdc.storage.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rdc.storage.MutableClock;
import org.rdc.storage.catalog.Catalog;

/** The job outbox's behaviour, run against each database it must support. */
@Timeout(120)
abstract class JobOutboxContract {

    static final String KIND = "test.job";
    static final JobOutbox.Retry RETRY = new JobOutbox.Retry(3, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30));

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    DataSource db;
    JobOutbox outbox;

    abstract DataSource dataSource();

    @BeforeEach
    void migrate() {
        db = dataSource();
        Catalog.migrate(db);
        outbox = new JobOutbox(db, clock);
    }

    @Test
    void oneJobPerKindAndKey() {
        assertThat(outbox.enqueue(KIND, "1.2.3", "1.2", null)).isTrue();
        assertThat(outbox.enqueue(KIND, "1.2.3", "1.2", "other")).as("same kind and key").isFalse();
        assertThat(outbox.enqueue("other.kind", "1.2.3", "1.2", null)).isTrue();
        assertThat(outbox.count(KIND, JobOutbox.State.PENDING)).isEqualTo(1);
        assertThat(outbox.count(KIND, "1.2", JobOutbox.State.PENDING)).isEqualTo(1);
        assertThat(outbox.count(KIND, "9.9", JobOutbox.State.PENDING)).isZero();
        JobOutbox.Job job = outbox.claim(KIND, "w1", RETRY.lease()).orElseThrow();
        assertThat(job.payload()).isNull();
        assertThat(job.subject()).isEqualTo("1.2");
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(outbox.complete(job)).isTrue();
        assertThat(outbox.count(KIND, "1.2", JobOutbox.State.PENDING)).isZero();
    }

    @Test
    void concurrentWorkersClaimEveryJobExactlyOnce() throws Exception {
        int jobs = 200;
        for (int i = 0; i < jobs; i++) {
            outbox.enqueue(KIND, "job-" + i, null, "payload " + i);
        }
        ConcurrentHashMap<String, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger twice = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String worker = "worker-" + w;
            // each worker its own outbox, as on separate nodes
            JobOutbox own = new JobOutbox(db, clock);
            workers.add(pool.submit(() -> {
                go.await();
                for (Optional<JobOutbox.Job> j = own.claim(KIND, worker, RETRY.lease()); j.isPresent();
                        j = own.claim(KIND, worker, RETRY.lease())) {
                    if (claimedBy.putIfAbsent(j.get().key(), worker) != null) {
                        twice.incrementAndGet();
                    }
                    assertThat(j.get().payload()).isEqualTo("payload " + j.get().key().substring(4));
                    assertThat(own.complete(j.get())).isTrue();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : workers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(twice.get()).as("jobs claimed twice").isZero();
        assertThat(claimedBy).hasSize(jobs);
        assertThat(outbox.count(KIND, JobOutbox.State.PENDING)).isZero();
    }

    @Test
    void aFailedJobIsRetriedAfterAGrowingDelayThenDead() {
        outbox.enqueue(KIND, "k", "s", null);
        JobOutbox.Job first = outbox.claim(KIND, "w", RETRY.lease()).orElseThrow();
        assertThat(outbox.fail(first, RETRY, "device unreachable", false)).contains(JobOutbox.State.PENDING);
        assertThat(outbox.claim(KIND, "w", RETRY.lease())).as("not before the first delay").isEmpty();
        clock.advance(Duration.ofSeconds(9));
        assertThat(outbox.claim(KIND, "w", RETRY.lease())).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        JobOutbox.Job second = outbox.claim(KIND, "w", RETRY.lease()).orElseThrow();
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(outbox.fail(second, RETRY, "device unreachable", false)).contains(JobOutbox.State.PENDING);
        clock.advance(Duration.ofSeconds(14));
        assertThat(outbox.claim(KIND, "w", RETRY.lease())).as("the second delay is doubled, capped at 15 s").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        JobOutbox.Job third = outbox.claim(KIND, "w", RETRY.lease()).orElseThrow();
        assertThat(outbox.fail(third, RETRY, "still unreachable", false)).contains(JobOutbox.State.DEAD);
        clock.advance(Duration.ofHours(1));
        assertThat(outbox.claim(KIND, "w", RETRY.lease())).as("a dead job is not claimed").isEmpty();
        assertThat(outbox.count(KIND, "s", JobOutbox.State.PENDING)).isZero();
        assertThat(outbox.count(KIND, "s", JobOutbox.State.DEAD)).isEqualTo(1);
        assertThat(outbox.deadError(KIND, "s")).contains("still unreachable");
        List<JobOutbox.Entry> dead = outbox.list(null, JobOutbox.State.DEAD, 10);
        assertThat(dead).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("k");
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.lastError()).isEqualTo("still unreachable");
            assertThat(e.claimedBy()).isNull();
        });
        assertThat(outbox.list(KIND, JobOutbox.State.DEAD, 10)).hasSize(1);
        assertThat(outbox.list("other.kind", JobOutbox.State.DEAD, 10)).isEmpty();
        assertThat(outbox.enqueue(KIND, "k", "s", null)).as("a dead job is not replaced by a new one").isFalse();
        assertThat(outbox.retry(dead.get(0).id())).isTrue();
        assertThat(outbox.claim(KIND, "w", RETRY.lease())).get().extracting(JobOutbox.Job::attempts).isEqualTo(1);
    }

    @Test
    void aPermanentFailureIsDeadAtOnce() {
        outbox.enqueue(KIND, "k", "s", null);
        JobOutbox.Job job = outbox.claim(KIND, "w", RETRY.lease()).orElseThrow();
        assertThat(outbox.fail(job, RETRY, "not an ECG", true)).contains(JobOutbox.State.DEAD);
        assertThat(outbox.count(KIND, "s", JobOutbox.State.DEAD)).isEqualTo(1);
    }

    @Test
    void aJobWhoseLeaseRanOutIsClaimedAgain() {
        outbox.enqueue(KIND, "k", null, null);
        JobOutbox.Job lost = outbox.claim(KIND, "node-a", RETRY.lease()).orElseThrow();
        assertThat(outbox.claim(KIND, "node-b", RETRY.lease())).as("held under node-a's lease").isEmpty();
        clock.advance(RETRY.lease().minusSeconds(1));
        assertThat(outbox.claim(KIND, "node-b", RETRY.lease())).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        JobOutbox.Job taken = outbox.claim(KIND, "node-b", RETRY.lease()).orElseThrow();
        assertThat(taken.attempts()).as("the lost attempt counts").isEqualTo(2);
        assertThat(outbox.complete(lost)).as("node-a's late completion").isFalse();
        assertThat(outbox.fail(lost, RETRY, "late", false)).as("node-a's late failure").isEmpty();
        assertThat(outbox.complete(taken)).isTrue();
        assertThat(outbox.count(KIND, JobOutbox.State.PENDING)).isZero();
    }

    @Test
    void workersRunJobsUntilTheySucceed() throws Exception {
        JobOutbox real = new JobOutbox(db, Clock.systemUTC());
        ConcurrentHashMap<String, Integer> runs = new ConcurrentHashMap<>();
        List<String> dead = new java.util.concurrent.CopyOnWriteArrayList<>();
        JobWorkers workers = new JobWorkers(real, KIND, new JobWorkers.Handler() {
            @Override
            public void run(JobOutbox.Job job) {
                int n = runs.merge(job.key(), 1, Integer::sum);
                if (job.key().equals("poison")) {
                    throw new JobWorkers.PermanentFailure("unreadable", null);
                }
                if (n < 2) {
                    throw new IllegalStateException("first attempt fails");
                }
            }

            @Override
            public void dead(JobOutbox.Job job, String error) {
                dead.add(job.key() + ": " + error);
            }
        }, new JobOutbox.Retry(5, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(1)), Duration.ofMillis(20)).start(2);
        try {
            for (int i = 0; i < 10; i++) {
                real.enqueue(KIND, "j" + i, null, null);
            }
            real.enqueue(KIND, "poison", null, null);
            for (int i = 0; i < 1000 && (real.count(KIND, JobOutbox.State.PENDING) > 0 || dead.isEmpty()); i++) {
                Thread.sleep(20);
            }
        } finally {
            workers.close();
        }
        assertThat(real.count(KIND, JobOutbox.State.PENDING)).isZero();
        assertThat(runs).hasSize(11);
        runs.forEach((k, n) -> assertThat(n).as(k).isEqualTo(k.equals("poison") ? 1 : 2));
        assertThat(dead).containsExactly("poison: unreadable");
    }
}
