package org.rdc.reports.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.object.DataSet;
import org.rdc.gateway.Peers;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.outbox.JobOutbox;

/**
 * kill -9 in the middle of a delivery. A child JVM delivers one report to a dcmtk storescp and to
 * a HAPI HL7 receiver and is killed with SIGKILL: in round 1 while the HL7 receiver holds back its
 * ACK (the message is there, the sender does not know), in round 2 the moment storescp has written
 * the report (its C-STORE response may not have reached the sender). A second child then finishes the
 * work. Each destination ends up holding the report exactly once: one instance (one SOP Instance
 * UID, the one recorded at enqueue) in the study at storescp, one filed message control id at the HL7
 * receiver, though either may have received it twice, and every delivery is SENT.
 */
class DeliveryCrashTest {

    static final byte[] PDF = DicomDeliveryTest.PDF;

    @TempDir
    Path dir;

    static String file(String key) {
        return key.replace('/', '_');
    }

    @Test
    void afterSigkillAndRestartEachDestinationHasTheReportOnce() throws Exception {
        Path received = dir.resolve("storescp");
        Path pdfs = Files.createDirectories(dir.resolve("pdfs"));
        JdbcDataSource db = TestDatabases.h2DataDir(dir.resolve("data"));
        Catalog.migrate(db);
        int port = Peers.freePort();
        try (Peers.Child storescp = Peers.storescp("TH01_PACS", port, received); Hl7Receiver hl7 = new Hl7Receiver()) {
            List<Destination> both = List.of(Destination.dicom("TH01_PACS", "127.0.0.1", port), Destination.hl7("127.0.0.1", hl7.port));
            ReportDelivery delivery = new ReportDelivery(db, new JobOutbox(db, Clock.systemUTC()), f -> both, Clock.systemUTC());

            for (int round = 1; round <= 2; round++) {
                String id = "R-CRASH-" + round;
                DeliverableReport report = Reports.report(id, 1, "th01", PDF);
                Files.write(pdfs.resolve(file(report.pdfKey())), PDF);
                List<Delivery> enqueued = delivery.enqueue(report);
                String sop = enqueued.get(0).key();
                String controlId = enqueued.get(1).key();
                int hl7Before = hl7.received.size();
                CountDownLatch hold = new CountDownLatch(1);
                hl7.holdAnswer = round == 1 ? hold : null;
                BooleanSupplier midDelivery = round == 1 ? () -> hl7.received.size() > hl7Before : () -> instances(received, sop) > 0;

                Process first = child(db, pdfs, round + "a");
                waitFor(midDelivery, first, "round " + round + ": a delivery under way");
                first.destroyForcibly();  // SIGKILL
                assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
                hold.countDown();
                hl7.holdAnswer = null;

                Process second = child(db, pdfs, round + "b");
                AtomicReference<String> states = new AtomicReference<>("");
                Thread reader = read(second, states);
                int deliveries = 2 * round;
                waitFor(() -> states.get().matches("(\\d+ SENT \\d+;)+") && states.get().split(";").length == deliveries, second,
                        "round " + round + ": every delivery SENT after the restart, now " + states.get());
                second.destroy();
                assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
                reader.join(5000);

                assertThat(delivery.deliveries(id)).extracting(Delivery::state).containsExactly(Delivery.State.SENT, Delivery.State.SENT);
                assertThat(instances(received, sop)).as("round %d: the study holds the report once", round).isEqualTo(1);
                assertThat(reportObjects(received)).as("round %d: no other report instance appeared", round).isEqualTo(round);
                assertThat(hl7.filed.stream().filter(controlId::equals).count()).isEqualTo(1);
                long hl7Receptions = hl7.received.stream().filter(m -> m.contains("|" + controlId + "|")).count();
                assertThat(hl7Receptions).as("round %d: HL7 receptions of %s", round, controlId).isBetween(1L, 2L);
                if (round == 1) {
                    assertThat(hl7Receptions).as("the held message is sent again after the restart").isEqualTo(2);
                }
                for (Path f : files(received)) {
                    DataSet ds = new Part10Reader().read(f).dataSet();
                    if (ds.getString(Tag.SOPInstanceUID).equals(sop)) {
                        assertThat(Arrays.copyOf(ds.getBytes(Tag.EncapsulatedDocument), PDF.length)).isEqualTo(PDF);
                    }
                }
                System.out.printf("crash round %d: DICOM attempts %d, HL7 receptions %d, each destination holds it once (deliveries: %s)%n",
                        round, delivery.deliveries(id).get(0).attempts(), hl7Receptions, states.get());
            }
        }
    }

    private Process child(JdbcDataSource db, Path pdfs, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                DeliveryCrashChild.class.getName(), db.getURL(), pdfs.toString());
        pb.redirectError(dir.resolve("child-" + name + ".log").toFile());
        return pb.start();
    }

    private static Thread read(Process p, AtomicReference<String> last) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    last.set(line);
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void waitFor(BooleanSupplier condition, Process child, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (!child.isAlive() || System.nanoTime() > end) {
                child.destroyForcibly();
                throw new AssertionError("not within 60 s: " + what + (child.isAlive() ? "" : " (the child died; see " + dir + ")"));
            }
            Thread.sleep(10);
        }
    }

    private static List<Path> files(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm")).toList();
        }
    }

    /** Instances with this SOP Instance UID that storescp wrote completely. */
    private static int instances(Path dir, String sop) {
        try {
            int n = 0;
            for (Path f : files(dir)) {
                if (f.getFileName().toString().contains(sop) && sopOf(f).equals(sop)) {
                    n++;
                }
            }
            return n;
        } catch (Exception e) {
            return 0;  // being written
        }
    }

    /** Distinct report instances (SOP Instance UIDs) storescp holds. */
    private static int reportObjects(Path dir) throws Exception {
        Set<String> uids = files(dir).stream().map(DeliveryCrashTest::sopOf).collect(Collectors.toSet());
        return uids.size();
    }

    private static String sopOf(Path f) {
        try {
            return new Part10Reader().read(f).dataSet().getString(Tag.SOPInstanceUID);
        } catch (Exception e) {
            throw new IllegalStateException(f + ": " + e.getMessage(), e);
        }
    }
}
