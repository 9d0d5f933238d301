package org.rdc.storage.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.TestStreams;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectStore;
import org.rdc.storage.objectstore.WireProxy;

/**
 * The mover against a real S3 server: intake first (uploads wait while devices push, within the
 * limits {@link UploadPacing} sets), and which uploads it skips.
 */
class SpoolMoverTest {

    private static final int OBJECT_BYTES = 50_000;

    @TempDir
    Path dir;

    private EmbeddedS3 s3;
    private MinioObjectStore store;
    private Spool spool;
    private WireProxy proxy;
    /** Object key -> System.nanoTime() when the mover reported it uploaded. */
    private final Map<String, Long> uploadedAt = new ConcurrentHashMap<>();
    /** Object key -> System.nanoTime() when it was committed to the spool. */
    private final Map<String, Long> committedAt = new ConcurrentHashMap<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start();
        store = new MinioObjectStore(s3.config("pacing"));
        store.ensureBucket();
        spool = Spool.open(new SpoolConfig(dir.resolve("spool"), 4L << 20, 0, 64 * 1024, 2));
    }

    @AfterEach
    void stop() throws IOException {
        spool.close();
        if (proxy != null) {
            proxy.close();
        }
        s3.stop();
    }

    /** The store, through a proxy that watches and can spoil what goes over the wire. */
    private MinioObjectStore throughProxy() throws IOException {
        proxy = new WireProxy(s3.port());
        return new MinioObjectStore(proxy.config(s3.config("pacing")));
    }

    private static DeadLetter awaitDeadLetter(SpoolMover mover) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (mover.deadLetters().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(mover.deadLetters()).as("dead letters").hasSize(1);
        return mover.deadLetters().get(0);
    }

    private double deadLetterGauge() {
        return metrics.get("rdc.spool.dead.letters").gauge().value();
    }

    private void assertStoredIntact(SpoolEntry e) throws IOException {
        try (InputStream in = store.get(e.key(), e.size(), e.sha256())) {
            assertThat(TestStreams.drain(in)).isEqualTo(e.sha256());
        }
    }

    private void assertReadableFromTheSpool(SpoolEntry e) throws IOException {
        SpoolEntry held = spool.pendingEntry(e.key()).orElseThrow();
        try (InputStream in = spool.open(held)) {
            assertThat(TestStreams.drain(in)).as("read from the spool copy").isEqualTo(e.sha256());
        }
    }

    @Test
    void aNormalUploadIsOnePutAndNoHead() throws Exception {
        MinioObjectStore wired = throughProxy();
        try (SpoolMover mover = mover(wired, UploadPacing.AT_ONCE)) {
            SpoolEntry e = write(500);
            mover.submit(e);
            assertThat(mover.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(uploadedAt).containsOnlyKeys(e.key());
            assertThat(proxy.requests("PUT")).as("PUT requests").isEqualTo(1);
            assertThat(proxy.requests("HEAD")).as("HEAD requests: the store checked the bytes, nothing reads them back").isZero();
            assertStoredIntact(e);
        }
    }

    @Test
    void aBodyCorruptedInTransitIsRefusedByTheStoreAndSentAgain() throws Exception {
        MinioObjectStore wired = throughProxy();
        proxy.corruptNextPutBodies(1);
        try (SpoolMover mover = mover(wired, UploadPacing.AT_ONCE)) {
            SpoolEntry e = write(501);
            mover.submit(e);
            assertThat(mover.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(proxy.requests("PUT")).as("refused once, then sent again").isEqualTo(2);
            assertThat(metrics.get("rdc.spool.upload.failures").counter().count()).isEqualTo(1);
            assertThat(mover.deadLetters()).isEmpty();
            assertStoredIntact(e);
        }
    }

    @Test
    void bytesTheStoreRefusesTimeAfterTimeBecomeADeadLetterAndUploadWhenRetried() throws Exception {
        MinioObjectStore wired = throughProxy();
        proxy.corruptNextPutBodies(Integer.MAX_VALUE);
        try (SpoolMover mover = mover(wired, UploadPacing.AT_ONCE)) {
            SpoolEntry e = write(502);
            mover.submit(e);
            DeadLetter letter = awaitDeadLetter(mover);

            assertThat(letter.id()).isEqualTo(e.id());
            assertThat(letter.attempts()).isEqualTo(SpoolMover.MAX_CHECKSUM_REFUSALS);
            assertThat(letter.reason()).contains("refused the bytes sent").contains("XAmzContentSHA256Mismatch");
            assertThat(proxy.requests("PUT")).isEqualTo(SpoolMover.MAX_CHECKSUM_REFUSALS);
            assertThat(uploadedAt).as("never marked uploaded").isEmpty();
            assertThat(store.stat(e.key())).as("nothing stored").isEmpty();
            assertThat(mover.awaitIdle(Duration.ofSeconds(5))).as("no mover thread holds it").isTrue();
            assertThat(deadLetterGauge()).isEqualTo(1);
            assertReadableFromTheSpool(e);

            proxy.corruptNextPutBodies(0);
            assertThat(mover.retry(e.id())).isPresent();
            assertThat(mover.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(uploadedAt).containsOnlyKeys(e.key());
            assertStoredIntact(e);
            assertThat(deadLetterGauge()).isZero();
            assertThat(spool.pendingCount()).isZero();
        }
    }

    @Test
    void anObjectTheStoreRefusesForGoodIsADeadLetterThatSurvivesARestartAndUploadsWhenRetried() throws Exception {
        MinioObjectStore wired = throughProxy();
        proxy.refusePuts("EntityTooLarge");
        SpoolEntry e = write(503);
        try (SpoolMover mover = mover(wired, UploadPacing.AT_ONCE)) {
            mover.submit(e);
            DeadLetter letter = awaitDeadLetter(mover);
            assertThat(letter.attempts()).as("not retried").isEqualTo(1);
            assertThat(letter.reason()).contains("EntityTooLarge");
            assertThat(letter.firstFailure()).isEqualTo(letter.lastFailure());
            assertThat(deadLetterGauge()).isEqualTo(1);
        }
        spool.close();
        spool = Spool.open(new SpoolConfig(dir.resolve("spool"), 4L << 20, 0, 64 * 1024, 2));
        metrics.clear();
        try (SpoolMover restarted = mover(wired, UploadPacing.AT_ONCE)) {
            assertThat(restarted.deadLetters()).extracting(DeadLetter::id).as("still dead after a restart").containsExactly(e.id());
            assertThat(restarted.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(proxy.requests("PUT")).as("not tried again").isEqualTo(1);
            assertThat(deadLetterGauge()).isEqualTo(1);
            assertReadableFromTheSpool(e);

            proxy.refusePuts(null);
            assertThat(restarted.retry(e.id())).hasValueSatisfying(d -> assertThat(d.key()).isEqualTo(e.key()));
            assertThat(restarted.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(uploadedAt).containsOnlyKeys(e.key());
            assertStoredIntact(e);
            assertThat(restarted.deadLetters()).isEmpty();
            assertThat(restarted.retry(e.id())).as("no longer a dead letter").isEmpty();
        }
        assertThat(dir.resolve("spool").resolve("dead-letters")).isEmptyDirectory();
    }

    @Test
    void aSpoolCopyWhoseBytesNoLongerMatchTheirSha256IsADeadLetterAtOnce() throws Exception {
        SpoolEntry e = write(504);
        Chunk first = e.chunks.get(0);
        try (var ch = java.nio.channels.FileChannel.open(first.segment().path, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x42, 0x42}), first.offset() + 100);
        }
        try (SpoolMover mover = mover(UploadPacing.AT_ONCE)) {
            mover.submit(e);
            DeadLetter letter = awaitDeadLetter(mover);
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.reason()).contains("does not match the recorded " + e.sha256());
            assertThat(store.stat(e.key())).isEmpty();
            assertThat(uploadedAt).isEmpty();
            assertThat(spool.contains(e.id())).as("the spool copy is kept").isTrue();
        }
    }

    @Test
    void anUnreachableStoreIsRetriedUntilItIsBackNotDeadLettered() throws Exception {
        s3.stop();
        try (SpoolMover mover = mover(UploadPacing.AT_ONCE)) {
            SpoolEntry e = write(505);
            mover.submit(e);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mover.consecutiveFailures() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(mover.consecutiveFailures()).isGreaterThanOrEqualTo(3);
            assertThat(mover.deadLetters()).isEmpty();
            assertThat(uploadedAt).isEmpty();

            s3.start();
            assertThat(mover.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(uploadedAt).containsOnlyKeys(e.key());
            assertStoredIntact(e);
        }
    }

    private SpoolMover mover(UploadPacing pacing) {
        return mover(store, pacing);
    }

    private SpoolMover mover(ObjectStore store, UploadPacing pacing) {
        SpoolMover.Destination destination = new SpoolMover.Destination() {
            @Override
            public void uploaded(SpoolEntry e) {
                uploadedAt.put(e.key(), System.nanoTime());
            }

            @Override
            public void durable() {
            }
        };
        SpoolMover mover = new SpoolMover(spool, store, destination, 2, Duration.ofMillis(200), pacing, metrics);
        mover.start();
        return mover;
    }

    private SpoolEntry write(long seed) throws IOException {
        SpoolWriter w = spool.newWriter();
        try (InputStream in = TestStreams.content(seed, OBJECT_BYTES)) {
            in.transferTo(w);
        }
        SpoolEntry e = w.commit(sha -> "pacing/" + sha, new byte[0]);
        committedAt.put(e.key(), System.nanoTime());
        return e;
    }

    /** Writes one object every 50 ms for {@code length}, as a device pushing a study would; returns the keys. */
    private List<String> pushFor(SpoolMover mover, Duration length, long seed) throws IOException, InterruptedException {
        List<String> keys = new ArrayList<>();
        long end = System.nanoTime() + length.toNanos();
        for (long n = seed; System.nanoTime() < end; n++) {
            SpoolEntry e = write(n);
            mover.submit(e);
            keys.add(e.key());
            Thread.sleep(50);
        }
        return keys;
    }

    private void assertAllUploaded(SpoolMover mover, List<String> keys) throws InterruptedException {
        assertThat(mover.awaitIdle(Duration.ofSeconds(30))).as("everything uploaded once the spool is quiet").isTrue();
        assertThat(uploadedAt).containsOnlyKeys(keys);
        for (String key : keys) {
            assertThat(store.stat(key)).as(key).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(OBJECT_BYTES));
        }
        assertThat(spool.pendingCount()).isZero();
    }

    @Test
    void uploadsWaitWhileDevicesPushAndRunOnceTheSpoolIsQuiet() throws Exception {
        try (SpoolMover mover = mover(new UploadPacing(Duration.ofSeconds(1), Duration.ofMinutes(5), 1L << 30))) {
            List<String> keys = pushFor(mover, Duration.ofMillis(1500), 1);

            assertThat(uploadedAt).as("nothing uploaded while objects kept arriving").isEmpty();
            assertThat(spool.pendingCount()).isEqualTo(keys.size());
            assertThat(metrics.get("rdc.spool.oldest.upload.wait").gauge().value()).as("seconds the first object has waited")
                    .isGreaterThanOrEqualTo(1.4);
            long quietFrom = System.nanoTime();
            assertAllUploaded(mover, keys);
            assertThat(metrics.get("rdc.spool.oldest.upload.wait").gauge().value()).isZero();
            assertThat(uploadedAt.values()).allSatisfy(t -> assertThat(t - quietFrom)
                    .as("uploads wait for a quiet spool").isGreaterThanOrEqualTo(Duration.ofMillis(900).toNanos()));
        }
    }

    @Test
    void anObjectWaitsNoLongerThanTheMaximumDelay() throws Exception {
        try (SpoolMover mover = mover(new UploadPacing(Duration.ofSeconds(1), Duration.ofMillis(300), 1L << 30))) {
            List<String> keys = pushFor(mover, Duration.ofMillis(2000), 100);

            assertThat(uploadedAt).as("uploads ran although devices kept pushing").isNotEmpty();
            String first = keys.get(0);
            assertThat(uploadedAt.get(first) - committedAt.get(first)).as("the first object waited its maximum delay")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(290).toNanos());
            assertAllUploaded(mover, keys);
        }
    }

    @Test
    void pastTheDeferredBytesUploadsRunWhileDevicesPush() throws Exception {
        try (SpoolMover mover = mover(new UploadPacing(Duration.ofSeconds(1), Duration.ofMinutes(5), 3L * OBJECT_BYTES))) {
            List<String> keys = pushFor(mover, Duration.ofMillis(1500), 200);

            assertThat(uploadedAt).as("uploads ran once more than three objects waited").isNotEmpty();
            assertAllUploaded(mover, keys);
        }
    }

    @Test
    void onlyAnEntryLeftByAnEarlierProcessIsLookedForInTheStoreFirst() throws Exception {
        SpoolEntry left = write(400);
        try (InputStream in = spool.open(left)) {
            store.put(left.key(), in, left.size(), left.sha256());  // the earlier process uploaded it, then died
        }
        try (SpoolMover mover = mover(UploadPacing.AT_ONCE)) {
            assertThat(mover.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(uploadedAt).containsOnlyKeys(left.key());
            assertThat(metrics.get("rdc.spool.upload.bytes").counter().count()).as("found in the store: not sent again").isZero();

            // A fresh entry is put without asking first: its key is content-addressed, a second put is harmless.
            SpoolEntry fresh = write(401);
            try (InputStream in = spool.open(fresh)) {
                store.put(fresh.key(), in, fresh.size(), fresh.sha256());
            }
            mover.submit(fresh);
            assertThat(mover.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(metrics.get("rdc.spool.upload.bytes").counter().count()).isEqualTo(OBJECT_BYTES);
            assertThat(store.stat(fresh.key())).hasValueSatisfying(i -> assertThat(i.sha256Hex()).isEqualTo(fresh.sha256()));
            assertThat(spool.pendingCount()).isZero();
        }
    }

    @Test
    void atOnceUploadsWhileDevicesPush() throws Exception {
        try (SpoolMover mover = mover(UploadPacing.AT_ONCE)) {
            List<String> keys = pushFor(mover, Duration.ofMillis(1000), 300);

            assertThat(uploadedAt).as("uploads during the push").isNotEmpty();
            assertAllUploaded(mover, keys);
        }
    }
}
