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
                        + " patient_id_issuer, resident_id_at, resident_id_issuer, report_hl7_host, report_hl7_port, report_fhir_url"
                        + " FROM gw_facility ORDER BY id")
                .query((rs, n) -> {
                    String ae = rs.getString(4);
                    Destination d = ae == null ? null : new Destination(ae, rs.getString(5), rs.getInt(6));
                    String at = rs.getString(9);
                    return new Facility(rs.getString(1), rs.getString(2), rs.getString(3), d,
                            devices.getOrDefault(rs.getString(1), List.of()), rs.getString(7),
                            new Facility.PatientIdentity(rs.getString(8), at == null ? null : ResidentIdLocation.valueOf(at),
                                    rs.getString(10)),
                            rs.getString(11) == null ? null : new Facility.HostPort(rs.getString(11), rs.getInt(12)), rs.getString(13));
                }).list();
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
            if (updated == 0) {
                jdbc.sql("INSERT INTO gw_facility (id, name, default_charset, report_ae, report_host, report_port, tls_client_cn,"
                                + " updated_at, patient_id_issuer, resident_id_at, resident_id_issuer, report_hl7_host, report_hl7_port,"
                                + " report_fhir_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(f.id(), f.name(), f.defaultCharacterSet(), d == null ? null : d.aeTitle(),
                                d == null ? null : d.host(), d == null ? null : d.port(), f.tlsClientCn(), now,
                                p.patientIdIssuer(), p.residentIdAt().name(), p.residentIdIssuer(), hl7 == null ? null : hl7.host(),
                                hl7 == null ? null : hl7.port(), f.reportFhir())
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
