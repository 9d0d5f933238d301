package org.rdc.storage.spool;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdc.storage.spool.SpoolTest.read;
import static org.rdc.storage.spool.SpoolTest.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.StorageException;
import org.rdc.storage.TestStreams;

/**
 * The spool when the disk fails an fsync (a fault-injecting channel, {@link FaultyChannel}) and when
 * callers' threads are interrupted in the middle of spool I/O (what {@code shutdownNow()} does).
 */
@Timeout(120)
class SpoolFaultTest {

    @TempDir
    Path dir;

    private SpoolConfig lanes(int lanes) {
        return new SpoolConfig(dir, 1024 * 1024, 0, 64 * 1024, lanes);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 3000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 30 s").isTrue();
    }

    @Test
    void aFailedFsyncFailsEveryWriterWaitingOnItAndTheLaneRefusesWritesUntilReopened() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        int waiting = 4;
        ExecutorService pool = Executors.newFixedThreadPool(waiting + 1);
        SpoolEntry first;
        Spool spool = Spool.open(lanes(1), () -> Long.MAX_VALUE, faults.opener());
        try {
            // The first writer's fsync is held until the others have written their commits and wait behind it;
            // the fsync that covers those then fails once. A retry would succeed: the disk is healthy again.
            CountDownLatch hold = new CountDownLatch(1);
            faults.blockNextSync.set(hold);
            Future<SpoolEntry> leader = pool.submit(() -> write(spool, 0, 4096));
            await(() -> faults.syncsStarted.get() == 1);
            int writesBefore = faults.writes.get();
            List<Future<SpoolEntry>> group = new ArrayList<>();
            for (int i = 1; i <= waiting; i++) {
                long seed = i;
                group.add(pool.submit(() -> write(spool, seed, 4096)));
            }
            await(() -> faults.writes.get() == writesBefore + 2 * waiting); // a DATA and a COMMIT frame each
            Thread.sleep(200); // and their tickets taken (whether or not, none may be reported durable)
            faults.failNextSync.set(new IOException("Input/output error (injected)"));
            hold.countDown();

            first = leader.get(30, SECONDS);
            for (Future<SpoolEntry> f : group) {
                assertThatThrownBy(() -> f.get(30, SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(StorageException.class).hasMessageContaining("fsync")
                        .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.UNAVAILABLE));
            }
            assertThat(spool.pending()).as("only the write whose fsync succeeded is stored").containsExactly(first);

            // The disk would take writes again, the lane does not: it is checked again when reopened.
            assertThatThrownBy(() -> write(spool, 99, 4096)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("lane 0").hasMessageContaining("Input/output error (injected)")
                    .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.UNAVAILABLE));
            assertThatThrownBy(spool::checkUsable).isInstanceOf(StorageException.class)
                    .hasMessageContaining("1 of 1 lanes failed");
            assertThat(spool.pending()).containsExactly(first);
        } finally {
            pool.shutdownNow();
            spool.close();
        }

        try (Spool reopened = Spool.open(lanes(1), () -> Long.MAX_VALUE)) {
            reopened.checkUsable();
            SpoolEntry after = write(reopened, 100, 4096);
            assertThat(reopened.pending()).extracting(SpoolEntry::sha256)
                    .contains(first.sha256(), after.sha256());
            for (SpoolEntry e : reopened.pending()) {
                assertThat(read(reopened, e)).isEqualTo(e.sha256()); // nothing half-written is handed out
            }
        }
    }

    @Test
    void withALaneFailedNewObjectsGoToTheOthersAndHealthNamesTheFailedLane() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (Spool spool = Spool.open(lanes(2), () -> Long.MAX_VALUE, faults.opener())) {
            faults.failNextSync.set(new IOException("Input/output error (injected)"));
            assertThatThrownBy(() -> write(spool, 1, 4096)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("fsync");
            List<SpoolEntry> stored = new ArrayList<>();
            for (int i = 2; i <= 5; i++) {
                stored.add(write(spool, i, 100_000));
            }
            assertThat(spool.pending()).containsExactlyElementsOf(stored);
            assertThatThrownBy(spool::checkUsable).isInstanceOf(StorageException.class)
                    .hasMessageContaining("1 of 2 lanes failed").hasMessageContaining("lane 0");
            spool.release(stored.get(0)); // the RELEASE record goes to the healthy lane
        }
        try (Spool reopened = Spool.open(lanes(2), () -> Long.MAX_VALUE)) {
            reopened.checkUsable();
            assertThat(reopened.pending()).extracting(SpoolEntry::sha256).doesNotContain(TestStreams.sha256(2, 100_000))
                    .contains(TestStreams.sha256(3, 100_000), TestStreams.sha256(4, 100_000), TestStreams.sha256(5, 100_000));
        }
    }

    @Test
    void interruptedWritersAndReadersNeverCloseTheLanesChannel() throws Exception {
        try (Spool spool = Spool.open(lanes(1))) {
            SpoolEntry interrupted;
            // As shutdownNow() does to a DIMSE worker thread in the middle of a C-STORE.
            Thread.currentThread().interrupt();
            try {
                interrupted = write(spool, 1, 300_000);
                assertThat(Thread.currentThread().isInterrupted()).as("the caller keeps its interrupt").isTrue();
            } finally {
                Thread.interrupted();
            }
            // An interrupted reader fails its own read, no one else's.
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> read(spool, interrupted)).hasStackTraceContaining("ClosedByInterruptException");
            } finally {
                Thread.interrupted();
            }
            SpoolEntry next = write(spool, 2, 300_000);
            assertThat(read(spool, interrupted)).isEqualTo(TestStreams.sha256(1, 300_000));
            assertThat(read(spool, next)).isEqualTo(TestStreams.sha256(2, 300_000));
            spool.checkUsable();
        }
        try (Spool reopened = Spool.open(lanes(1))) {
            assertThat(reopened.pending()).extracting(SpoolEntry::sha256)
                    .containsExactly(TestStreams.sha256(1, 300_000), TestStreams.sha256(2, 300_000));
        }
    }
}
