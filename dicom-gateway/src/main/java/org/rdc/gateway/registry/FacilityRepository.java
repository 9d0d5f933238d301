package org.rdc.gateway.registry;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.rdc.dicom.iod.ResidentIdLocation;
import org.rdc.gateway.registry.Facility.Destination;
import org.rdc.gateway.registry.Facility.Device;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The registry in the database (tables gw_facility, gw_device; migration V2026_11_23_1). Plain SQL for H2 and PostgreSQL. */
public final class FacilityRepository {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public FacilityRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public List<Facility> findAll() {
        Map<String, List<Device>> devices = new LinkedHashMap<>();
        jdbc.sql("SELECT ae_title, facility_id, kind, hosts, host, port, api_key_sha256, username, password_hash"
                        + " FROM gw_device ORDER BY ae_title")
                .query(rs -> {
                    String hosts = rs.getString(4);
                    devices.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new Device(rs.getString(1),
                            rs.getString(3), hosts == null || hosts.isBlank() ? List.of() : Arrays.asList(hosts.split(",")),
                            rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9)));
                });
        return jdbc.sql("SELECT id, name, default_charset, report_ae, report_host, report_port, tls_client_cn,"
                        + " patient_id_issuer, resident_id_at, resident_id_issuer, report_hl7_host, report_hl7_port, report_fhir_url,"
                        + " critical_webhook, critical_webhook_secret, critical_hl7_host, critical_hl7_port, critical_escalation_name,"
                        + " critical_escalation_phone, critical_escalation_webhook, critical_escalation_hl7_host, critical_escalation_hl7_port"
                        + " FROM gw_facility ORDER BY id")
                .query((rs, n) -> {
                    String ae = rs.getString(4);
                    Destination d = ae == null ? null : new Destination(ae, rs.getString(5), rs.getInt(6));
                    String at = rs.getString(9);
                    return new Facility(rs.getString(1), rs.getString(2), rs.getString(3), d,
                            devices.getOrDefault(rs.getString(1), List.of()), rs.getString(7),
                            new Facility.PatientIdentity(rs.getString(8), at == null ? null : ResidentIdLocation.valueOf(at),
                                    rs.getString(10)),
                            hostPort(rs, 11), rs.getString(13), criticalContacts(rs));
                }).list();
    }

    private static Facility.HostPort hostPort(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        return rs.getString(column) == null ? null : new Facility.HostPort(rs.getString(column), rs.getInt(column + 1));
    }

    private static Facility.CriticalContacts criticalContacts(java.sql.ResultSet rs) throws java.sql.SQLException {
        Facility.CriticalContacts c = new Facility.CriticalContacts(rs.getString(14), rs.getString(15), hostPort(rs, 16), rs.getString(18),
                rs.getString(19), rs.getString(20), hostPort(rs, 21));
        return c.equals(new Facility.CriticalContacts(null, null, null, null, null, null, null)) ? null : c;
    }

    /** The critical-value columns of a facility, in the order of the SQL below. */
    private static Object[] critical(Facility f) {
        Facility.CriticalContacts c = f.criticalValues();
        if (c == null) {
            return new Object[9];
        }
        return new Object[] {c.webhook(), c.webhookSecret(), c.hl7() == null ? null : c.hl7().host(), c.hl7() == null ? null : c.hl7().port(),
                c.escalationName(), c.escalationPhone(), c.escalationWebhook(), c.escalationHl7() == null ? null : c.escalationHl7().host(),
                c.escalationHl7() == null ? null : c.escalationHl7().port()};
    }

    /** Creates or replaces a facility with exactly the given devices, in one transaction. */
    public void save(Facility f) {
        tx.executeWithoutResult(status -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Destination d = f.reportDestination();
            Facility.PatientIdentity p = f.patientIdentity();
            Facility.HostPort hl7 = f.reportHl7();
            int updated = jdbc.sql("UPDATE gw_facility SET name = ?, default_charset = ?, report_ae = ?, report_host = ?,"
                            + " report_port = ?, tls_client_cn = ?, updated_at = ?, patient_id_issuer = ?, resident_id_at = ?,"
                            + " resident_id_issuer = ?, report_hl7_host = ?, report_hl7_port = ?, report_fhir_url = ? WHERE id = ?")
                    .params(f.name(), f.defaultCharacterSet(), d == null ? null : d.aeTitle(), d == null ? null : d.host(),
                            d == null ? null : d.port(), f.tlsClientCn(), now, p.patientIdIssuer(), p.residentIdAt().name(),
                            p.residentIdIssuer(), hl7 == null ? null : hl7.host(), hl7 == null ? null : hl7.port(), f.reportFhir(),
                            f.id())
                    .update();
            if (updated == 1) {
                jdbc.sql("UPDATE gw_facility SET critical_webhook = ?, critical_webhook_secret = ?, critical_hl7_host = ?, critical_hl7_port = ?,"
                                + " critical_escalation_name = ?, critical_escalation_phone = ?, critical_escalation_webhook = ?,"
                                + " critical_escalation_hl7_host = ?, critical_escalation_hl7_port = ? WHERE id = ?")
                        .params(java.util.stream.Stream.concat(Arrays.stream(critical(f)), java.util.stream.Stream.of(f.id())).toList())
                        .update();
            }
            if (updated == 0) {
                jdbc.sql("INSERT INTO gw_facility (id, name, default_charset, report_ae, report_host, report_port, tls_client_cn,"
                                + " updated_at, patient_id_issuer, resident_id_at, resident_id_issuer, report_hl7_host, report_hl7_port,"
                                + " report_fhir_url, critical_webhook, critical_webhook_secret, critical_hl7_host, critical_hl7_port,"
                                + " critical_escalation_name, critical_escalation_phone, critical_escalation_webhook,"
                                + " critical_escalation_hl7_host, critical_escalation_hl7_port)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(java.util.stream.Stream.concat(java.util.stream.Stream.of(f.id(), f.name(), f.defaultCharacterSet(),
                                d == null ? null : d.aeTitle(), d == null ? null : d.host(), d == null ? null : d.port(), f.tlsClientCn(), now,
                                p.patientIdIssuer(), p.residentIdAt().name(), p.residentIdIssuer(), hl7 == null ? null : hl7.host(),
                                hl7 == null ? null : hl7.port(), f.reportFhir()), Arrays.stream(critical(f))).toList())
                        .update();
            }
            jdbc.sql("DELETE FROM gw_device WHERE facility_id = ?").param(f.id()).update();
            for (Device dev : f.devices()) {
                // An AE title moves with its latest definition.
                jdbc.sql("DELETE FROM gw_device WHERE ae_title = ?").param(dev.aeTitle()).update();
                jdbc.sql("INSERT INTO gw_device (ae_title, facility_id, kind, hosts, host, port, api_key_sha256, username,"
                                + " password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(dev.aeTitle(), f.id(), dev.kind(), String.join(",", dev.hosts()), dev.host(), dev.port(),
                                dev.apiKeySha256(), dev.username(), dev.passwordHash())
                        .update();
            }
        });
    }

    /** Removes a facility and its devices; false when there was none. */
    public boolean delete(String id) {
        Boolean done = tx.execute(status -> {
            jdbc.sql("DELETE FROM gw_device WHERE facility_id = ?").param(id).update();
            return jdbc.sql("DELETE FROM gw_facility WHERE id = ?").param(id).update() > 0;
        });
        return Boolean.TRUE.equals(done);
    }
}
