package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.InstanceSummary;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectStoreConfig;

/**
 * Durability: the gateway runs as a child process receiving a 1000-instance push from storescu and is
 * killed with SIGKILL at a random moment, 10 times. After each kill every instance storescu logged as
 * stored is in the catalog and reads back with its SHA-256 verified; re-sending everything at the end
 * completes the study with no duplicates.
 */
@Timeout(600)
class KillTest {

    @TempDir
    Path dir;

    static final int INSTANCES = 1000;
    static final int ROUNDS = 10;

    @Test
    void killedTenTimesWhileReceivingLosesNothingAcknowledged() throws Exception {
        Tools.require("storescu");
        Path files = Files.createDirectories(dir.resolve("push"));
        String study = UidGenerator.newUid();
        Map<String, String> sopOfFile = new java.util.TreeMap<>();
        for (int i = 0; i < INSTANCES; i++) {
            DataSet ds = new DataSet();
            String sop = study + "." + (i + 1);
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1.1");
            ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
            ds.setString(Tag.StudyInstanceUID, VR.UI, study);
            ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".0");
            ds.setString(Tag.PatientID, VR.LO, "KILL");
            ds.setString(0x00200013, VR.IS, String.valueOf(i + 1));
            byte[] pixels = new byte[20_000];
            new Random(i).nextBytes(pixels);
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            Path f = files.resolve(String.format("i%04d.dcm", i));
            Part10Writer.write(f, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            sopOfFile.put(f.toString(), sop);
        }
        Path data = dir.resolve("data");
        EmbeddedS3 s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start();
        try {
            ObjectStoreConfig cfg = s3.config("rdc-kill");
            new org.rdc.storage.objectstore.MinioObjectStore(cfg).ensureBucket();
            Random random = new Random(42);
            Set<String> acknowledged = new LinkedHashSet<>();
            for (int round = 1; round <= ROUNDS; round++) {
                int port = Peers.freePort();
                Process child = startChild(data, cfg, port);
                // each round pushes what has not been acknowledged yet
                List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", "STORESCU", "-aec", GatewayFixture.AE,
                        "127.0.0.1", String.valueOf(port)));
                sopOfFile.forEach((file, sop) -> {
                    if (!acknowledged.contains(sop)) {
                        cmd.add(file);
                    }
                });
                java.util.Collections.sort(cmd.subList(8, cmd.size()));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                pb.environment().put("TCP_NODELAY", "1");
                long t0 = System.nanoTime();
                Process push = pb.start();
                List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
                Thread reader = new Thread(() -> readLines(push.getInputStream(), log));
                reader.start();
                // storescu first reads every file; the random moment counts from the association
                long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < wait && log.stream().noneMatch(l -> l.startsWith("I: Association Accepted"))) {
                    Thread.sleep(20);
                }
                Thread.sleep(random.nextInt(4000));
                child.destroyForcibly(); // SIGKILL
                child.waitFor(30, TimeUnit.SECONDS);
                push.waitFor(60, TimeUnit.SECONDS);
                reader.join(10_000);
                Set<String> ok = successes(log, sopOfFile);
                acknowledged.addAll(ok);
                int present = verify(data, cfg, acknowledged);
                System.out.printf("round %d: killed after %d ms; storescu logged %d stored this round, %d acknowledged in all,"
                        + " all %d verified%n", round, (System.nanoTime() - t0) / 1_000_000, ok.size(), acknowledged.size(), present);
            }
            // re-send everything: what was stored is a duplicate, the rest completes the study
            int port = Peers.freePort();
            Process child = startChild(data, cfg, port);
            Tools.Result all = Tools.run(300, "storescu", "+sd", "-aet", "STORESCU", "-aec", GatewayFixture.AE,
                    "127.0.0.1", String.valueOf(port), files.toString());
            assertThat(all.exitCode()).as(all.output()).isZero();
            child.destroy();
            child.waitFor(30, TimeUnit.SECONDS);
            try (Opened o = open(data, cfg)) {
                StudyDetail detail = o.store.catalog().study(study).orElseThrow();
                List<InstanceSummary> instances = detail.series().stream().flatMap(s -> s.instances().stream()).toList();
                assertThat(instances).hasSize(INSTANCES);
                assertThat(instances).allSatisfy(i -> assertThat(i.earlierVersions()).as("no second version").isZero());
                assertThat(instances.stream().map(InstanceSummary::sopInstanceUid).distinct().count()).isEqualTo(INSTANCES);
            }
        } finally {
            s3.stop();
        }
    }

    private static Process startChild(Path data, ObjectStoreConfig cfg, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                GatewayChild.class.getName(), data.toString(), cfg.endpoint(), cfg.accessKey(), cfg.secretKey(),
                cfg.bucket(), String.valueOf(port)).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < end && (line = r.readLine()) != null) {
            if (line.startsWith("READY")) {
                // keep draining its output so it never blocks on a full pipe
                Thread drain = new Thread(() -> readLines(p.getInputStream(), new ArrayList<>()));
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        p.destroyForcibly();
        throw new AssertionError("gateway child did not start");
    }

    private static void readLines(InputStream in, List<String> into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in))) {
            for (String l; (l = r.readLine()) != null; ) {
                synchronized (into) {
                    into.add(l);
                }
            }
        } catch (java.io.IOException ignored) {
            // process ended
        }
    }

    /** storescu -v: "I: Sending file: F" ... "I: Received Store Response (Success)". */
    static Set<String> successes(List<String> log, Map<String, String> sopOfFile) {
        Set<String> ok = new LinkedHashSet<>();
        String current = null;
        synchronized (log) {
            for (String l : log) {
                if (l.startsWith("I: Sending file: ")) {
                    current = l.substring("I: Sending file: ".length()).trim();
                } else if (l.startsWith("I: Received Store Response (Success)") && current != null) {
                    ok.add(sopOfFile.get(current));
                    current = null;
                }
            }
        }
        ok.remove(null);
        return ok;
    }

    record Opened(InstanceStore store) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    static Opened open(Path data, ObjectStoreConfig cfg) {
        return new Opened(StorageFixture.openDataDir(data, TestDatabases.h2DataDir(data), new MinioObjectStore(cfg)));
    }

    /** Every acknowledged instance is in the catalog and reads back whole with its SHA-256 verified. */
    static int verify(Path data, ObjectStoreConfig cfg, Set<String> acknowledged) throws Exception {
        try (Opened o = open(data, cfg)) {
            for (String sop : acknowledged) {
                assertThat(o.store.locate(sop)).as("acknowledged %s is in the catalog", sop).isPresent();
                try (InputStream in = o.store.open(sop)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream()); // verifying stream: throws on a mismatch
                }
            }
            return acknowledged.size();
        }
    }
}
