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
    void stop() {
        spool.close();
        s3.stop();
    }

    private SpoolMover mover(UploadPacing pacing) {
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
