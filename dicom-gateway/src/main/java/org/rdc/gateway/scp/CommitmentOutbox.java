package org.rdc.gateway.scp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Storage Commitment reports waiting for delivery on a new association (table gw_commitment_report,
 * migration V2026_11_23_3): a report survives a restart of the gateway and is retried with backoff.
 */
public final class CommitmentOutbox {

    /** One report to deliver. */
    public record Pending(long id, String transactionUid, String deviceAe, String facilityId, int eventType,
                          String transferSyntax, byte[] report, int attempts) {
    }

    private final JdbcClient jdbc;

    public CommitmentOutbox(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public long add(String transactionUid, String deviceAe, String facilityId, int eventType, String transferSyntax,
                    byte[] report, Instant due) {
        org.springframework.jdbc.support.GeneratedKeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO gw_commitment_report (transaction_uid, device_ae, facility_id, event_type, transfer_syntax,"
                        + " report_b64, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)")
                .params(transactionUid, deviceAe, facilityId, eventType, transferSyntax,
                        Base64.getEncoder().encodeToString(report), due.atOffset(ZoneOffset.UTC), now)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** Reports due now, oldest first. */
    public List<Pending> due(Instant now, int limit) {
        return jdbc.sql("SELECT id, transaction_uid, device_ae, facility_id, event_type, transfer_syntax, report_b64, attempts"
                        + " FROM gw_commitment_report WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")
                .params(now.atOffset(ZoneOffset.UTC), limit)
                .query((rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), Base64.getDecoder().decode(rs.getString(7)), rs.getInt(8)))
                .list();
    }

    public void delivered(long id) {
        jdbc.sql("DELETE FROM gw_commitment_report WHERE id = ?").param(id).update();
    }

    public void failed(long id, int attempts, Instant next) {
        jdbc.sql("UPDATE gw_commitment_report SET attempts = ?, next_attempt_at = ? WHERE id = ?")
                .params(attempts, next.atOffset(ZoneOffset.UTC), id).update();
    }

    public int size() {
        return jdbc.sql("SELECT COUNT(*) FROM gw_commitment_report").query(Integer.class).single();
    }
}
