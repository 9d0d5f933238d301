package org.rdc.workstation.worklist;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.rdc.storage.MutableClock;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.catalog.Location;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Role;
import org.rdc.workstation.security.UserStore;
import org.springframework.jdbc.core.JdbcTemplate;

/** Catalog, users, worklist and router on one database and one mutable clock. */
public final class WorklistFixture implements AutoCloseable {

    public static final String ECG_12_LEAD = "1.2.840.10008.5.1.4.1.1.9.1.1";
    public static final String DX_IMAGE = "1.2.840.10008.5.1.4.1.1.1.1";
    public static final String US_IMAGE = "1.2.840.10008.5.1.4.1.1.6.1";

    public final HikariDataSource dataSource;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    public final Catalog catalog;
    public final UserStore users;
    public final WorklistSettings settings;
    public final Worklist worklist;
    public final StudyRouter router;
    public final Priors priors;

    public WorklistFixture(DataSource raw, WorklistSettings settings) {
        HikariConfig c = new HikariConfig();
        c.setDataSource(raw);
        c.setMaximumPoolSize(36);
        c.setMinimumIdle(2);
        c.setPoolName("worklist-test");
        dataSource = new HikariDataSource(c);
        Catalog.migrate(dataSource);
        catalog = new Catalog(dataSource, clock);
        users = new UserStore(dataSource, clock);
        this.settings = settings;
        worklist = new Worklist(dataSource, catalog, clock, settings, users);
        router = new StudyRouter(dataSource, catalog, clock, settings, worklist);
        priors = new Priors(catalog, dataSource);
    }

    public static Caller reader(String name, ServiceLine... lines) {
        return new Caller(name, Set.of(Role.READER), Set.of(lines), null, false);
    }

    public static Caller senior(String name, ServiceLine... lines) {
        return new Caller(name, Set.of(Role.SENIOR_READER), Set.of(lines), null, false);
    }

    public static Caller consultant(String name, ServiceLine... lines) {
        return new Caller(name, Set.of(Role.CONSULTANT), Set.of(lines), null, false);
    }

    public static Caller facilityUser(String name, String facility) {
        return new Caller(name, Set.of(Role.FACILITY_USER), Set.of(), facility, false);
    }

    /** Records one instance in the catalog, as the gateway or the ECG intake would (bytes not needed here). */
    public void instance(String studyUid, int n, String facility, String modality, String sopClass, String patientId) {
        instance(studyUid, n, facility, modality, sopClass, patientId, '0');
    }

    /** {@code content}: a different character makes different bytes (a new version of the same SOP instance). */
    public void instance(String studyUid, int n, String facility, String modality, String sopClass, String patientId, char content) {
        instance(studyUid, n, facility, modality, sopClass, patientId, content, null);
    }

    /** {@code requestedPriority}: the sender's marking, as (0040,1003) or (0032,000C) carried it. */
    public void instance(String studyUid, int n, String facility, String modality, String sopClass, String patientId, char content,
                         String requestedPriority) {
        instance(studyUid, n, facility, modality, sopClass, patientId, content, requestedPriority, null);
    }

    /** {@code residentId}: the 居民身份证号 the facility's device sent, as found (unchecked). */
    public void instance(String studyUid, int n, String facility, String modality, String sopClass, String patientId, char content,
                         String requestedPriority, String residentId) {
        InstanceAttributes a = new InstanceAttributes(patientId, "HOSP", "张^三", "M", LocalDate.of(1970, 1, 1), studyUid,
                "A" + studyUid.hashCode(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), "101500", modality + " exam",
                studyUid + ".1", modality, null, 1, null, sopClass, studyUid + ".1." + n, n, "1.2.840.10008.1.2.1", facility,
                "DEV_" + facility.toUpperCase(), requestedPriority, residentId);
        String sha = String.valueOf(content).repeat(64);
        catalog.record(a, new StoredObject(a.objectKey(sha), 100, sha, Location.SPOOL), false);
    }

    /**
     * Inserts {@code n} SCHEDULED tasks directly (no catalog rows): for claiming tests and the
     * benchmark, where routing is not what is measured.
     */
    public static void seedTasks(DataSource ds, String prefix, int n, ServiceLine line, Instant arrived) {
        List<Object[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Priority p = Priority.values()[i % 4];
            Instant a = arrived.plusSeconds(i);
            rows.add(new Object[] {prefix + "." + i, "f" + (i % 40), line.name(), p.name(), p.rank(), Worklist.ts(a), Worklist.ts(a),
                    Worklist.ts(a.plusSeconds(3600L * (p.rank() + 1))), Worklist.ts(a), Worklist.ts(a), Worklist.ts(a)});
        }
        new JdbcTemplate(ds).batchUpdate("""
                INSERT INTO reading_task (study_uid, facility_id, service_line, priority, priority_rank, critical, state, active,
                    queue, arrived_at, ready_at, ready_reason, due_at, modalities, instance_count, study_last_received_at,
                    late_instance_count, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, FALSE, 'SCHEDULED', TRUE, 'READING', ?, ?, 'TEST', ?, 'DX', 1, ?, 0, 0, ?, ?)""", rows);
    }

    @Override
    public void close() {
        router.close();
        dataSource.close();
    }
}
