package org.rdc.reports.delivery;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;

/** A delivery node on a test database: outbox, deliveries, an in-memory archive of signed PDFs, workers with short retries. */
final class DeliveryFixture implements AutoCloseable {

    /** Five attempts 200 ms, 400 ms, 800 ms, 1 s apart; a lease of 10 s. */
    static final JobOutbox.Retry FAST = new JobOutbox.Retry(5, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10));

    final DataSource db;
    final JobOutbox jobs;
    final ReportDelivery delivery;
    final Map<String, byte[]> archive = new ConcurrentHashMap<>();
    final Map<String, List<Destination>> destinations = new ConcurrentHashMap<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private JobWorkers workers;

    DeliveryFixture(DataSource db) {
        this.db = db;
        Catalog.migrate(db);
        jobs = new JobOutbox(db, Clock.systemUTC());
        delivery = new ReportDelivery(db, jobs, f -> destinations.getOrDefault(f, List.of()), Clock.systemUTC());
    }

    DeliveryFixture start(JobOutbox.Retry retry) {
        DeliverySettings s = new DeliverySettings("RDC", "RDC_CENTRE", ZoneId.of("Asia/Shanghai"), Duration.ofSeconds(5), retry, 1,
                Duration.ofMillis(100));
        workers = DeliveryWorker.start(jobs, delivery, this::read, s, meters, Clock.systemUTC());
        return this;
    }

    private byte[] read(String key) throws IOException {
        byte[] b = archive.get(key);
        if (b == null) {
            throw new IOException("no signed PDF " + key);
        }
        return b;
    }

    /** Archives the PDF and enqueues the report. */
    List<Delivery> enqueue(DeliverableReport r, byte[] pdf) {
        archive.put(r.pdfKey(), pdf);
        return delivery.enqueue(r);
    }

    /** Waits (at most 60 s) until every delivery of the report is in {@code state}. */
    List<Delivery> await(String reportId, Delivery.State state) throws InterruptedException {
        waitFor(() -> delivery.deliveries(reportId).stream().allMatch(d -> d.state() == state), "deliveries of " + reportId
                + " " + state);
        return delivery.deliveries(reportId);
    }

    void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within 60 s: " + what + "; now " + org.springframework.jdbc.core.simple.JdbcClient.create(db)
                        .sql("SELECT * FROM report_delivery").query().listOfRows());
            }
            Thread.sleep(50);
        }
    }

    double counter(Channel c, String outcome) {
        return meters.get("rdc.report.deliveries").tag("channel", c.name().toLowerCase()).tag("outcome", outcome).counter().count();
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close(Duration.ofSeconds(5));
        }
    }
}
