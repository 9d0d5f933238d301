package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.scu.DicomClient;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectStoreConfig;

/**
 * Memory: the gateway as a child process at -Xmx256m receives 50 concurrent associations, each sending a
 * 15 MB instance (the pixel data generated as it is sent, so the test holds none of it): all are stored,
 * their bytes verify, and the child never runs out of memory (it would exit: -XX:+ExitOnOutOfMemoryError).
 */
@Timeout(600)
class MemoryTest {

    @TempDir
    Path dir;

    static final int ASSOCIATIONS = 50;
    static final int PIXEL_BYTES = 15 * 1024 * 1024;

    @Test
    void fiftyConcurrent15MbInstancesAt256MbHeap() throws Exception {
        EmbeddedS3 s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start();
        Path data = dir.resolve("data");
        List<String> childLog = Collections.synchronizedList(new ArrayList<>());
        try {
            ObjectStoreConfig cfg = s3.config("rdc-mem");
            new MinioObjectStore(cfg).ensureBucket();
            int port = Peers.freePort();
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                    System.getProperty("java.class.path"), GatewayChild.class.getName(), data.toString(), cfg.endpoint(),
                    cfg.accessKey(), cfg.secretKey(), cfg.bucket(), String.valueOf(port)).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        childLog.add(l);
                    }
                } catch (java.io.IOException ignored) {
                    // ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (childLog.stream().noneMatch(l -> l.startsWith("READY")) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(childLog).anyMatch(l -> l.startsWith("READY"));

            String study = UidGenerator.newUid();
            ExecutorService pool = Executors.newFixedThreadPool(ASSOCIATIONS);
            List<Future<Integer>> results = new ArrayList<>();
            List<String> sops = new ArrayList<>();
            for (int i = 0; i < ASSOCIATIONS; i++) {
                String sop = study + "." + (i + 1);
                sops.add(sop);
                results.add(pool.submit(() -> send(port, study, sop)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(300, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(child.isAlive()).as("the gateway survived: " + String.join("\n", childLog)).isTrue();
            assertThat(childLog).noneMatch(l -> l.contains("OutOfMemoryError"));
            assertThat(statuses).containsOnly(0);
            child.destroy();
            child.waitFor(30, TimeUnit.SECONDS);
            try (KillTest.Opened o = KillTest.open(data, cfg)) {
                for (String sop : sops) {
                    assertThat(o.store().locate(sop)).get().satisfies(x -> assertThat(x.size()).isGreaterThan(PIXEL_BYTES));
                    try (InputStream in = o.store().open(sop)) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
            }
        } finally {
            s3.stop();
        }
    }

    private static int send(int port, String study, String sop) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".0");
        ds.setString(Tag.PatientID, VR.LO, "MEM");
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ds, head);
        // (7FE0,0010) OW with a 4-byte length, then the pixels generated on the fly
        byte[] pixelHeader = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0,
                (byte) PIXEL_BYTES, (byte) (PIXEL_BYTES >> 8), (byte) (PIXEL_BYTES >> 16), (byte) (PIXEL_BYTES >>> 24)};
        InputStream pixels = new InputStream() {
            long left = PIXEL_BYTES;

            @Override
            public int read() {
                return left-- > 0 ? (int) (left & 0x7F) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((left - i) & 0x7F);
                }
                left -= n;
                return n;
            }
        };
        InputStream dataSet = new SequenceInputStream(new SequenceInputStream(
                new java.io.ByteArrayInputStream(head.toByteArray()), new java.io.ByteArrayInputStream(pixelHeader)), pixels);
        try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", port, GatewayFixture.AE).callingAe("ZHUSHAN_DR")
                .context("1.2.840.10008.5.1.4.1.1.1.1", List.of(SopClasses.EXPLICIT_VR_LE))
                .dimseTimeout(java.time.Duration.ofSeconds(240)))) {
            return c.store("1.2.840.10008.5.1.4.1.1.1.1", sop, SopClasses.EXPLICIT_VR_LE, dataSet).getInt(Dimse.Status, -1);
        }
    }
}
