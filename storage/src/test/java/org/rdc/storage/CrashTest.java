package org.rdc.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.Location;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectInfo;
import org.rdc.storage.objectstore.ObjectStoreConfig;
import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolMover;

/**
 * "Stored" must survive kill -9. A child JVM writes through the spool from 4 threads and is killed
 * with SIGKILL at a random moment, 10 times. After each kill the storage is reopened here: every
 * write the child had reported stored must read back with its checksum, no object in the store
 * may be partial, and the uploads the child left pending must complete.
 */
class CrashTest {

    record Acked(String sop, String sha, long size) {
    }

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        List<Acked> acked = Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedS3 s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start()) {
            ObjectStoreConfig config = s3.config("crash");
            MinioObjectStore objectStore = new MinioObjectStore(config);
            objectStore.ensureBucket();

            for (int round = 1; round <= 10; round++) {
                int before = acked.size();
                long t0 = System.nanoTime();
                Process child = startChild(data, config, round);
                Thread reader = readAcks(child.getInputStream(), acked);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (acked.size() < before + 3 && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                long t1 = System.nanoTime();
                assertThat(child.isAlive()).as("child of round %d died by itself; see %s", round, dir.resolve("child-" + round + ".log")).isTrue();
                Thread.sleep(random.nextInt(1500));
                child.destroyForcibly();  // SIGKILL on Linux
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                reader.join(5000);
                assertThat(acked.size()).as("round %d (seed %d) acknowledged writes", round, seed).isGreaterThan(before);

                long t2 = System.nanoTime();
                List<Acked> all = List.copyOf(acked);
                verifyAfterRestart(data, objectStore, all, all.subList(before, all.size()), round,
                        "round " + round + " (seed " + seed + ")");
                System.out.printf("crash round %d: killed after %d acknowledged writes, all %d so far verified (start %d ms, run %d ms, verify %d ms)%n",
                        round, all.size() - before, all.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            }
        }
    }

    private Process startChild(Path data, ObjectStoreConfig s3, int round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), data.toString(), s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket(),
                Integer.toString(round));
        pb.redirectError(dir.resolve("child-" + round + ".log").toFile());
        return pb.start();
    }

    private static Thread readAcks(InputStream stdout, List<Acked> acked) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] p = line.split(" ");
                    // A line cut off by the kill was never a complete acknowledgement.
                    if (p.length == 4 && p[0].equals("STORED") && p[2].length() == 64) {
                        acked.add(new Acked(p[1], p[2], Long.parseLong(p[3])));
                    }
                }
            } catch (Exception e) {
                // the pipe closes when the child is killed
            }
        });
        t.start();
        return t;
    }

    /** Reads back the bytes of this round's writes; earlier rounds' writes are checked in the catalog (their bytes were read in their round). */
    private static void verifyAfterRestart(Path data, MinioObjectStore objectStore, List<Acked> acked, List<Acked> thisRound,
                                           int round, String when) throws Exception {
        try (InstanceStore store = StorageFixture.openDataDir(data, TestDatabases.h2DataDir(data), objectStore)) {
            Catalog catalog = store.catalog();
            Spool spool = store.spool();
            SpoolMover mover = store.mover();
            for (Acked a : acked) {
                StoredObject o = catalog.locate(a.sop()).orElseThrow(() -> new AssertionError(when + ": acknowledged " + a.sop() + " is not in the catalog"));
                assertThat(o.sha256()).as(when + ": " + a.sop()).isEqualTo(a.sha());
                assertThat(o.size()).as(when + ": " + a.sop()).isEqualTo(a.size());
            }
            for (Acked a : thisRound) {
                try (InputStream in = store.open(a.sop())) {
                    assertThat(TestStreams.drain(in)).as(when + ": bytes of " + a.sop()).isEqualTo(a.sha());
                }
            }
            assertThat(mover.awaitIdle(Duration.ofSeconds(60))).as(when + ": pending uploads complete").isTrue();
            assertThat(spool.pending()).as(when + ": spool empty after the uploads").isEmpty();
            for (Acked a : acked) {
                assertThat(catalog.locate(a.sop()).orElseThrow().location()).as(when + ": " + a.sop()).isEqualTo(Location.OBJECT_STORE);
            }
        }
        // No partial object is visible: every object in the bucket is whole and matches the digest in its key.
        List<ObjectInfo> objects = objectStore.list("dicom/1.2.999." + round + ".");
        assertThat(objects.size()).as(when + ": objects uploaded this round").isGreaterThanOrEqualTo(thisRound.size());
        for (ObjectInfo info : objects) {
            String sha = info.key().substring(info.key().lastIndexOf('/') + 1, info.key().length() - ".dcm".length());
            try (InputStream in = objectStore.get(info.key(), info.size(), sha)) {
                TestStreams.drain(in);
            }
        }
        assertThat(Files.exists(data.resolve("db"))).isTrue();
    }
}
