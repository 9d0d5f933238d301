package org.rdc.gateway.scp;

import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.rdc.storage.outbox.JobOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Storage Commitment reports waiting for delivery on a new association: jobs of kind {@value #KIND}
 * in the shared {@link JobOutbox}, so a report survives a restart, is retried with backoff, and is
 * kept as DEAD (not dropped) when the device never answers.
 */
public final class CommitmentOutbox {

    private static final Logger log = LoggerFactory.getLogger(CommitmentOutbox.class);

    public static final String KIND = "dicom.commitment-report";

    /** One report to deliver. */
    public record Report(String transactionUid, String deviceAe, String facilityId, int eventType, String transferSyntax,
                         byte[] dataSet) {
    }

    private final JobOutbox jobs;
    private final DataSource dataSource;

    /** @param dataSource the gateway's database, where reports of earlier versions may wait (gw_commitment_report) */
    public CommitmentOutbox(JobOutbox jobs, DataSource dataSource) {
        this.jobs = jobs;
        this.dataSource = dataSource;
    }

    public JobOutbox jobs() {
        return jobs;
    }

    /** One job per transaction and device: the same report twice is delivered once. */
    public void add(Report r) {
        jobs.enqueue(KIND, r.transactionUid() + "@" + r.deviceAe(), r.facilityId(), payload(r));
    }

    /** AE titles and UIDs hold no line breaks (PS3.5 6.2), so one field per line is unambiguous. */
    static String payload(Report r) {
        return String.join("\n", r.transactionUid(), r.deviceAe(), r.facilityId(), String.valueOf(r.eventType()),
                r.transferSyntax(), Base64.getEncoder().encodeToString(r.dataSet()));
    }

    public static Report report(JobOutbox.Job job) {
        String[] f = job.payload().split("\n", -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("commitment report job " + job.key() + " has " + f.length + " fields, not 6");
        }
        return new Report(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], Base64.getDecoder().decode(f[5]));
    }

    /**
     * Reports that an earlier version left in its own table (gw_commitment_report, before the
     * shared outbox) become jobs, due when they were due, in one transaction with their removal, so
     * an upgrade delivers every one of them exactly as often as before. The table stays (empty) until
     * a later version drops it.
     */
    public int adoptEarlierReports() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Integer moved = new TransactionTemplate(new DataSourceTransactionManager(dataSource)).execute(status -> {
            record Row(long id, Report report, java.time.OffsetDateTime due) {
            }
            List<Row> rows = jdbc.sql("SELECT id, transaction_uid, device_ae, facility_id, event_type, transfer_syntax, report_b64,"
                            + " next_attempt_at FROM gw_commitment_report ORDER BY id FOR UPDATE")
                    .query((rs, n) -> new Row(rs.getLong(1), new Report(rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getString(6), Base64.getDecoder().decode(rs.getString(7))),
                            rs.getObject(8, java.time.OffsetDateTime.class)))
                    .list();
            for (Row row : rows) {
                Report r = row.report();
                jobs.enqueue(KIND, r.transactionUid() + "@" + r.deviceAe(), r.facilityId(), payload(r), row.due().toInstant());
                jdbc.sql("DELETE FROM gw_commitment_report WHERE id = ?").param(row.id()).update();
            }
            return rows.size();
        });
        if (moved != null && moved > 0) {
            log.info("storage commitment: {} report(s) of an earlier version moved to the job outbox", moved);
        }
        return moved == null ? 0 : moved;
    }
}
