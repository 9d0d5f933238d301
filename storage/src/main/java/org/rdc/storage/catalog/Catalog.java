package org.rdc.storage.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Patients, studies, series and instances, with where each instance's bytes are. Plain SQL that
 * runs unchanged on H2 and PostgreSQL; the schema comes from the Flyway migrations in
 * {@code db/migration}.
 */
public final class Catalog {

    private static final Logger log = LoggerFactory.getLogger(Catalog.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final DataSource dataSource;
    /** Whether the database is H2; found out on first use. */
    private volatile Boolean h2;

    public Catalog(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
        this.dataSource = dataSource;
    }

    /**
     * Makes every committed change survive a power loss. PostgreSQL does that at each commit (its
     * WAL is flushed with synchronous_commit on, the default). H2 writes each commit to its file
     * (WRITE_DELAY=0) but never fsyncs it, so a kill -9 loses nothing and a power cut can lose the
     * last seconds; {@code CHECKPOINT SYNC} fsyncs the file. Call it before dropping the only other
     * durable copy of what those commits describe (a spool entry).
     */
    public void flushToDisk() {
        try {
            if (isH2()) {
                jdbc.sql("CHECKPOINT SYNC").update();
            }
        } catch (DataAccessException e) {
            throw failure("flush the catalog to disk", e);
        }
    }

    private boolean isH2() {
        if (h2 == null) {
            try (java.sql.Connection c = dataSource.getConnection()) {
                h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw failure("find out the catalog's database", e);
            }
        }
        return h2;
    }

    /**
     * Brings the schema up to date; safe to call on every start. Each module ships its own
     * migrations (timestamp versions, see db/migration); one module's may land with an earlier
     * version than another's already applied, so pending ones are applied out of order.
     */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").outOfOrder(true).load().migrate();
    }

