package org.rdc.storage.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.StorageException;
import org.rdc.storage.TestStreams;

class SpoolTest {

    @TempDir
    Path dir;

    /** One lane: the order of frames on disk is the order of writes, which several tests rely on. */
    private SpoolConfig smallSegments() {
        return new SpoolConfig(dir, 1024 * 1024, 0, 64 * 1024, 1);
    }

    static SpoolEntry write(Spool spool, long seed, long size) throws IOException {
        SpoolWriter w = spool.newWriter();
        try (InputStream in = TestStreams.content(seed, size)) {
            in.transferTo(w);
        }
        return w.commit(sha -> "objects/" + seed + "/" + sha, ("descriptor-" + seed).getBytes());
    }

    static String read(Spool spool, SpoolEntry e) throws IOException {
        try (InputStream in = spool.open(e)) {
            return TestStreams.drain(in);
        }
    }

    @Test
    void committedObjectsReadBackAcrossChunksAndSegments() throws Exception {
        try (Spool spool = Spool.open(smallSegments())) {
            SpoolEntry empty = write(spool, 1, 0);
            SpoolEntry small = write(spool, 2, 1000);
            SpoolEntry big = write(spool, 3, 3_500_000);  // spans several 1 MiB segments

            assertThat(big.sha256()).isEqualTo(TestStreams.sha256(3, 3_500_000));
            assertThat(big.key()).isEqualTo("objects/3/" + big.sha256());
            assertThat(read(spool, empty)).isEqualTo(TestStreams.sha256(1, 0));
            assertThat(read(spool, small)).isEqualTo(TestStreams.sha256(2, 1000));
            assertThat(read(spool, big)).isEqualTo(big.sha256());
            assertThat(spool.pending()).containsExactly(empty, small, big);
            assertThat(spool.pendingBytes()).isEqualTo(3_501_000);
            assertThat(segmentFiles()).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void restartKeepsCommittedEntriesAndDropsUncommittedWritesAndTornTails() throws Exception {
        String shaA;
        String shaB;
        try (Spool spool = Spool.open(smallSegments())) {
            shaA = write(spool, 10, 200_000).sha256();
            shaB = write(spool, 11, 1_500_000).sha256();
            SpoolWriter unfinished = spool.newWriter();
            TestStreams.content(12, 300_000).transferTo(unfinished);
            // no commit: as if the process died here
        }
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        Files.write(last, new byte[] {0x52, 0x44, 0x53, 0x50, 1, 0, 0}, StandardOpenOption.APPEND);  // a torn frame header

        try (Spool spool = Spool.open(smallSegments())) {
            List<SpoolEntry> pending = spool.pending();
            assertThat(pending).extracting(SpoolEntry::sha256).containsExactly(shaA, shaB);
            assertThat(new String(pending.get(0).descriptor())).isEqualTo("descriptor-10");
            assertThat(read(spool, pending.get(0))).isEqualTo(shaA);
            assertThat(read(spool, pending.get(1))).isEqualTo(shaB);
            // New writes go to a fresh segment, never after a torn tail.
            SpoolEntry c = write(spool, 13, 5000);
            assertThat(c.sha256()).isEqualTo(TestStreams.sha256(13, 5000));
        }
        try (Spool spool = Spool.open(smallSegments())) {
            assertThat(spool.pending()).hasSize(3);
        }
    }

    @Test
    void damagedCommittedDataIsCaughtByItsChecksum() throws Exception {
        SpoolEntry e;
        try (Spool spool = Spool.open(smallSegments())) {
            e = write(spool, 20, 100_000);
        }
        Path seg = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(seg);
        bytes[5000] ^= 0x01;
        Files.write(seg, bytes);
        try (Spool spool = Spool.open(smallSegments())) {
            // The frame CRC no longer matches: recovery treats everything from there on as torn.
            assertThat(spool.pending()).isEmpty();
        }
    }

    @Test
    void anIntactButUnreadableCommitStopsTheSpoolFromOpeningRatherThanDroppingData() throws Exception {
        try (Spool spool = Spool.open(smallSegments())) {
            write(spool, 90, 10_000);
        }
        Path seg = segmentFiles().get(0);
        java.nio.ByteBuffer file = java.nio.ByteBuffer.wrap(Files.readAllBytes(seg));
        // The COMMIT frame follows the DATA frame's page(s); give its key a length past the payload and re-seal the CRC.
        int commitAt = Frame.aligned(Frame.HEADER + 10_000);
        int payloadAt = commitAt + Frame.HEADER;
        int length = file.getInt(commitAt + 29);
        file.putInt(payloadAt + 48, 1 << 20);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(file.array(), commitAt + 4, Frame.HEADER - 8);
        crc.update(file.array(), payloadAt, length);
        file.putInt(commitAt + 33, (int) crc.getValue());
        Files.write(seg, file.array());

        assertThatThrownBy(() -> Spool.open(smallSegments()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot be read")
                .hasMessageContaining("offset " + commitAt);
    }

    @Test
    void releasedEntriesStayGoneAndTheirSegmentsAreDeleted() throws Exception {
        try (Spool spool = Spool.open(smallSegments())) {
            SpoolEntry a = write(spool, 30, 900_000);
            SpoolEntry b = write(spool, 31, 900_000);
            SpoolEntry c = write(spool, 32, 900_000);
            int before = segmentFiles().size();
            spool.release(a);
            spool.release(b);
            assertThat(segmentFiles()).hasSizeLessThan(before);
            assertThatThrownBy(() -> spool.open(a)).isInstanceOf(StorageException.class)
                    .satisfies(ex -> assertThat(((StorageException) ex).kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
            assertThat(spool.pending()).containsExactly(c);
        }
        try (Spool spool = Spool.open(smallSegments())) {
            assertThat(spool.pending()).extracting(SpoolEntry::sha256).containsExactly(TestStreams.sha256(32, 900_000));
        }
    }

    @Test
    void aReleaseRecordOutlivesTheFramesOfTheEntryItReleases() throws Exception {
        SpoolConfig twoLanes = new SpoolConfig(dir, 1024 * 1024, 0, 64 * 1024, 2);
        SpoolEntry d;
        try (Spool spool = Spool.open(twoLanes)) {
            SpoolEntry a = write(spool, 80, 300_000);  // lane 0
            SpoolEntry b = write(spool, 81, 300_000);  // lane 1, whose segment stays active
            spool.release(b);                          // release records go to lane 0
            spool.release(a);
            SpoolEntry c = write(spool, 82, 900_000);  // lane 0: fills its segment, goes on in the next
            d = write(spool, 83, 100_000);             // lane 1
            spool.release(c);                          // lane 0's first segment is unused now
            assertThat(spool.pending()).containsExactly(d);
        }
        try (Spool spool = Spool.open(twoLanes)) {
            assertThat(spool.pending()).as("b's release survives the restart").extracting(SpoolEntry::sha256)
                    .containsExactly(d.sha256());
            spool.pending().forEach(spool::release);
        }
        // Kept release records are let go once the segments they speak for are gone: nothing piles up.
        try (Spool spool = Spool.open(twoLanes)) {
            assertThat(spool.pending()).isEmpty();
            for (int i = 0; i < 6; i++) {
                spool.release(write(spool, 84 + i, 900_000));
            }
            write(spool, 90, 100_000);
        }
        try (Spool spool = Spool.open(twoLanes)) {
            assertThat(spool.pending()).extracting(SpoolEntry::sha256).containsExactly(TestStreams.sha256(90, 100_000));
            assertThat(segmentFiles()).as("no segment is held for ever").hasSizeLessThanOrEqualTo(3);
        }
    }

    @Test
    void recycledSegmentsNeverResurrectTheirOldEntries() throws Exception {
        List<String> live = new ArrayList<>();
        try (Spool spool = Spool.open(smallSegments())) {
            List<SpoolEntry> old = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                old.add(write(spool, 50 + i, 700_000));
            }
            old.forEach(spool::release);
            // These land in recycled files that still hold the released entries' frames further on.
            for (int i = 0; i < 4; i++) {
                live.add(write(spool, 60 + i, 300_000).sha256());
            }
            assertThat(spool.pending()).extracting(SpoolEntry::sha256).containsExactlyElementsOf(live);
            assertThat(spool.recycledSegments()).as("segments started on a recycled file").isPositive();
        }
        try (Spool spool = Spool.open(smallSegments())) {
            assertThat(spool.pending()).extracting(SpoolEntry::sha256).containsExactlyElementsOf(live);
            for (SpoolEntry e : spool.pending()) {
                assertThat(read(spool, e)).isEqualTo(e.sha256());
            }
        }
    }

    @Test
    void belowTheWatermarkNewWritesFailFastWithOutOfResources() throws Exception {
        AtomicLong free = new AtomicLong(10L << 30);
        SpoolConfig config = smallSegments().withMinFreeBytes(1L << 30);
        try (Spool spool = Spool.open(config, free::get)) {
            SpoolEntry kept = write(spool, 40, 300_000);

            free.set(512L << 20);
            assertThatThrownBy(spool::newWriter)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("out of resources")
                    .hasMessageContaining("512 MiB free, below the watermark of 1024 MiB")
                    .satisfies(ex -> assertThat(((StorageException) ex).kind()).isEqualTo(StorageException.Kind.OUT_OF_RESOURCES));

            // A write already under way stops at its next chunk.
            free.set(10L << 30);
            SpoolWriter w = spool.newWriter();
            w.write(new byte[100_000]);
            free.set(0);
            assertThatThrownBy(() -> w.write(new byte[100_000])).isInstanceOf(StorageException.class)
                    .hasMessageContaining("out of resources");

            assertThat(spool.pending()).containsExactly(kept);
            assertThat(read(spool, kept)).isEqualTo(TestStreams.sha256(40, 300_000));
        }
    }

    @Test
    void severalLanesRecoverEverythingInCommitOrder() throws Exception {
        SpoolConfig threeLanes = new SpoolConfig(dir, 1024 * 1024, 0, 64 * 1024, 3);
        List<String> committed = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Spool spool = Spool.open(threeLanes)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        synchronized (committed) {
                            // Commit order is the order of this list: one commit at a time.
                            committed.add(write(spool, 70_000L + thread * 100 + i, 150_000 + i * 1000).sha256());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("segment-")).count()).isGreaterThanOrEqualTo(3);
        }
        try (Spool spool = Spool.open(threeLanes)) {
            assertThat(spool.pending()).extracting(SpoolEntry::sha256).containsExactlyElementsOf(committed);
            for (SpoolEntry e : spool.pending()) {
                assertThat(read(spool, e)).isEqualTo(e.sha256());
            }
        }
    }

    @Test
    void concurrentWritersShareFsyncs() throws Exception {
        int writers = 4;
        int perWriter = 40;
        try (Spool spool = Spool.open(smallSegments())) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        write(spool, thread * 1000L + i, 4096);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            int commits = writers * perWriter;
            assertThat(spool.pending()).hasSize(commits);
            assertThat(spool.syncCount())
                    .as("fsyncs for %d commits from %d writers", commits, writers)
                    .isLessThan(commits * 3L / 4);
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }
}
