package org.rdc.reports.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.storage.outbox.JobOutbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed reports going back to their facility. {@link #enqueue} records the report version and
 * one delivery per destination the facility has configured, each with a job of kind
 * {@value #KIND} in the shared {@link JobOutbox}, all in one transaction (the caller's, when it
 * has one on the same data source: signing and enqueueing commit together). The jobs are worked
 * off by {@link DeliveryWorker}; the state of each delivery is read here.
 *
 * <p>"Exactly once per destination": each delivery carries a key chosen at enqueue time and sent
 * unchanged on every attempt, so a destination sees one report version once even when a crash
 * makes us send it again (see {@link DeliveryWorker}).
 */
public final class ReportDelivery {

    public static final String KIND = "report.delivery";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JobOutbox jobs;
    private final DeliveryDestinations destinations;
    private final Clock clock;

    public ReportDelivery(DataSource dataSource, JobOutbox jobs, DeliveryDestinations destinations, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.jobs = jobs;
        this.destinations = destinations;
        this.clock = clock;
    }

    /**
     * Records this report version and a delivery (PENDING, with its job) to every destination of
     * its facility. Enqueueing the same version again changes nothing and returns its deliveries;
     * a different document under a version already enqueued is refused (a signed version never
     * changes).
     */
    public List<Delivery> enqueue(DeliverableReport report) {
        String document = JSON.writeValueAsString(report);
        List<Destination> targets = destinations.of(report.facilityId());
        return tx.execute(status -> {
            Optional<String> existing = jdbc.sql("SELECT document FROM report_delivery_document WHERE report_id = ? AND version = ?")
                    .params(report.reportId(), report.version()).query(String.class).optional();
            if (existing.isPresent()) {
                if (!JSON.readValue(existing.get(), DeliverableReport.class).equals(report)) {
                    throw new IllegalStateException("report " + report.versionId()
                            + " was already enqueued with different content; a signed version never changes (sign a new version)");
                }
                return deliveries(report.reportId(), report.version());
            }
            OffsetDateTime now = ts(clock.instant());
            jdbc.sql("INSERT INTO report_delivery_document (report_id, version, facility_id, patient_id, study_uid, status, signed_at,"
                            + " effective_at, document, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(report.reportId(), report.version(), report.facilityId(), report.patient().id(), report.studyInstanceUid(),
                            report.status().name(), ts(report.signedAt()), ts(report.effectiveAt()), document, now)
                    .update();
            for (Destination d : targets) {
                // DICOM: the instance and series UIDs are fixed now, so every attempt sends the same object
                String key = d.channel() == Channel.DICOM ? UidGenerator.newUid() : null;
                String series = d.channel() == Channel.DICOM ? UidGenerator.newUid() : null;
                jdbc.sql("INSERT INTO report_delivery (report_id, version, facility_id, channel, destination, delivery_key, series_uid,"
                                + " state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")
                        .params(report.reportId(), report.version(), report.facilityId(), d.channel().name(), d.address(),
                                key == null ? "-" : key, series, now, now)
                        .update();
                long id = jdbc.sql("SELECT id FROM report_delivery WHERE report_id = ? AND version = ? AND channel = ? AND destination = ?")
                        .params(report.reportId(), report.version(), d.channel().name(), d.address()).query(Long.class).single();
                if (key == null) {
                    // HL7 MSH-10 (ST, at most 20 characters) and the FHIR resource id: unique per delivery, stable across attempts
                    jdbc.sql("UPDATE report_delivery SET delivery_key = ? WHERE id = ?").params("RDC" + id, id).update();
                }
                jobs.enqueue(KIND, "delivery-" + id, report.reportId(), Long.toString(id));
            }
            return deliveries(report.reportId(), report.version());
        });
    }

    /** Every delivery of every version of a report, oldest first. */
    public List<Delivery> deliveries(String reportId) {
        return jdbc.sql(SELECT + " WHERE report_id = ? ORDER BY version, id").param(reportId).query(ReportDelivery::delivery).list();
    }

    public List<Delivery> deliveries(String reportId, int version) {
        return jdbc.sql(SELECT + " WHERE report_id = ? AND version = ? ORDER BY id").params(reportId, version)
                .query(ReportDelivery::delivery).list();
    }

    public Optional<Delivery> delivery(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(ReportDelivery::delivery).optional();
    }

    /** The report version as it was enqueued. */
    public Optional<DeliverableReport> document(String reportId, int version) {
        return jdbc.sql("SELECT document FROM report_delivery_document WHERE report_id = ? AND version = ?")
                .params(reportId, version).query(String.class).optional()
                .map(json -> JSON.readValue(json, DeliverableReport.class));
    }

    /** The newest version of a report. */
    public Optional<DeliverableReport> current(String reportId) {
        return jdbc.sql("SELECT document FROM report_delivery_document WHERE report_id = ? ORDER BY version DESC LIMIT 1")
                .param(reportId).query(String.class).optional()
                .map(json -> JSON.readValue(json, DeliverableReport.class));
    }

    /**
     * The newest version of each report matching every given criterion (null: any), newest
     * examination first.
     *
     * @param facilityId the report's facility
     * @param patientId  the facility's Patient ID
     * @param from       effective (examined) at or after
     * @param before     effective before
     */
    public List<DeliverableReport> search(String facilityId, String patientId, Instant from, Instant before, int offset, int limit) {
        return jdbc.sql("SELECT document FROM report_delivery_document d WHERE version = (SELECT MAX(version)"
                        + " FROM report_delivery_document v WHERE v.report_id = d.report_id)"
                        + " AND (CAST(? AS VARCHAR(64)) IS NULL OR facility_id = ?) AND (CAST(? AS VARCHAR(64)) IS NULL OR patient_id = ?)"
                        + " AND (CAST(? AS TIMESTAMP WITH TIME ZONE) IS NULL OR effective_at >= ?)"
                        + " AND (CAST(? AS TIMESTAMP WITH TIME ZONE) IS NULL OR effective_at < ?)"
                        + " ORDER BY effective_at DESC, report_id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(facilityId, facilityId, patientId, patientId, from == null ? null : ts(from), from == null ? null : ts(from),
                        before == null ? null : ts(before), before == null ? null : ts(before), offset, limit)
                .query(String.class).list().stream().map(json -> JSON.readValue(json, DeliverableReport.class)).toList();
    }

    /** The facility of a report (any version), for scoping reads; empty when nothing of it was enqueued. */
    public Optional<String> facilityOf(String reportId) {
        return jdbc.sql("SELECT facility_id FROM report_delivery_document WHERE report_id = ? ORDER BY version LIMIT 1")
                .param(reportId).query(String.class).optional();
    }

    /** Deliveries per channel and state, for the metrics. */
    public int count(Channel channel, Delivery.State state) {
        return jdbc.sql("SELECT COUNT(*) FROM report_delivery WHERE channel = ? AND state = ?").params(channel.name(), state.name())
                .query(Integer.class).single();
    }

    /** The DICOM series UID chosen for a delivery. */
    String seriesUid(long id) {
        return jdbc.sql("SELECT series_uid FROM report_delivery WHERE id = ?").param(id).query(String.class).single();
    }

    /** An attempt begins. */
    void attempting(long id) {
        jdbc.sql("UPDATE report_delivery SET attempts = attempts + 1, updated_at = ? WHERE id = ? AND state <> 'SENT'")
                .params(ts(clock.instant()), id).update();
    }

    void sent(long id) {
        OffsetDateTime now = ts(clock.instant());
        jdbc.sql("UPDATE report_delivery SET state = 'SENT', last_error = NULL, sent_at = ?, updated_at = ? WHERE id = ?")
                .params(now, now, id).update();
    }

    /** An attempt failed: RETRYING, or FAILED when no attempt is left. Never undoes SENT. */
    void failed(long id, Delivery.State state, String error) {
        jdbc.sql("UPDATE report_delivery SET state = ?, last_error = ?, updated_at = ? WHERE id = ? AND state <> 'SENT'")
                .params(state.name(), truncate(error, 1000), ts(clock.instant()), id).update();
    }

    private static final String SELECT = "SELECT id, report_id, version, facility_id, channel, destination, delivery_key, state, attempts,"
            + " last_error, created_at, updated_at, sent_at FROM report_delivery";

    private static Delivery delivery(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        OffsetDateTime sent = rs.getObject(13, OffsetDateTime.class);
        return new Delivery(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), Channel.valueOf(rs.getString(5)),
                rs.getString(6), rs.getString(7), Delivery.State.valueOf(rs.getString(8)), rs.getInt(9), rs.getString(10),
                rs.getObject(11, OffsetDateTime.class).toInstant(), rs.getObject(12, OffsetDateTime.class).toInstant(),
                sent == null ? null : sent.toInstant());
    }

    static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