    /**
     * Records one received instance version. {@code replay} is set when the spool hands back an
     * entry after a restart: a version the catalog already knows is then left alone, even if a
     * newer one has become current since.
     */
    public RecordOutcome record(InstanceAttributes a, StoredObject object, boolean replay) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> recordInTransaction(a, object, replay));
            } catch (DuplicateKeyException e) {
                // Two instances of a new patient/study/series raced; the loser retries and finds the row.
                if (attempt >= 3) {
                    throw failure("record " + a.sopInstanceUid(), e);
                }
            } catch (DataAccessException e) {
                throw failure("record " + a.sopInstanceUid(), e);
            }
        }
    }

    private RecordOutcome recordInTransaction(InstanceAttributes a, StoredObject o, boolean replay) {
        refuseIfNotItsOwn(a);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        AllianceId alliance = allianceId(a);
        PatientRow patient = patient(a, alliance);
        String identityFlag = alliance.flag() != null ? alliance.flag().name()
                : alliance.number() != null && patient.residentId() != null && !alliance.number().equals(patient.residentId())
                ? IdentityFlag.RESIDENT_ID_CONFLICT.name() : null;
        Row study = study(a, patient.id(), now, identityFlag);
        long series = upsertSeries(a, study.id());
        RecordOutcome outcome = recordInstance(a, o, replay, series, now);
        // Every instance of a study updates the same patient and study rows, so concurrent associations
        // queue on those row locks until the holder commits: take them last, and only when needed.
        if (!patient.inserted()) {
            updatePatient(a, patient.id(), patient.residentId() == null ? alliance.number() : null);
        }
        if (!study.inserted()) {
            // The first marking a study carries stands: a later instance cannot quietly change its urgency.
            jdbc.sql("""
                            UPDATE study SET last_received_at = ?, requested_priority = COALESCE(requested_priority, ?),
                                identity_flag = COALESCE(identity_flag, ?) WHERE id = ?""")
                    .params(now, a.requestedPriority(), identityFlag, study.id()).update();
        }
        return outcome;
    }

    /** Who owns a stored study, series or instance, and the UID of the study or series it is in. */
    private record Owner(String facilityId, String parentUid) {
    }

    /**
     * No facility writes into another's data (issue 11 point 2), and an instance joins only the study and series its
     * UIDs name: refused before anything is written, so nothing stored changes. A Study, Series or SOP Instance UID of
     * another facility's data is {@link Kind#OTHER_FACILITY}, whatever the bytes (identical ones would otherwise count
     * as a duplicate). In the DICOM information model (PS3.3 A.1.2) a series is in one study and an instance in one
     * series: a series already in another study, or a SOP instance already in another series, is {@link Kind#CONFLICT}
     * rather than being moved (a correction that changes an instance's study is a new instance with new UIDs).
     */
    private void refuseIfNotItsOwn(InstanceAttributes a) {
        studyOwner(a.studyInstanceUid())
                .ifPresent(study -> refuseIfOtherFacility(a.facilityId(), item(a), study, "Study Instance UID", a.studyInstanceUid()));
        owner("""
                        SELECT s.facility_id, s.study_uid FROM series se JOIN study s ON se.study_ref = s.id
                        WHERE se.series_uid = ?""", a.seriesInstanceUid()).ifPresent(series -> {
            refuseIfOtherFacility(a.facilityId(), item(a), series, "Series Instance UID", a.seriesInstanceUid());
            if (!series.parentUid().equals(a.studyInstanceUid())) {
                throw new StorageException(Kind.CONFLICT, "series " + a.seriesInstanceUid() + " is already in study "
                        + series.parentUid() + ", not in " + a.studyInstanceUid());
            }
        });
        owner("""
                        SELECT s.facility_id, se.series_uid FROM instance i JOIN series se ON i.series_ref = se.id
                        JOIN study s ON se.study_ref = s.id WHERE i.sop_instance_uid = ?""", a.sopInstanceUid()).ifPresent(instance -> {
            refuseIfOtherFacility(a.facilityId(), item(a), instance, "SOP Instance UID", a.sopInstanceUid());
            if (!instance.parentUid().equals(a.seriesInstanceUid())) {
                throw new StorageException(Kind.CONFLICT, "instance " + a.sopInstanceUid() + " is already in series "
                        + instance.parentUid() + ", not in " + a.seriesInstanceUid());
            }
        });
    }

    private Optional<Owner> studyOwner(String studyUid) {
        return owner("SELECT facility_id, study_uid FROM study WHERE study_uid = ?", studyUid);
    }

    private Optional<Owner> owner(String sql, String uid) {
        return jdbc.sql(sql).param(uid).query((rs, n) -> new Owner(rs.getString(1), rs.getString(2))).optional();
    }

    private static String item(InstanceAttributes a) {
        return "instance " + a.sopInstanceUid() + " (" + a.sourceAeTitle() + ")";
    }

    /** The sender is told only that the UID is another facility's; the log names both facilities. */
    private static void refuseIfOtherFacility(String facilityId, String item, Owner owner, String what, String uid) {
        if (!Objects.equals(owner.facilityId(), facilityId)) {
            log.warn("refused {} from facility '{}': its {} {} belongs to facility '{}'", item, facilityId, what, uid,
                    owner.facilityId());
            throw new StorageException(Kind.OTHER_FACILITY, "belongs to another facility: " + what + " " + uid);
        }
    }

    private RecordOutcome recordInstance(InstanceAttributes a, StoredObject o, boolean replay, long series, OffsetDateTime now) {
        Optional<Map<String, Object>> current = jdbc.sql("""
                        SELECT id, sha256, object_key, size_bytes, location, facility_id, source_ae, received_at
                        FROM instance WHERE sop_instance_uid = ? FOR UPDATE""")
                .param(a.sopInstanceUid()).query().listOfRows().stream().findFirst();
        if (current.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO instance (sop_instance_uid, series_ref, sop_class_uid, transfer_syntax_uid, instance_number,
                                size_bytes, sha256, object_key, location, facility_id, source_ae, received_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(a.sopInstanceUid(), series, a.sopClassUid(), a.transferSyntaxUid(), a.instanceNumber(),
                            o.size(), o.sha256(), o.objectKey(), o.location().name(), a.facilityId(), a.sourceAeTitle(), now)
                    .update();
            return RecordOutcome.NEW;
        }
        Map<String, Object> cur = current.get();
        if (o.sha256().equals(string(cur, "sha256"))) {
            return RecordOutcome.DUPLICATE;
        }
        if (replay && jdbc.sql("SELECT COUNT(*) FROM instance_version WHERE sop_instance_uid = ? AND sha256 = ?")
                .params(a.sopInstanceUid(), o.sha256()).query(Long.class).single() > 0) {
            return RecordOutcome.DUPLICATE;
        }
        jdbc.sql("""
                        INSERT INTO instance_version (sop_instance_uid, size_bytes, sha256, object_key, location, facility_id,
                            source_ae, received_at, superseded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.sopInstanceUid(), cur.get("size_bytes"), string(cur, "sha256"), cur.get("object_key"),
                        cur.get("location"), cur.get("facility_id"), cur.get("source_ae"), cur.get("received_at"), now)
                .update();
        jdbc.sql("""
                        UPDATE instance SET series_ref = ?, sop_class_uid = ?, transfer_syntax_uid = ?, instance_number = ?,
                            size_bytes = ?, sha256 = ?, object_key = ?, location = ?, facility_id = ?, source_ae = ?, received_at = ?
                        WHERE id = ?""")
                .params(series, a.sopClassUid(), a.transferSyntaxUid(), a.instanceNumber(), o.size(), o.sha256(),
                        o.objectKey(), o.location().name(), a.facilityId(), a.sourceAeTitle(), now, cur.get("id"))
                .update();
        return RecordOutcome.NEW_VERSION;
    }

    /** A study row: its id, and whether this transaction just inserted it. */
    private record Row(long id, boolean inserted) {
    }

    /** A patient row as {@link #record} finds or inserts it, with its resident identity number. */
    private record PatientRow(long id, boolean inserted, String residentId) {
    }

    /** The resident identity number an instance came with: valid ({@code number}), or why it cannot link ({@code flag}). */
    private record AllianceId(String number, IdentityFlag flag) {
    }

    private static AllianceId allianceId(InstanceAttributes a) {
        if (a.residentId() == null || a.residentId().isBlank()) {
            return new AllianceId(null, null);
        }
        ResidentIdNumber number;
        try {
            number = ResidentIdNumber.parse(a.residentId());
        } catch (IllegalArgumentException e) {
            return new AllianceId(null, IdentityFlag.RESIDENT_ID_INVALID);
        }
        return number.agreesWith(a.patientBirthDate(), blankToNull(a.patientSex()))
                ? new AllianceId(number.value(), null) : new AllianceId(null, IdentityFlag.RESIDENT_ID_MISMATCH);
    }

    private static String patientIdOf(InstanceAttributes a) {
        return a.patientId() == null ? "" : a.patientId().trim();
    }

    private static String issuerOf(InstanceAttributes a) {
        // Without a patient ID there is no identity to share: never merge such studies into one patient.
        return patientIdOf(a).isEmpty() ? NO_PATIENT_ID_ISSUER + a.studyInstanceUid()
                : a.issuerOfPatientId() == null ? "" : a.issuerOfPatientId().trim();
    }

    /** A patient row is the facility's: the same Patient ID and issuer at another facility is another patient. */
    private static String facilityOf(InstanceAttributes a) {
        return a.facilityId() == null ? "" : a.facilityId().trim();
    }

    private PatientRow patient(InstanceAttributes a, AllianceId alliance) {
        Optional<PatientRow> row = jdbc.sql("SELECT id, resident_id FROM patient WHERE facility_id = ? AND patient_id = ? AND issuer = ?")
                .params(facilityOf(a), patientIdOf(a), issuerOf(a))
                .query((rs, n) -> new PatientRow(rs.getLong(1), false, rs.getString(2))).optional();
        if (row.isPresent()) {
            return row.get();
        }
        String[] groups = PersonNameKey.groups(a.patientName());
        return new PatientRow(insert("""
                        INSERT INTO patient (facility_id, patient_id, issuer, name, sex, birth_date, resident_id, name_alphabetic,
                            name_ideographic, name_phonetic)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                facilityOf(a), patientIdOf(a), issuerOf(a), blankToNull(a.patientName()), blankToNull(a.patientSex()),
                a.patientBirthDate(), alliance.number(), groups[0], groups[1], groups[2]), true, alliance.number());
    }

    /**
     * The newest data wins: a device may correct a name or birth date on a later instance. A resident
     * identity number is only ever added ({@code residentId} non-null when the row has none): the first
     * one stands, as a different valid number is another person's.
     */
    private void updatePatient(InstanceAttributes a, long id, String residentId) {
        String name = blankToNull(a.patientName());
        String sex = blankToNull(a.patientSex());
        if (name == null && sex == null && a.patientBirthDate() == null && residentId == null) {
            return;
        }
        String[] groups = PersonNameKey.groups(name);
        // Only when something differs: an UPDATE locks the row even when it changes nothing.
        jdbc.sql("""
                        UPDATE patient SET name = COALESCE(?, name), sex = COALESCE(?, sex), birth_date = COALESCE(?, birth_date),
                            resident_id = COALESCE(resident_id, ?), name_alphabetic = CASE WHEN ? THEN ? ELSE name_alphabetic END,
                            name_ideographic = CASE WHEN ? THEN ? ELSE name_ideographic END,
                            name_phonetic = CASE WHEN ? THEN ? ELSE name_phonetic END
                        WHERE id = ? AND NOT (COALESCE(?, name) IS NOT DISTINCT FROM name AND COALESCE(?, sex) IS NOT DISTINCT FROM sex
                            AND COALESCE(?, birth_date) IS NOT DISTINCT FROM birth_date
                            AND COALESCE(resident_id, ?) IS NOT DISTINCT FROM resident_id)""")
                .params(name, sex, a.patientBirthDate(), residentId, name != null, groups[0], name != null, groups[1],
                        name != null, groups[2], id, name, sex, a.patientBirthDate(), residentId)
                .update();
        if (name != null) {
            // only studies whose copy differs: usually none, and an UPDATE locks what it touches
            jdbc.sql("""
                            UPDATE study SET name_alphabetic = ?, name_ideographic = ?, name_phonetic = ?
                            WHERE patient_ref = ? AND NOT (name_alphabetic IS NOT DISTINCT FROM ? AND name_ideographic IS NOT DISTINCT FROM ?
                                AND name_phonetic IS NOT DISTINCT FROM ?)""")
                    .params(groups[0], groups[1], groups[2], id, groups[0], groups[1], groups[2]).update();
        }
    }

    private Row study(InstanceAttributes a, long patient, OffsetDateTime now, String identityFlag) {
        Optional<Long> id = jdbc.sql("SELECT id FROM study WHERE study_uid = ?").param(a.studyInstanceUid())
                .query(Long.class).optional();
        if (id.isPresent()) {
            return new Row(id.get(), false);
        }
        // the patient's name groups as they are before this instance; updatePatient brings a new name to all its studies
        return new Row(insert("""
                        INSERT INTO study (study_uid, patient_ref, accession_number, study_date, study_time, description,
                            facility_id, first_received_at, last_received_at, requested_priority, identity_flag,
                            name_alphabetic, name_ideographic, name_phonetic)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT name_alphabetic FROM patient WHERE id = ?),
                            (SELECT name_ideographic FROM patient WHERE id = ?), (SELECT name_phonetic FROM patient WHERE id = ?))""",
                a.studyInstanceUid(), patient, blankToNull(a.accessionNumber()), a.studyDate(), blankToNull(a.studyTime()),
                blankToNull(a.studyDescription()), a.facilityId(), now, now, a.requestedPriority(), identityFlag, patient, patient,
                patient), true);
    }

    private long upsertSeries(InstanceAttributes a, long study) {
        Optional<Long> id = jdbc.sql("SELECT id FROM series WHERE series_uid = ?").param(a.seriesInstanceUid())
                .query(Long.class).optional();
        if (id.isPresent()) {
            return id.get();
        }
        return insert("""
                        INSERT INTO series (series_uid, study_ref, modality, body_part, series_number, description)
                        VALUES (?, ?, ?, ?, ?, ?)""",
                a.seriesInstanceUid(), study, blankToNull(a.modality()), blankToNull(a.bodyPartExamined()),
                a.seriesNumber(), blankToNull(a.seriesDescription()));
    }

    private long insert(String sql, Object... params) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(sql).params(params).update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /**
     * The sender says the study is complete ({@code reason}: STORAGE_COMMITMENT, STOW_RS, ECG_UPLOAD,
     * ...): the worklist routes it without waiting for the quiet period. Returns false for an
     * unknown study.
     */
    public boolean markReady(String studyUid, String reason) {
        try {
            return jdbc.sql("UPDATE study SET ready_requested_at = ?, ready_reason = ? WHERE study_uid = ?")
                    .params(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), reason, studyUid)
                    .update() > 0;
        } catch (DataAccessException e) {
            throw failure("mark study " + studyUid + " ready", e);
        }
    }

    /** When the sender last said the study is complete, and why; empty if it never did or the study is unknown. */
    public Optional<Map.Entry<Instant, String>> readiness(String studyUid) {
        try {
            return jdbc.sql("SELECT ready_requested_at, ready_reason FROM study WHERE study_uid = ? AND ready_requested_at IS NOT NULL")
                    .param(studyUid)
                    .query((rs, n) -> Map.entry(instant(rs, 1), rs.getString(2)))
                    .optional();
        } catch (DataAccessException e) {
            throw failure("read the readiness of study " + studyUid, e);
        }
    }

    /**
     * Records a file attached to a study. Returns false when the study already has this kind of
     * attachment with these bytes (a repeated upload), in which case nothing changes. A study of
     * another facility is refused ({@link Kind#OTHER_FACILITY}), as for instances.
     */
    public boolean recordAttachment(AttachmentAttributes a, StoredObject o) {
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                studyOwner(a.studyInstanceUid())
                        .ifPresent(study -> refuseIfOtherFacility(a.facilityId(), a.kind() + " attachment", study,
                                "Study Instance UID", a.studyInstanceUid()));
                long existing = jdbc.sql("SELECT COUNT(*) FROM attachment WHERE study_uid = ? AND kind = ? AND sha256 = ?")
                        .params(a.studyInstanceUid(), a.kind(), o.sha256()).query(Long.class).single();
                if (existing > 0) {
                    return false;
                }
                jdbc.sql("""
                                INSERT INTO attachment (study_uid, kind, name, content_type, size_bytes, sha256, object_key, location,
                                    facility_id, created_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(a.studyInstanceUid(), a.kind(), a.name(), a.contentType(), o.size(), o.sha256(), o.objectKey(),
                                o.location().name(), a.facilityId(), OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                        .update();
                return true;
            }));
        } catch (DuplicateKeyException e) {
            return false;  // the same upload raced itself
        } catch (DataAccessException e) {
            throw failure("record attachment " + a.kind() + " of " + a.studyInstanceUid(), e);
        }
    }

    /** A study's attachments, oldest first; {@code kind} null for all kinds. */
    public List<AttachmentSummary> attachments(String studyUid, String kind) {
        try {
            return jdbc.sql("""
                            SELECT study_uid, kind, name, content_type, size_bytes, sha256, location, facility_id, created_at
                            FROM attachment WHERE study_uid = ? AND (CAST(? AS VARCHAR(32)) IS NULL OR kind = ?) ORDER BY created_at, id""")
                    .params(studyUid, kind, kind)
                    .query((rs, n) -> new AttachmentSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getString(6).trim(), Location.valueOf(rs.getString(7)), rs.getString(8), instant(rs, 9)))
                    .list();
        } catch (DataAccessException e) {
            throw failure("list attachments of " + studyUid, e);
        }
    }

    /** The instance's or attachment's bytes are now verified in the object store. */
    public int markInObjectStore(String objectKey) {
        try {
            return tx.execute(status -> jdbc.sql("UPDATE instance SET location = 'OBJECT_STORE' WHERE object_key = ?")
                    .param(objectKey).update()
                    + jdbc.sql("UPDATE instance_version SET location = 'OBJECT_STORE' WHERE object_key = ?")
                    .param(objectKey).update()
                    + jdbc.sql("UPDATE attachment SET location = 'OBJECT_STORE' WHERE object_key = ?")
                    .param(objectKey).update());
        } catch (DataAccessException e) {
            throw failure("mark " + objectKey + " as in the object store", e);
        }
    }

    /** Where any version with this key is, if the catalog knows the key at all. */
    public Optional<Location> locationOfKey(String objectKey) {
        try {
            return jdbc.sql("""
                            SELECT location FROM instance WHERE object_key = ?
                            UNION SELECT location FROM instance_version WHERE object_key = ?
                            UNION SELECT location FROM attachment WHERE object_key = ?""")
                    .params(objectKey, objectKey, objectKey).query(String.class).list().stream()
                    .map(Location::valueOf)
                    .reduce((x, y) -> x == Location.OBJECT_STORE || y == Location.OBJECT_STORE ? Location.OBJECT_STORE : Location.SPOOL);
        } catch (DataAccessException e) {
            throw failure("look up " + objectKey, e);
        }
    }

    /** The current version of an instance, whatever its facility ({@link CatalogScope#alliance()}). */
    public Optional<StoredObject> locate(String sopInstanceUid) {
        return locate(CatalogScope.alliance(), sopInstanceUid);
    }

    /** The facility an instance belongs to (its study's), for the centre's own work on it; users read through a CatalogScope. */
    public Optional<String> facilityOfInstance(String sopInstanceUid) {
        try {
            return jdbc.sql("""
                            SELECT s.facility_id FROM instance i JOIN series se ON i.series_ref = se.id
                            JOIN study s ON se.study_ref = s.id WHERE i.sop_instance_uid = ?""")
                    .param(sopInstanceUid).query(String.class).optional();
        } catch (DataAccessException e) {
            throw failure("look up the facility of " + sopInstanceUid, e);
        }
    }

    /** Studies in {@code scope} matching {@code q}, newest first. */
    public List<StudySummary> findStudies(CatalogScope scope, StudyQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        where.append(inScope(scope, params));
        if (q.patientId() != null) {
            where.append(" AND p.patient_id = ?");
            params.add(q.patientId());
        }
        if (q.facilityId() != null) {
            where.append(" AND s.facility_id = ?");
            params.add(q.facilityId());
        }
        if (q.from() != null) {
            where.append(" AND s.study_date >= ?");
            params.add(q.from());
        }
        if (q.to() != null) {
            where.append(" AND s.study_date <= ?");
            params.add(q.to());
        }
        params.add(q.limit());
        params.add(q.offset());
        try {
            return summaries(jdbc.sql(STUDY_SELECT + where + " ORDER BY s.last_received_at DESC, s.id DESC LIMIT ? OFFSET ?")
                    .params(params).query(Catalog::studyRow).list());
        } catch (DataAccessException e) {
            throw failure("list studies", e);
        }
    }

    /** The centre's own view of a study, whatever its facility ({@link CatalogScope#alliance()}). */
    public Optional<StudyDetail> study(String studyUid) {
        return study(CatalogScope.alliance(), studyUid);
    }

    /** A study with its series and instances; empty when unknown or outside {@code scope}. */
    public Optional<StudyDetail> study(CatalogScope scope, String studyUid) {
        try {
            List<Object> params = new ArrayList<>(List.of(studyUid));
            String scoped = inScope(scope, params);
            List<StudyRow> rows = jdbc.sql(STUDY_SELECT + " WHERE s.study_uid = ?" + scoped).params(params)
                    .query(Catalog::studyRow).list();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            StudySummary summary = summaries(rows).get(0);
            Map<Long, List<InstanceSummary>> instances = new LinkedHashMap<>();
            jdbc.sql("""
                            SELECT i.series_ref, i.sop_instance_uid, i.sop_class_uid, i.transfer_syntax_uid, i.instance_number,
                                i.size_bytes, i.sha256, i.location, i.facility_id, i.source_ae, i.received_at,
                                (SELECT COUNT(*) FROM instance_version v WHERE v.sop_instance_uid = i.sop_instance_uid) AS versions
                            FROM instance i JOIN series se ON i.series_ref = se.id
                            WHERE se.study_ref = ? ORDER BY i.instance_number, i.sop_instance_uid""")
                    .param(rows.get(0).id())
                    .query(rs -> {
                        instances.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new InstanceSummary(
                                rs.getString(2), rs.getString(3), rs.getString(4), integer(rs, 5), rs.getLong(6),
                                rs.getString(7).trim(), Location.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10),
                                instant(rs, 11), rs.getInt(12)));
                    });
            List<SeriesSummary> series = jdbc.sql("""
                            SELECT id, series_uid, modality, body_part, series_number, description FROM series
                            WHERE study_ref = ? ORDER BY series_number, series_uid""")
                    .param(rows.get(0).id())
                    .query((rs, n) -> new SeriesSummary(rs.getString(2), rs.getString(3), rs.getString(4), integer(rs, 5),
                            rs.getString(6), instances.getOrDefault(rs.getLong(1), List.of())))
                    .list();
            return Optional.of(new StudyDetail(summary, series));
        } catch (DataAccessException e) {
            throw failure("read study " + studyUid, e);
        }
    }

    // ---------------------------------------------------------------- reads for other modules, scoped

    /*
     * The worklist and any later module read patients, studies and instances only through these
     * methods, never by joining the catalog's tables (CatalogOwnsItsTablesTest); each takes the
     * caller's CatalogScope and applies it in its SQL, so a study of another facility is simply not
     * there. Background work passes CatalogScope.alliance().
     */

    /** The current version of an instance, if it is in {@code scope}. */
    public Optional<StoredObject> locate(CatalogScope scope, String sopInstanceUid) {
        try {
            List<Object> params = new ArrayList<>(List.of(sopInstanceUid));
            String scoped = inScope(scope, params);
            return jdbc.sql("""
                            SELECT i.object_key, i.size_bytes, i.sha256, i.location FROM instance i
                            JOIN series se ON i.series_ref = se.id JOIN study s ON se.study_ref = s.id
                            WHERE i.sop_instance_uid = ?""" + scoped)
                    .params(params)
                    .query((rs, n) -> new StoredObject(rs.getString(1), rs.getLong(2), rs.getString(3).trim(),
                            Location.valueOf(rs.getString(4))))
                    .optional();
        } catch (DataAccessException e) {
            throw failure("locate " + sopInstanceUid, e);
        }
    }

    /**
     * The instances of a study in {@code scope}, or of one series of it ({@code seriesUid} non-null), or one
     * instance of that series ({@code sopInstanceUid} non-null), each with its current version's location, in
     * one query whatever their number: series by number, then instances by number. Empty when the study, the
     * series or the instance is unknown or outside {@code scope}.
     */
    public List<LocatedInstance> instances(CatalogScope scope, String studyUid, String seriesUid, String sopInstanceUid) {
        List<Object> params = new ArrayList<>(List.of(studyUid));
        StringBuilder where = new StringBuilder(" WHERE s.study_uid = ?");
        if (seriesUid != null) {
            where.append(" AND se.series_uid = ?");
            params.add(seriesUid);
        }
        if (sopInstanceUid != null) {
            where.append(" AND i.sop_instance_uid = ?");
            params.add(sopInstanceUid);
        }
        where.append(inScope(scope, params));
        try {
            return jdbc.sql("""
                            SELECT se.series_uid, i.sop_instance_uid, i.sop_class_uid, i.transfer_syntax_uid, i.instance_number,
                                i.object_key, i.size_bytes, i.sha256, i.location
                            FROM instance i JOIN series se ON i.series_ref = se.id JOIN study s ON se.study_ref = s.id"""
                            + where + " ORDER BY se.series_number, se.series_uid, i.instance_number, i.sop_instance_uid")
                    .params(params)
                    .query((rs, n) -> new LocatedInstance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            integer(rs, 5), new StoredObject(rs.getString(6), rs.getLong(7), rs.getString(8).trim(),
                            Location.valueOf(rs.getString(9)))))
                    .list();
        } catch (DataAccessException e) {
            throw failure("list the instances of study " + studyUid, e);
        }
    }

    /**
     * Patient and examination of each of these studies that is in {@code scope}, by Study Instance
     * UID: one query for a whole page of a list (a worklist page), whatever its length.
     */
    public Map<String, StudyHeader> headers(CatalogScope scope, Collection<String> studyUids) {
        if (studyUids.isEmpty()) {
            return Map.of();
        }
        List<Object> params = new ArrayList<>(studyUids);
        String scoped = inScope(scope, params);
        Map<String, StudyHeader> out = new HashMap<>();
        try {
            jdbc.sql("""
                            SELECT s.study_uid, s.facility_id, p.patient_id, p.issuer, p.name, p.sex, p.birth_date,
                                s.accession_number, s.study_date, s.description
                            FROM study s JOIN patient p ON p.id = s.patient_ref
                            WHERE s.study_uid IN (""" + String.join(", ", Collections.nCopies(studyUids.size(), "?")) + ")" + scoped)
                    .params(params)
                    .query(rs -> {
                        // A study without a Patient ID has a patient of its own, marked by its issuer (see issuerOf).
                        String issuer = rs.getString(4);
                        boolean noPatientId = issuer.startsWith(NO_PATIENT_ID_ISSUER);
                        out.put(rs.getString(1), new StudyHeader(rs.getString(1), rs.getString(2),
                                noPatientId ? null : rs.getString(3), shownIssuer(issuer),
                                rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                                rs.getObject(9, LocalDate.class), rs.getString(10)));
                    });
            return out;
        } catch (DataAccessException e) {
            throw failure("read " + studyUids.size() + " studies", e);
        }
    }

    /**
     * Studies in {@code scope} that received an instance or were marked ready at or after
     * {@code since}, oldest first. Each half walks its own index (last_received_at,
     * ready_requested_at), on H2 as on PostgreSQL.
     */
    public List<StudyArrival> arrivalsSince(CatalogScope scope, Instant since) {
        OffsetDateTime t = OffsetDateTime.ofInstant(since, ZoneOffset.UTC);
        List<Object> params = new ArrayList<>(List.of(t));
        String scoped = inScope(scope, params);
        params.add(t);
        inScope(scope, params); // the same condition on the second half
        try {
            return jdbc.sql(ARRIVAL_SELECT + " WHERE s.last_received_at >= ?" + scoped
                            + " UNION " + ARRIVAL_SELECT + " WHERE s.ready_requested_at >= ?" + scoped + " ORDER BY 1")
                    .params(params).query(Catalog::arrival).list();
        } catch (DataAccessException e) {
            throw failure("list studies received since " + since, e);
        }
    }

    /**
     * Every study in {@code scope}, a page at a time in Study Instance UID order: the page after
     * {@code afterStudyUid} (null for the first).
     */
    public List<StudyArrival> arrivals(CatalogScope scope, String afterStudyUid, int limit) {
        List<Object> params = new ArrayList<>(List.of(afterStudyUid == null ? "" : afterStudyUid));
        String scoped = inScope(scope, params);
        params.add(limit);
        try {
            return jdbc.sql(ARRIVAL_SELECT + " WHERE s.study_uid > ?" + scoped + " ORDER BY s.study_uid LIMIT ?")
                    .params(params).query(Catalog::arrival).list();
        } catch (DataAccessException e) {
            throw failure("list studies", e);
        }
    }

    /** What a study holds: its instances counted by series modality and SOP class; no parts when unknown or outside scope. */
    public StudyComposition composition(CatalogScope scope, String studyUid) {
        List<Object> params = new ArrayList<>(List.of(studyUid));
        String scoped = inScope(scope, params);
        try {
            return new StudyComposition(jdbc.sql("""
                            SELECT se.modality, i.sop_class_uid, COUNT(*) FROM study s JOIN series se ON se.study_ref = s.id
                            JOIN instance i ON i.series_ref = se.id WHERE s.study_uid = ?""" + scoped
                            + " GROUP BY se.modality, i.sop_class_uid ORDER BY 3 DESC, 2, 1")
                    .params(params)
                    .query((rs, n) -> new StudyComposition.Part(rs.getString(1), rs.getString(2), rs.getInt(3)))
                    .list());
        } catch (DataAccessException e) {
            throw failure("count the instances of study " + studyUid, e);
        }
    }

    /** How many versions of the study's instances were replaced by different bytes after {@code since}. */
    public int versionsReplacedSince(CatalogScope scope, String studyUid, Instant since) {
        List<Object> params = new ArrayList<>(List.of(studyUid, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)));
        String scoped = inScope(scope, params);
        try {
            return jdbc.sql("""
                            SELECT COUNT(*) FROM study s JOIN series se ON se.study_ref = s.id JOIN instance i ON i.series_ref = se.id
                            JOIN instance_version v ON v.sop_instance_uid = i.sop_instance_uid
                            WHERE s.study_uid = ? AND v.superseded_at > ?""" + scoped)
                    .params(params).query(Integer.class).single();
        } catch (DataAccessException e) {
            throw failure("count the replaced instances of study " + studyUid, e);
        }
    }

    // ---------------------------------------------------------------- DICOM search (QIDO-RS, PS3.18 10.6)

    /** Studies in {@code scope} matching {@code keys}, newest study date first, then latest arrival. */
    public SearchPage<StudyMatch> searchStudies(CatalogScope scope, MatchKeys keys) {
        try {
            Where w = studiesMatching(scope, keys);
            if (w == null) {
                return new SearchPage<>(List.of(), false);
            }
            List<Long> ids = ids(w.select("SELECT s.id FROM study s") + " ORDER BY s.study_date DESC, s.id DESC", w, keys, 1);
            Map<Long, StudyMatch> studies = studyMatches(ids);
            return page(ids, keys, studies::get);
        } catch (DataAccessException e) {
            throw failure("search studies", e);
        }
    }

    /** Series in {@code scope} matching {@code keys} (study keys included), by study as {@link #searchStudies}, then series number. */
    public SearchPage<SeriesMatch> searchSeries(CatalogScope scope, MatchKeys keys) {
        try {
            Where w = studiesMatching(scope, keys);
            if (w == null) {
                return new SearchPage<>(List.of(), false);
            }
            seriesKeys(w, keys);
            List<long[]> rows = rows(w.select("SELECT se.id, s.id FROM series se JOIN study s ON se.study_ref = s.id")
                    + " ORDER BY s.study_date DESC, s.id DESC, se.series_number, se.id", w, keys, 2);
            Map<Long, SeriesMatch> series = seriesMatches(rows);
            return page(rows, keys, r -> series.get(r[0]));
        } catch (DataAccessException e) {
            throw failure("search series", e);
        }
    }

    /** Instances in {@code scope} matching {@code keys} (study and series keys included), by series, then instance number. */
    public SearchPage<InstanceMatch> searchInstances(CatalogScope scope, MatchKeys keys) {
        try {
            Where w = studiesMatching(scope, keys);
            if (w == null) {
                return new SearchPage<>(List.of(), false);
            }
            seriesKeys(w, keys);
            w.in("i.sop_instance_uid", keys.sopInstanceUids());
            w.in("i.sop_class_uid", keys.sopClassUids());
            if (keys.instanceNumber() != null) {
                w.and("i.instance_number = ?", keys.instanceNumber());
            }
            List<long[]> rows = rows(w.select("""
                    SELECT i.id, se.id, s.id FROM instance i JOIN series se ON i.series_ref = se.id
                    JOIN study s ON se.study_ref = s.id""")
                    + " ORDER BY s.study_date DESC, s.id DESC, se.series_number, se.id, i.instance_number, i.id", w, keys, 3);
            Map<Long, SeriesMatch> series = seriesMatches(rows.stream().map(r -> new long[] {r[1], r[2]}).toList());
            Map<Long, InstanceMatch> instances = new HashMap<>();
            if (!rows.isEmpty()) {
                jdbc.sql("""
                                SELECT id, series_ref, sop_instance_uid, sop_class_uid, transfer_syntax_uid, instance_number
                                FROM instance WHERE id IN (:ids)""")
                        .param("ids", rows.stream().map(r -> r[0]).toList())
                        .query(rs -> {
                            instances.put(rs.getLong(1), new InstanceMatch(series.get(rs.getLong(2)), rs.getString(3),
                                    rs.getString(4), rs.getString(5), integer(rs, 6)));
                        });
            }
            return page(rows, keys, r -> instances.get(r[0]));
        } catch (DataAccessException e) {
            throw failure("search instances", e);
        }
    }

    /**
     * The opening of every search: the scope (a facility sees only its own studies), the patient keys
     * and the study keys, as conditions on the study row {@code s}; null when a key already showed that
     * nothing matches.
     */
    private Where studiesMatching(CatalogScope scope, MatchKeys keys) {
        Where w = new Where(scope);
        if (!patientKeys(w, scope, keys)) {
            return null;
        }
        studyKeys(w, keys);
        return w;
    }

    /**
     * Whether a study, or a series of it ({@code seriesUid} non-null), is in {@code scope}: a search
     * below a study the caller may not see is "not found", not an empty answer.
     */
    public boolean contains(CatalogScope scope, String studyUid, String seriesUid) {
        Where w = new Where(scope);
        w.and("s.study_uid = ?", studyUid);
        if (seriesUid != null) {
            w.and("EXISTS (SELECT 1 FROM series se WHERE se.study_ref = s.id AND se.series_uid = ?)", seriesUid);
        }
        try {
            return jdbc.sql("SELECT COUNT(*) FROM study s" + w).params(w.params).query(Long.class).single() > 0;
        } catch (DataAccessException e) {
            throw failure("look up study " + studyUid, e);
        }
    }

    /** A WHERE clause built key by key, with its positional parameters; starts with the scope. */
    private static final class Where {
        private final StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        private final List<Object> params = new ArrayList<>();
        /** The patient table, when a patient key is checked row by row. */
        private String join = "";

        Where(CatalogScope scope) {
            sql.append(inScope(scope, params));
        }

        private Where() {
        }

        void and(String condition, Object... values) {
            sql.append(" AND ").append(condition);
            params.addAll(List.of(values));
        }

        void in(String column, List<?> values) {
            if (!values.isEmpty()) {
                and(column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")", values.toArray());
            }
        }

        /** Single value matching, or wildcard matching when the key has {@code *} or {@code ?} (PS3.4 C.2.2.2.1, C.2.2.2.4). */
        void text(String column, String key) {
            if (key == null || key.isEmpty() || key.chars().allMatch(c -> c == '*')) {
                return; // universal matching (C.2.2.2.3)
            }
            if (PersonNameKey.hasWildcard(key)) {
                and(column + " LIKE ? ESCAPE '\\'", PersonNameKey.like(key));
            } else {
                and(column + " = ?", key);
            }
        }

        /** {@code selectFrom} (a SELECT ... FROM ending with the study {@code s}), joined as the keys need, with this clause. */
        String select(String selectFrom) {
            return selectFrom + join + sql;
        }

        @Override
        public String toString() {
            return sql.toString();
        }
    }

    /** Patients matching the patient keys are looked up first when they are at most this many (tests lower it). */
    int fewPatients = 2000;

    /**
     * The patient keys. The name is matched on the study's copy of the patient's name groups, where
     * the indexes of V2026_12_04_0600 answer any key with one scan of the study table. The ID and
     * issuer: when few patients match (one ID), the study rows are found through those patients' ids
     * (ix_study_patient); when many do (a wildcard ID), the study's patient is joined and checked row
     * by row. Returns false when no patient matches.
     */
    private boolean patientKeys(Where w, CatalogScope scope, MatchKeys keys) {
        patientName(w, keys.patientName());
        Where p = new Where();
        p.text("p.patient_id", keys.patientId());
        if (keys.issuerOfPatientId() != null) {
            p.and("p.issuer = ?", keys.issuerOfPatientId());
        }
        if (p.params.isEmpty()) {
            return true; // universal keys only
        }
        if (!scope.isAlliance()) {
            p.and("p.facility_id = ?", scope.facilityId());
        }
        List<Object> params = new ArrayList<>(p.params);
        params.add(fewPatients + 1);
        List<Long> patients = jdbc.sql("SELECT p.id FROM patient p" + p + " LIMIT ?").params(params).query(Long.class).list();
        if (patients.size() > fewPatients) {
            w.join = " JOIN patient p ON s.patient_ref = p.id";
            w.text("p.patient_id", keys.patientId());
            if (keys.issuerOfPatientId() != null) {
                w.and("p.issuer = ?", keys.issuerOfPatientId());
            }
            return true;
        }
        w.in("s.patient_ref", patients);
        return !patients.isEmpty();
    }

    private static void studyKeys(Where w, MatchKeys keys) {
        dateTime(w, keys.studyDate(), keys.studyTime());
        w.text("s.accession_number", keys.accessionNumber());
        w.text("s.description", keys.studyDescription());
        w.in("s.study_uid", keys.studyInstanceUids());
        if (!keys.modalitiesInStudy().isEmpty()) {
            w.and("EXISTS (SELECT 1 FROM series m WHERE m.study_ref = s.id AND m.modality IN ("
                    + String.join(", ", Collections.nCopies(keys.modalitiesInStudy().size(), "?")) + "))",
                    keys.modalitiesInStudy().toArray());
        }
    }

    private static void seriesKeys(Where w, MatchKeys keys) {
        w.in("se.series_uid", keys.seriesInstanceUids());
        w.in("se.modality", keys.modalities());
        if (keys.seriesNumber() != null) {
            w.and("se.series_number = ?", keys.seriesNumber());
        }
        w.text("se.description", keys.seriesDescription());
    }

    private static final String[] NAME_GROUP_COLUMNS = {"s.name_alphabetic", "s.name_ideographic", "s.name_phonetic"};

    /** See {@link PersonNameKey}: any group for a key of one group, group by group for a key with {@code =}. */
    private static void patientName(Where w, String key) {
        if (key == null || key.isBlank() || key.chars().allMatch(c -> c == '*')) {
            return;
        }
        String k = PersonNameKey.lower(key.strip());
        if (k.indexOf('=') < 0) {
            String op = PersonNameKey.hasWildcard(k) ? " LIKE ? ESCAPE '\\'" : " = ?";
            String v = PersonNameKey.hasWildcard(k) ? PersonNameKey.like(k) : k;
            w.and("(" + String.join(" OR ", java.util.Arrays.stream(NAME_GROUP_COLUMNS).map(c -> c + op).toList()) + ")",
                    v, v, v);
            return;
        }
        String[] groups = k.split("=", -1);
        for (int g = 0; g < Math.min(groups.length, 3); g++) {
            w.text(NAME_GROUP_COLUMNS[g], groups[g]);
        }
    }

    /** Range matching (PS3.4 C.2.2.2.5); a date and a time range together are one date-time range (C.2.2.2.5.1). */
    private static void dateTime(Where w, MatchKeys.DateRange date, MatchKeys.TimeRange time) {
        if (date != null && time != null) {
            if (date.from() != null) {
                if (time.from() != null) {
                    w.and("(s.study_date > ? OR (s.study_date = ? AND s.study_time >= ?))", date.from(), date.from(), time.from());
                } else {
                    w.and("s.study_date >= ?", date.from());
                }
            }
            if (date.to() != null) {
                if (time.to() != null) {
                    w.and("(s.study_date < ? OR (s.study_date = ? AND s.study_time <= ?))", date.to(), date.to(), time.upperBound());
                } else {
                    w.and("s.study_date <= ?", date.to());
                }
            }
            return;
        }
        if (date != null) {
            if (date.from() != null) {
                w.and("s.study_date >= ?", date.from());
            }
            if (date.to() != null) {
                w.and("s.study_date <= ?", date.to());
            }
        }
        if (time != null) {
            if (time.from() != null) {
                w.and("s.study_time >= ?", time.from());
            }
            if (time.to() != null) {
                w.and("s.study_time <= ?", time.upperBound());
            }
        }
    }

    /** The ids of one page plus one more row, which only tells whether more follow. */
    private List<Long> ids(String sql, Where w, MatchKeys keys, int columns) {
        return rows(sql, w, keys, columns).stream().map(r -> r[0]).toList();
    }

    private List<long[]> rows(String sql, Where w, MatchKeys keys, int columns) {
        List<Object> params = new ArrayList<>(w.params);
        params.add(keys.limit() + 1);
        params.add(keys.offset());
        return tx.execute(status -> {
            if (!isH2()) {
                // After five runs PostgreSQL may keep a generic plan of a prepared search, one made without
                // the keys' values: it cannot use a name prefix's index condition or a date range's
                // selectivity (name + date + modality: 15 ms generic against 0.7 ms planned for its values,
                // bench/RESULTS.md). A search is planned for its keys every time; planning costs well under 1 ms.
                jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
            }
            return jdbc.sql(sql + " LIMIT ? OFFSET ?").params(params).query((rs, n) -> {
                long[] r = new long[columns];
                for (int c = 0; c < columns; c++) {
                    r[c] = rs.getLong(c + 1);
                }
                return r;
            }).list();
        });
    }

    private static <R, T> SearchPage<T> page(List<R> rows, MatchKeys keys, java.util.function.Function<R, T> match) {
        boolean more = rows.size() > keys.limit();
        return new SearchPage<>(rows.stream().limit(keys.limit()).map(match).toList(), more);
    }

    /** The series of these (series id, study id) rows, each with its study. */
    private Map<Long, SeriesMatch> seriesMatches(List<long[]> rows) {
        Map<Long, SeriesMatch> out = new HashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        Map<Long, StudyMatch> studies = studyMatches(rows.stream().map(r -> r[1]).distinct().toList());
        jdbc.sql("""
                        SELECT se.id, se.study_ref, se.series_uid, se.modality, se.body_part, se.series_number, se.description,
                            (SELECT COUNT(*) FROM instance i WHERE i.series_ref = se.id)
                        FROM series se WHERE se.id IN (:ids)""")
                .param("ids", rows.stream().map(r -> r[0]).distinct().toList())
                .query(rs -> {
                    out.put(rs.getLong(1), new SeriesMatch(studies.get(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), integer(rs, 6), rs.getString(7), rs.getInt(8)));
                });
        return out;
    }

    /**
     * These studies with their computed attributes (PS3.18 10.6.3.3): Modalities in Study and the
     * series and instance counts come from one pass over the page's series (one row per series with
     * its instance count), not from subqueries per study.
     */
    private Map<Long, StudyMatch> studyMatches(List<Long> ids) {
        Map<Long, StudyMatch> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<Long, TreeSet<String>> modalities = new HashMap<>();
        Map<Long, int[]> counts = new HashMap<>(); // series, instances
        jdbc.sql("""
                        SELECT se.study_ref, se.modality, (SELECT COUNT(*) FROM instance i WHERE i.series_ref = se.id)
                        FROM series se WHERE se.study_ref IN (:ids)""")
                .param("ids", ids)
                .query(rs -> {
                    TreeSet<String> m = modalities.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>());
                    if (rs.getString(2) != null) {
                        m.add(rs.getString(2));
                    }
                    int[] c = counts.computeIfAbsent(rs.getLong(1), k -> new int[2]);
                    c[0]++;
                    c[1] += rs.getInt(3);
                });
        jdbc.sql("""
                        SELECT s.id, s.study_uid, p.patient_id, p.issuer, p.name, p.sex, p.birth_date, s.accession_number,
                            s.study_date, s.study_time, s.description, s.facility_id
                        FROM study s JOIN patient p ON s.patient_ref = p.id WHERE s.id IN (:ids)""")
                .param("ids", ids)
                .query(rs -> {
                    String issuer = rs.getString(4);
                    int[] c = counts.getOrDefault(rs.getLong(1), new int[2]);
                    out.put(rs.getLong(1), new StudyMatch(rs.getString(2), issuer.startsWith(NO_PATIENT_ID_ISSUER) ? null : rs.getString(3),
                            shownIssuer(issuer), rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                            rs.getObject(9, LocalDate.class), rs.getString(10), rs.getString(11), rs.getString(12),
                            List.copyOf(modalities.getOrDefault(rs.getLong(1), new TreeSet<>())), c[0], c[1]));
                });
        return out;
    }

    /** The scope as a condition on the study row {@code s}; its parameter is added to {@code params}. */
    private static String inScope(CatalogScope scope, List<Object> params) {
        if (scope.isAlliance()) {
            return "";
        }
        params.add(scope.facilityId());
        return " AND s.facility_id = ?";
    }

    private static final String ARRIVAL_SELECT = """
            SELECT s.id, s.study_uid, s.facility_id, s.first_received_at, s.last_received_at, s.ready_requested_at,
                s.ready_reason, s.requested_priority FROM study s""";

    private static StudyArrival arrival(ResultSet rs, int n) throws SQLException {
        return new StudyArrival(rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5), instant(rs, 6), rs.getString(7),
                rs.getString(8));
    }

    /** At most this many priors are listed for one study, newest first. */
    public static final int MAX_PRIORS = 100;

    /**
     * The other studies of the same person, newest first (study date, then arrival): the same patient
     * row, patients with the same valid resident identity number, and patients an administrator
     * linked, transitively (the same person is one equivalence class). Only studies the scope admits;
     * none when the scope does not admit the study itself or it is unknown.
     */
    public List<StudySummary> priors(String studyUid, CatalogScope scope) {
        try {
            Optional<StudyPatient> study = jdbc.sql("SELECT patient_ref, facility_id FROM study WHERE study_uid = ?")
                    .param(studyUid).query((rs, n) -> new StudyPatient(rs.getLong(1), rs.getString(2))).optional();
            if (study.isEmpty() || !scope.admits(study.get().facilityId())) {
                return List.of();
            }
            StringBuilder sql = new StringBuilder(STUDY_SELECT).append(" WHERE s.patient_ref IN (:patients) AND s.study_uid <> :study");
            if (!scope.isAlliance()) {
                sql.append(" AND s.facility_id = :facility");
            }
            sql.append(" ORDER BY s.study_date DESC NULLS LAST, s.first_received_at DESC, s.id DESC LIMIT ").append(MAX_PRIORS);
            JdbcClient.StatementSpec q = jdbc.sql(sql.toString()).param("patients", samePerson(study.get().patient()))
                    .param("study", studyUid);
            if (!scope.isAlliance()) {
                q = q.param("facility", scope.facilityId());
            }
            return summaries(q.query(Catalog::studyRow).list());
        } catch (DataAccessException e) {
            throw failure("list the priors of " + studyUid, e);
        }
    }

    private record StudyPatient(long patient, String facilityId) {
    }

    /** The patient rows that are the same person as this one (itself included). */
    private List<Long> samePerson(long patient) {
        Set<Long> people = new LinkedHashSet<>(List.of(patient));
        Set<String> numbers = new HashSet<>();
        List<Long> frontier = List.of(patient);
        while (!frontier.isEmpty()) {
            List<String> newNumbers = jdbc.sql("SELECT DISTINCT resident_id FROM patient WHERE resident_id IS NOT NULL AND id IN (:ids)")
                    .param("ids", frontier).query(String.class).list().stream().filter(numbers::add).toList();
            Set<Long> next = new LinkedHashSet<>();
            if (!newNumbers.isEmpty()) {
                next.addAll(jdbc.sql("SELECT id FROM patient WHERE resident_id IN (:numbers)").param("numbers", newNumbers)
                        .query(Long.class).list());
            }
            jdbc.sql(ACTIVE_LINKS + " AND (e.patient_a IN (:ids) OR e.patient_b IN (:ids))").param("ids", frontier)
                    .query(rs -> {
                        next.add(rs.getLong(1));
                        next.add(rs.getLong(2));
                    });
            next.removeAll(people);
            people.addAll(next);
            frontier = List.copyOf(next);
        }
        return List.copyOf(people);
    }

    /** Links whose newest event is a LINK. */
    private static final String ACTIVE_LINKS = """
            SELECT e.patient_a, e.patient_b FROM patient_link_event e
            WHERE e.action = 'LINK'
                AND e.id = (SELECT MAX(x.id) FROM patient_link_event x WHERE x.patient_a = e.patient_a AND x.patient_b = e.patient_b)""";

    /**
     * An administrator says two patients are the same person: their studies become each other's
     * priors. Recorded with who and why; refused (INVALID) when they are one patient row or already
     * linked, NOT_FOUND when the catalog has no such patient.
     */
    public PatientLinkEvent linkPatients(PatientRef first, PatientRef second, String actor, String reason) {
        return linkEvent(first, second, PatientLinkEvent.LINK, actor, reason);
    }

    /** Undoes an administrator's link; recorded like the link. Refused (INVALID) when the two are not linked. */
    public PatientLinkEvent unlinkPatients(PatientRef first, PatientRef second, String actor, String reason) {
        return linkEvent(first, second, PatientLinkEvent.UNLINK, actor, reason);
    }

    private PatientLinkEvent linkEvent(PatientRef first, PatientRef second, String action, String actor, String reason) {
        if (actor == null || actor.isBlank()) {
            throw new StorageException(Kind.INVALID, "a patient link is recorded with who made it");
        }
        if (reason == null || reason.isBlank()) {
            throw new StorageException(Kind.INVALID, "a patient link is recorded with why: give a reason");
        }
        if (reason.strip().length() > 1000) {
            throw new StorageException(Kind.INVALID, "the reason is longer than 1000 characters");
        }
        try {
            return tx.execute(status -> {
                long a = patientRowOf(first);
                long b = patientRowOf(second);
                if (a == b) {
                    throw new StorageException(Kind.INVALID, "both name the same patient");
                }
                long lo = Math.min(a, b);
                long hi = Math.max(a, b);
                boolean linked = jdbc.sql(ACTIVE_LINKS + " AND e.patient_a = ? AND e.patient_b = ?").params(lo, hi)
                        .query((rs, n) -> true).optional().isPresent();
                if (linked == PatientLinkEvent.LINK.equals(action)) {
                    throw new StorageException(Kind.INVALID, linked ? "the two patients are already linked"
                            : "the two patients are not linked by an administrator");
                }
                OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                long id = insert("INSERT INTO patient_link_event (patient_a, patient_b, action, actor, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        lo, hi, action, actor.strip(), reason.strip(), now);
                return new PatientLinkEvent(id, first, second, action, actor.strip(), reason.strip(), now.toInstant());
            });
        } catch (DataAccessException e) {
            throw failure("record a patient " + action.toLowerCase(Locale.ROOT), e);
        }
    }

    /** Every link and unlink an administrator made for this patient, oldest first. */
    public List<PatientLinkEvent> patientLinks(PatientRef patient) {
        try {
            long id = patientRowOf(patient);
            return jdbc.sql("""
                            SELECT e.id, a.facility_id, a.patient_id, a.issuer, b.facility_id, b.patient_id, b.issuer, e.action,
                                e.actor, e.reason, e.created_at
                            FROM patient_link_event e JOIN patient a ON e.patient_a = a.id JOIN patient b ON e.patient_b = b.id
                            WHERE e.patient_a = ? OR e.patient_b = ? ORDER BY e.id""")
                    .params(id, id)
                    .query((rs, n) -> new PatientLinkEvent(rs.getLong(1), new PatientRef(rs.getString(2), rs.getString(3), rs.getString(4)),
                            new PatientRef(rs.getString(5), rs.getString(6), rs.getString(7)), rs.getString(8), rs.getString(9),
                            rs.getString(10), instant(rs, 11)))
                    .list();
        } catch (DataAccessException e) {
            throw failure("list the links of a patient", e);
        }
    }

    private long patientRowOf(PatientRef p) {
        return jdbc.sql("SELECT id FROM patient WHERE facility_id = ? AND patient_id = ? AND issuer = ?")
                .params(p.facilityId(), p.patientId(), p.issuer()).query(Long.class).optional()
                .orElseThrow(() -> new StorageException(Kind.NOT_FOUND, "no patient '" + p.patientId() + "'"
                        + (p.issuer().isEmpty() ? "" : " (issuer '" + p.issuer() + "')") + " at facility '" + p.facilityId() + "'"));
    }

    /** Health: a trivial query on the catalog's own table. */
    public void checkAvailable() {
        try {
            jdbc.sql("SELECT COUNT(*) FROM study WHERE id = -1").query(Long.class).single();
        } catch (DataAccessException e) {
            throw failure("query the catalog", e);
        }
    }

    private static final String STUDY_SELECT = """
            SELECT s.id, s.study_uid, p.patient_id, p.issuer, p.name, p.sex, p.birth_date, s.accession_number, s.study_date,
                s.study_time, s.description, s.facility_id, s.first_received_at, s.last_received_at, s.requested_priority,
                s.identity_flag,
                (SELECT COUNT(*) FROM instance i JOIN series se ON i.series_ref = se.id WHERE se.study_ref = s.id) AS instances,
                (SELECT COALESCE(SUM(i.size_bytes), 0) FROM instance i JOIN series se ON i.series_ref = se.id
                    WHERE se.study_ref = s.id) AS bytes,
                (SELECT COUNT(*) FROM instance i JOIN series se ON i.series_ref = se.id
                    WHERE se.study_ref = s.id AND i.location = 'SPOOL') AS in_spool
            FROM study s JOIN patient p ON s.patient_ref = p.id""";

    private record StudyRow(long id, StudySummary summary) {
    }

    private static StudyRow studyRow(ResultSet rs, int n) throws SQLException {
        String issuer = rs.getString(4);
        return new StudyRow(rs.getLong(1), new StudySummary(
                rs.getString(2), rs.getString(3), shownIssuer(issuer),
                rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                rs.getObject(9, LocalDate.class), rs.getString(10), rs.getString(11), rs.getString(12), List.of(),
                rs.getInt(17), rs.getLong(18), rs.getInt(19) > 0 ? "IN_SPOOL" : "STORED", instant(rs, 13), instant(rs, 14),
                rs.getString(15), rs.getString(16)));
    }

    private List<StudySummary> summaries(List<StudyRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, TreeSet<String>> modalities = new LinkedHashMap<>();
        List<Long> ids = rows.stream().map(StudyRow::id).toList();
        jdbc.sql("SELECT study_ref, modality FROM series WHERE modality IS NOT NULL AND study_ref IN (:ids)")
                .param("ids", ids)
                .query(rs -> {
                    modalities.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
                });
        List<StudySummary> out = new ArrayList<>(rows.size());
        for (StudyRow r : rows) {
            StudySummary s = r.summary();
            out.add(new StudySummary(s.studyInstanceUid(), s.patientId(), s.issuerOfPatientId(), s.patientName(),
                    s.patientSex(), s.patientBirthDate(), s.accessionNumber(), s.studyDate(), s.studyTime(),
                    s.studyDescription(), s.facilityId(), List.copyOf(modalities.getOrDefault(r.id(), new TreeSet<>())),
                    s.instanceCount(), s.totalBytes(), s.status(), s.firstReceivedAt(), s.lastReceivedAt(), s.requestedPriority(),
                    s.identityFlag()));
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static String string(Map<String, Object> row, String column) {
        Object v = row.get(column);
        if (v == null) {
            // Column labels come back upper case from H2 and lower case from PostgreSQL.
            v = row.get(column.toUpperCase());
        }
        return v == null ? null : v.toString().trim();
    }

    /** The issuer of a patient without a Patient ID: one patient of its own per study (see issuerOf). */
    private static final String NO_PATIENT_ID_ISSUER = "#study:";

    /** The issuer as callers see it: none for the facility's own (empty) or a study's own patient. */
    private static String shownIssuer(String issuer) {
        return issuer.isEmpty() || issuer.startsWith(NO_PATIENT_ID_ISSUER) ? null : issuer;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static StorageException failure(String what, Exception e) {
        return new StorageException(Kind.UNAVAILABLE, "catalog: cannot " + what + ": " + e.getMessage(), e);
    }
}
