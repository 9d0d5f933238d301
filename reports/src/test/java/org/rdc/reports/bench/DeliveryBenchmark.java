package org.rdc.reports.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.gateway.Peers;
import org.rdc.reports.delivery.DeliverableReport;
import org.rdc.reports.delivery.DeliverySettings;
import org.rdc.reports.delivery.DeliveryWorker;
import org.rdc.reports.delivery.Destination;
import org.rdc.reports.delivery.ReportDelivery;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;

/**
 * From {@link ReportDelivery#enqueue} to the Encapsulated PDF stored by the facility's dcmtk
 * storescp (the file complete and readable in its directory), one report after another, on the
 * embedded H2 file database with the production poll interval (1 s) and two workers. Run by
 * bench/delivery.sh. Arguments: reports to measure, PDF size in bytes, a scratch directory.
 */
public final class DeliveryBenchmark {

    private DeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        Path dir = Files.createDirectories(Path.of(args[2]));
        var db = TestDatabases.h2DataDir(dir.resolve("data-" + System.nanoTime()));
        Catalog.migrate(db);
        int port = Peers.freePort();
        Path received = dir.resolve("storescp-" + System.nanoTime());
        Map<String, byte[]> archive = new ConcurrentHashMap<>();
        JobOutbox jobs = new JobOutbox(db, Clock.systemUTC());
        ReportDelivery delivery = new ReportDelivery(db, jobs, f -> List.of(Destination.dicom("TH01_PACS", "127.0.0.1", port)),
                Clock.systemUTC());
        DeliverySettings settings = new DeliverySettings("RDC", "RDC", ZoneId.of("Asia/Shanghai"), Duration.ofSeconds(30),
                new JobOutbox.Retry(20, Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofMinutes(2)), 2, Duration.ofSeconds(1));
        Random random = new Random(42);
        try (Peers.Child storescp = Peers.storescp("TH01_PACS", port, received);
             JobWorkers workers = DeliveryWorker.start(jobs, delivery, archive::get, settings, new SimpleMeterRegistry(), Clock.systemUTC())) {
            List<Double> ms = new ArrayList<>();
            for (int i = -5; i < n; i++) {  // five warm-up reports first
                byte[] pdf = pdf(size, random);
                String sha = sha256(pdf);
                archive.put("reports/" + sha + ".pdf", pdf);
                long t0 = System.nanoTime();
                String sop = delivery.enqueue(report("BENCH-" + (i + 5), sha)).get(0).key();
                awaitStored(received, sop);
                double took = (System.nanoTime() - t0) / 1e6;
                if (i >= 0) {
                    ms.add(took);
                }
            }
            Collections.sort(ms);
            System.out.printf("enqueue -> stored by storescp, %d reports of %d bytes: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", n, size,
                    ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1), ms.get(ms.size() - 1));
        }
    }

    private static DeliverableReport report(String id, String sha) {
        return new DeliverableReport(id, 1, DeliverableReport.Status.FINAL, "th01", "1.2.826.0.1.3680043.10.543.1", "A1",
                new DeliverableReport.Patient("P1", "张三", "M", LocalDate.of(1970, 1, 1)), "胸部正位 DR", "RADIOLOGY", "所见", "诊断意见",
                null, false, new DeliverableReport.Person("liwei", "李伟"), null, Instant.now(), Instant.now(), "reports/" + sha + ".pdf",
                sha);
    }

    /** Until storescp has written the instance completely (it writes the file, then answers). */
    private static void awaitStored(Path dir, String sop) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(p -> p.getFileName().toString().contains(sop)).toList()) {
                    try {
                        if (sop.equals(new Part10Reader().read(f).dataSet().getString(Tag.SOPInstanceUID))) {
                            return;
                        }
                    } catch (IOException | RuntimeException partial) {
                        // still being written
                    }
                }
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(sop + " not stored by storescp within 60 s");
    }

    private static byte[] pdf(int size, Random random) {
        byte[] head = "%PDF-1.7\n%".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[Math.max(size, head.length + tail.length)];
        random.nextBytes(b);
        System.arraycopy(head, 0, b, 0, head.length);
        System.arraycopy(tail, 0, b, b.length - tail.length, tail.length);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
