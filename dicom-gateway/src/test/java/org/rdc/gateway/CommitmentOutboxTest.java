package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.gateway.scp.CommitmentOutbox;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.outbox.JobOutbox;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Storage Commitment reports for a new association go through the shared job outbox: reports an
 * earlier version left in gw_commitment_report are taken over at start-up, retried with backoff, and
 * kept as DEAD (not dropped) when the device never answers.
 */
@Timeout(120)
class CommitmentOutboxTest {

    @TempDir
    Path dir;

    @Test
    void reportsLeftByAnEarlierVersionAreRetriedThroughTheOutboxAndKeptWhenUndeliverable() throws Exception {
        int closedPort = Peers.freePort(); // nothing listens: every delivery attempt is refused
        String yaml = GatewayFixture.FACILITIES + """
                  - id: pacs
                    name: a PACS that asks for commitment
                    devices:
                      - {aeTitle: FAR_PACS, kind: PACS, host: 127.0.0.1, port: %d}
                """.formatted(closedPort);
        StorageFixture storage = new StorageFixture(dir);
        byte[] report = {1, 2, 3, 4};
        JdbcClient.create(storage.dataSource).sql("""
                        INSERT INTO gw_commitment_report (transaction_uid, device_ae, facility_id, event_type, transfer_syntax,
                            report_b64, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params("1.2.826.0.1.3680043.10.1", "FAR_PACS", "pacs", 1, "1.2.840.10008.1.2.1",
                        Base64.getEncoder().encodeToString(report), 1, OffsetDateTime.now(ZoneOffset.UTC),
                        OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        try (GatewayFixture gw = new GatewayFixture(storage, c -> c.withCommitmentRetries(3, Duration.ofMillis(50)), yaml)) {
            assertThat(JdbcClient.create(storage.dataSource).sql("SELECT COUNT(*) FROM gw_commitment_report").query(Integer.class)
                    .single()).as("taken over by the job outbox").isZero();
            List<JobOutbox.Entry> dead = List.of();
            for (int i = 0; i < 600 && dead.isEmpty(); i++) {
                Thread.sleep(50);
                dead = storage.jobs.list(CommitmentOutbox.KIND, JobOutbox.State.DEAD, 10);
            }
            assertThat(dead).singleElement().satisfies(e -> {
                assertThat(e.key()).isEqualTo("1.2.826.0.1.3680043.10.1@FAR_PACS");
                assertThat(e.subject()).isEqualTo("pacs");
                assertThat(e.attempts()).as("the configured attempts, then kept").isEqualTo(3);
                assertThat(e.lastError()).isNotBlank();
            });
            assertThat(storage.jobs.count(CommitmentOutbox.KIND, JobOutbox.State.PENDING)).isZero();
        }
    }

    @Test
    void aReportJobKeepsEveryField() {
        StorageFixture storage = new StorageFixture(dir);
        try {
            CommitmentOutbox outbox = new CommitmentOutbox(storage.jobs, storage.dataSource);
            byte[] data = new byte[300];
            new java.util.Random(1).nextBytes(data);
            outbox.add(new CommitmentOutbox.Report("1.2.3", "A AE TITLE", "zhushan", 2, "1.2.840.10008.1.2", data));
            outbox.add(new CommitmentOutbox.Report("1.2.3", "A AE TITLE", "zhushan", 2, "1.2.840.10008.1.2", data));
            JobOutbox.Job job = storage.jobs.claim(CommitmentOutbox.KIND, "test", Duration.ofMinutes(1)).orElseThrow();
            assertThat(storage.jobs.claim(CommitmentOutbox.KIND, "test", Duration.ofMinutes(1))).as("one job per transaction and device")
                    .isEmpty();
            CommitmentOutbox.Report r = CommitmentOutbox.report(job);
            assertThat(r.transactionUid()).isEqualTo("1.2.3");
            assertThat(r.deviceAe()).isEqualTo("A AE TITLE");
            assertThat(r.facilityId()).isEqualTo("zhushan");
            assertThat(r.eventType()).isEqualTo(2);
            assertThat(r.transferSyntax()).isEqualTo("1.2.840.10008.1.2");
            assertThat(r.dataSet()).isEqualTo(data);
        } finally {
            storage.close();
        }
    }
}
