package org.rdc.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
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
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.test.Requires;

/**
 * SIGTERM in the middle of a push: the whole centre runs as a child process ({@code org.rdc.app.Rdc},
 * embedded S3 and H2 under its data directory), dcmtk's storescu pushes a bounded set of instances on
 * one association, and the centre gets SIGTERM after some of them are acknowledged. It must be gone
 * within 30 s, having shut down through the graceful path (no interrupted spool I/O in its log), and
 * after a restart every acknowledged instance is in the catalog and reads back with its SHA-256, and
 * every instance the catalog has reads back whole (nothing unacknowledged is half-recorded).
 */
@Timeout(300)
class GracefulShutdownTest {

    static final int INSTANCES = 1000;
    static final String FACILITIES = """
            facilities:
              - id: zhushan
                name: 珠山镇中心卫生院
                devices:
                  - {aeTitle: STORESCU, kind: DX}
            """;

    @TempDir
    Path dir;

    @Test
    void sigtermDuringAPushKeepsEveryAcknowledgedInstanceAndExitsWithin30Seconds() throws Exception {
        Requires.dcmtk("storescu");
        Path files = Files.createDirectories(dir.resolve("push"));
        String study = UidGenerator.newUid();
        Map<String, String> sopOfFile = new TreeMap<>();
        for (int i = 0; i < INSTANCES; i++) {
            DataSet ds = new DataSet();
            String sop = study + "." + (i + 1);
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1.1");
            ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
            ds.setString(Tag.StudyInstanceUID, VR.UI, study);
            ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".0");
            ds.setString(Tag.PatientID, VR.LO, "SIGTERM");
            ds.setString(0x00200013, VR.IS, String.valueOf(i + 1));
            byte[] pixels = new byte[20_000];
            new Random(i).nextBytes(pixels);
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            Path f = files.resolve(String.format("i%04d.dcm", i));
            Part10Writer.write(f, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            sopOfFile.put(f.toString(), sop);
        }
        Path data = dir.resolve("data");
        Path facilities = Files.writeString(dir.resolve("facilities.yaml"), FACILITIES);
        Path centreLog = dir.resolve("centre.log");
        int port = freePort();
        Process centre = startCentre(data, facilities, port, centreLog);
        try {
            List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", "STORESCU", "-aec", "RDC",
                    "127.0.0.1", String.valueOf(port)));
            cmd.addAll(sopOfFile.keySet());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("TCP_NODELAY", "1");
            Process push = pb.start();
            List<String> pushLog = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> readLines(push.getInputStream(), pushLog));
            reader.start();
            long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < wait && successes(pushLog, sopOfFile).size() < 50 && push.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(successes(pushLog, sopOfFile)).as("storescu got going: %s", tail(pushLog)).hasSizeGreaterThanOrEqualTo(50);

            int atSigterm = successes(pushLog, sopOfFile).size();
            long t0 = System.nanoTime();
            centre.destroy(); // SIGTERM
            boolean gone = centre.waitFor(30, TimeUnit.SECONDS);
            long stopMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(gone).as("the centre exits within 30 s of SIGTERM; its log: %s", centreLog).isTrue();
            assertThat(push.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            Set<String> acknowledged = successes(pushLog, sopOfFile);
            String log = Files.readString(centreLog, StandardCharsets.UTF_8);
            System.out.printf("SIGTERM after %d acknowledged; the centre was gone after %d ms; %d of %d acknowledged in all"
                    + " (storescu exit %d)%n", atSigterm, stopMillis, acknowledged.size(), INSTANCES, push.exitValue());

            int from = log.indexOf("shutting down");
            System.out.println("the centre's log from SIGTERM on:\n" + (from < 0 ? log : log.substring(from)));
            assertThat(log).as("the graceful path ran").contains("no longer accepting associations");
            assertThat(log).doesNotContain("ClosedByInterruptException").doesNotContain("ClosedChannelException")
                    .doesNotContain("DIMSE worker failed").doesNotContain("Database is already closed");

            try (EmbeddedS3 s3 = EmbeddedS3.withRandomCredentials(data.resolve("objects"), 0).start();
                 InstanceStore store = StorageFixture.openDataDir(data, TestDatabases.h2DataDir(data),
                         new MinioObjectStore(s3.config("rdc")))) {
                for (String sop : acknowledged) {
                    assertThat(store.locate(sop)).as("acknowledged %s is in the catalog", sop).isPresent();
                    readWhole(store, sop);
                }
                List<InstanceSummary> catalogued = store.catalog().study(study).orElseThrow().series().stream()
                        .flatMap(s -> s.instances().stream()).toList();
                assertThat(catalogued.size()).isGreaterThanOrEqualTo(acknowledged.size());
                for (InstanceSummary i : catalogued) {
                    readWhole(store, i.sopInstanceUid()); // stored but unacknowledged is allowed, half-stored is not
                }
            }
        } finally {
            centre.destroyForcibly();
            centre.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The verifying stream throws when size or SHA-256 differ from what the catalog recorded. */
    private static void readWhole(InstanceStore store, String sop) throws Exception {
        try (InputStream in = store.open(sop)) {
            byte[] bytes = in.readAllBytes();
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as("the bytes of %s", sop).contains(sop);
        }
    }

    private static Process startCentre(Path data, Path facilities, int dicomPort, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                Rdc.class.getName(), "--rdc.data-dir=" + data, "--rdc.facilities=" + facilities,
                "--rdc.dicom.port=" + dicomPort, "--rdc.dicom.bind-address=127.0.0.1",
                "--server.port=0", "--server.address=127.0.0.1", "--rdc.ecg.port=0", "--rdc.ecg.address=127.0.0.1",
                "--rdc.shutdown.grace=3s", "--spring.lifecycle.timeout-per-shutdown-phase=3s")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end && p.isAlive()) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains("Started ")) {
                return p;
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new AssertionError("the centre did not start; its log:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void readLines(InputStream in, List<String> into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in))) {
            for (String l; (l = r.readLine()) != null; ) {
                into.add(l);
            }
        } catch (java.io.IOException ignored) {
            // storescu ended
        }
    }

    /** storescu -v: "I: Sending file: F" ... "I: Received Store Response (Success)". */
    private static Set<String> successes(List<String> log, Map<String, String> sopOfFile) {
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

    private static String tail(List<String> log) {
        synchronized (log) {
            return String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size()));
        }
    }
}
