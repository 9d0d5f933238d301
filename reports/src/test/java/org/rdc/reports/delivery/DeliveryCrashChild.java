package org.rdc.reports.delivery;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import org.h2.jdbcx.JdbcDataSource;
import org.rdc.storage.outbox.JobOutbox;

/**
 * The delivery node {@link DeliveryCrashTest} kills: delivery workers on an H2 file database, signed
 * PDFs from files. Prints the state of every delivery every 100 ms ("id STATE attempts").
 * Arguments: the JDBC URL, the PDF directory.
 */
public final class DeliveryCrashChild {

    /** A lease of 3 s, so a restarted node takes over a killed one's jobs soon; an attempt times out after 1 s. */
    static final JobOutbox.Retry RETRY = new JobOutbox.Retry(10, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3));

    private DeliveryCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL(args[0]);
        db.setUser("sa");
        Path pdfs = Path.of(args[1]);
        JobOutbox jobs = new JobOutbox(db, Clock.systemUTC());
        ReportDelivery deliveries = new ReportDelivery(db, jobs, f -> java.util.List.of(), Clock.systemUTC());
        DeliveryWorker.start(jobs, deliveries, key -> Files.readAllBytes(pdfs.resolve(DeliveryCrashTest.file(key))),
                new DeliverySettings("RDC", "RDC", ZoneId.of("Asia/Shanghai"), Duration.ofSeconds(1), RETRY, 2, Duration.ofMillis(100)),
                new SimpleMeterRegistry(), Clock.systemUTC());
        while (true) {
            StringBuilder line = new StringBuilder();
            for (var row : org.springframework.jdbc.core.simple.JdbcClient.create(db)
                    .sql("SELECT id, state, attempts FROM report_delivery ORDER BY id").query().listOfRows()) {
                line.append(row.get("ID")).append(' ').append(row.get("STATE")).append(' ').append(row.get("ATTEMPTS")).append(';');
            }
            System.out.println(line);
            System.out.flush();
            Thread.sleep(100);
        }
    }
}
