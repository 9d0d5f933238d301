package org.rdc.reports.lifecycle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.rdc.reports.ReportException;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportContent;
import org.rdc.reports.model.ReportEvent;
import org.rdc.reports.model.ReportState;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.model.Sections;
import org.rdc.reports.model.SignatureRole;
import org.rdc.reports.model.VersionKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The report tables. A version's content is written only while its state is editable: every
 * content update names DRAFT, PRELIMINARY and REVISING in its WHERE clause together with the draft revision
 * the writer read, and every state change the state it read, so a signed version cannot be
 * changed through this class whatever the caller does, and of two concurrent writers one loses.
 */
public final class ReportStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ReportStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    // ------------------------------------------------------------------ reports

    public long insertReport(ReportSubject s, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO report (task_id, study_uid, facility_id, service_line, patient_id, patient_name, patient_sex,
                            patient_birth_date, accession_number, study_date, study_description, modalities, stat, latest_version,
                            created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(s.taskId(), s.studyInstanceUid(), s.facilityId(), s.serviceLine(), s.patientId(), s.patientName(), s.patientSex(),
                        s.patientBirthDate(), s.accessionNumber(), s.studyDate(), s.studyDescription(),
                        String.join(",", s.modalities()), s.stat(), ts(now), ts(now))
                .update(key, "id");
        return key.getKey().longValue();
    }

    public Optional<Report> find(long reportId) {
        return jdbc.sql(REPORT_SELECT + " WHERE id = ?").param(reportId).query(ReportStore::report).optional();
    }

    public Optional<Report> findByTask(long taskId) {
        return jdbc.sql(REPORT_SELECT + " WHERE task_id = ?").param(taskId).query(ReportStore::report).optional();
    }

    public Optional<Report> findByStudy(String studyUid) {
        return jdbc.sql(REPORT_SELECT + " WHERE study_uid = ?").param(studyUid).query(ReportStore::report).optional();
    }

    public List<Report> findByStudies(List<String> studyUids) {
        if (studyUids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(REPORT_SELECT + " WHERE study_uid IN (:studies) ORDER BY study_date DESC, id DESC")
                .param("studies", studyUids).query(ReportStore::report).list();
    }

    public List<Report> search(ReportQuery q) {
        StringBuilder sql = new StringBuilder(REPORT_SELECT + " WHERE 1 = 1");
        Map<String, Object> p = new LinkedHashMap<>();
        if (q.facilityId() != null) {
            sql.append(" AND facility_id = :facility");
            p.put("facility", q.facilityId());
        }
        if (q.serviceLines() != null) {
            if (q.serviceLines().isEmpty()) {
                return List.of();
            }
            sql.append(" AND service_line IN (:lines)");
            p.put("lines", List.copyOf(q.serviceLines()));
        }
        if (q.patient() != null) {
            sql.append(" AND (patient_id = :patient OR patient_name LIKE :patientLike)");
            p.put("patient", q.patient());
            p.put("patientLike", "%" + q.patient().replace("%", "").replace("_", "") + "%");
        }
        if (q.from() != null) {
            sql.append(" AND study_date >= :from");
            p.put("from", q.from());
        }
        if (q.to() != null) {
            sql.append(" AND study_date <= :to");
            p.put("to", q.to());
        }
        if (q.modality() != null) {
            sql.append(" AND (',' || modalities || ',') LIKE :modality");
            p.put("modality", "%," + q.modality().replace("%", "").replace("_", "") + ",%");
        }
        if (q.releasedOnly()) {
            // released: a FINAL version, or a STAT report's preliminary release (what the facility already has)
            sql.append(" AND (current_version IS NOT NULL OR EXISTS (SELECT 1 FROM report_version v WHERE v.report_id = report.id"
                    + " AND v.preliminary_at IS NOT NULL))");
        }
        if (q.state() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM report_version v WHERE v.report_id = report.id AND v.number = report.latest_version"
                    + " AND v.state = :state)");
            p.put("state", q.state().name());
        }
        sql.append(" ORDER BY study_date DESC NULLS LAST, id DESC LIMIT :limit OFFSET :offset");
        p.put("limit", q.size());
        p.put("offset", (long) q.page() * q.size());
        return jdbc.sql(sql.toString()).params(p).query(ReportStore::report).list();
    }

    /** The report's latest and current version numbers, conditional on the latest one read. */
    boolean setVersions(long reportId, int expectedLatest, int latest, Integer current, Instant now) {
        return jdbc.sql("UPDATE report SET latest_version = ?, current_version = COALESCE(?, current_version), updated_at = ?"
                        + " WHERE id = ? AND latest_version = ?")
                .params(latest, current, ts(now), reportId, expectedLatest).update() == 1;
    }

    // ------------------------------------------------------------------ versions

    public ReportVersion insertVersion(long reportId, int number, VersionKind kind, Integer follows, String reason, String templateId,
                                       int templateVersion, ReportContent content, String sharingMark, Actor author, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO report_version (report_id, number, kind, follows, reason, state, template_id, template_version,
                            findings, impression, recommendation, fields, critical, critical_category, sharing_mark, draft_revision,
                            author, author_name, requires_verification, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, FALSE, ?, ?)""")
                .params(reportId, number, kind.name(), follows, reason, templateId, templateVersion, content.sections().findings(),
                        content.sections().impression(), content.sections().recommendation(), JSON.writeValueAsString(content.fields()),
                        content.critical(), content.criticalCategory(), sharingMark, author.username(), author.printedName(), ts(now), ts(now))
                .update(key, "id");
        return version(reportId, number).orElseThrow();
    }

    /**
     * A senior reader's revision of signed version {@code of}: the next version, REVISING, with its
     * content, kind, reason and author (the reader's report still), waiting for {@code reviser}'s
     * countersignature from the start (they are its verifier).
     */
    public ReportVersion insertRevision(ReportVersion of, int number, Actor reviser, Instant now) {
        jdbc.sql("""
                        INSERT INTO report_version (report_id, number, kind, follows, reason, state, template_id, template_version,
                            findings, impression, recommendation, fields, critical, critical_category, sharing_mark, draft_revision,
                            author, author_name, requires_verification, verifier, verifier_name, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'REVISING', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, TRUE, ?, ?, ?, ?)""")
                .params(of.reportId(), number, of.kind().name(), of.number(), of.reason(), of.templateId(), of.templateVersion(),
                        of.sections().findings(), of.sections().impression(), of.sections().recommendation(),
                        JSON.writeValueAsString(of.fields()), of.critical(), of.criticalCategory(), of.sharingMark(), of.author(),
                        of.authorName(), reviser.username(), reviser.printedName(), ts(now), ts(now))
                .update();
        return version(of.reportId(), number).orElseThrow();
    }

    public Optional<ReportVersion> version(long reportId, int number) {
        return jdbc.sql(VERSION_SELECT + " WHERE report_id = ? AND number = ?").params(reportId, number)
                .query(ReportStore::version).optional();
    }

    /** Oldest first. */
    public List<ReportVersion> versions(long reportId) {
        return jdbc.sql(VERSION_SELECT + " WHERE report_id = ? ORDER BY number").param(reportId).query(ReportStore::version).list();
    }

    /**
     * Saves new content over revision {@code baseRevision} of an editable version and keeps it as
     * revision {@code baseRevision + 1}. Refused (CONFLICT) when the version is no longer editable
     * ({@code version-signed}) or was saved by someone else since ({@code draft-stale}).
     */
    public ReportVersion saveContent(ReportVersion v, int baseRevision, ReportContent c, String by, Instant now) {
        int n = jdbc.sql("""
                        UPDATE report_version SET findings = ?, impression = ?, recommendation = ?, fields = ?, critical = ?,
                            critical_category = ?, draft_revision = draft_revision + 1, updated_at = ?
                        WHERE id = ? AND draft_revision = ? AND state IN ('DRAFT', 'PRELIMINARY', 'REVISING')""")
                .params(c.sections().findings(), c.sections().impression(), c.sections().recommendation(),
                        JSON.writeValueAsString(c.fields()), c.critical(), c.criticalCategory(), ts(now), v.id(), baseRevision)
                .update();
        if (n != 1) {
            ReportVersion now2 = version(v.reportId(), v.number()).orElseThrow();
            if (!now2.state().editable()) {
                throw ReportException.conflict("version-signed", "version " + v.number() + " of report " + v.reportId() + " is "
                        + now2.state() + " and never changes; nothing was saved");
            }
            throw ReportException.conflict("draft-stale", "version " + v.number() + " of report " + v.reportId() + " is at revision "
                    + now2.draftRevision() + ", not " + baseRevision + " (saved elsewhere meanwhile); reload it, nothing was saved");
        }
        jdbc.sql("INSERT INTO report_draft_revision (version_id, revision, saved_by, saved_at, content) VALUES (?, ?, ?, ?, ?)")
                .params(v.id(), baseRevision + 1, by, ts(now), contentJson(c)).update();
        return version(v.reportId(), v.number()).orElseThrow();
    }

    /** The saved revisions of a version's draft, oldest first: (revision, saved by, saved at). */
    public List<DraftRevision> draftRevisions(long versionId) {
        return jdbc.sql("SELECT revision, saved_by, saved_at FROM report_draft_revision WHERE version_id = ? ORDER BY revision")
                .param(versionId).query((rs, i) -> new DraftRevision(rs.getInt(1), rs.getString(2), instant(rs, 3))).list();
    }

    public record DraftRevision(int revision, String savedBy, Instant savedAt) {
    }

    /** The columns a transition may set: signatures, times and the signed digest, never the content. */
    private static final java.util.Set<String> TRANSITION_COLUMNS = java.util.Set.of("signed_at", "author", "author_name",
            "requires_verification", "content_sha256", "verified_at", "verifier", "verifier_name", "preliminary_at", "final_at");

    /**
     * Applies {@code action} to a version in the state (and draft revision) it was read in: the
     * next state is {@link ReportTransitions}' (an illegal action is refused with its CONFLICT),
     * and {@code columns} may only be signature and time columns. Null when the version changed
     * meanwhile (nothing was written).
     */
    ReportState transition(ReportVersion v, ReportAction action, Map<String, Object> columns, Instant now) {
        ReportState to = ReportTransitions.next(v.state(), action, "version " + v.number() + " of report " + v.reportId());
        StringBuilder sql = new StringBuilder("UPDATE report_version SET state = ?, updated_at = ?");
        List<Object> params = new ArrayList<>(Arrays.asList(to.name(), ts(now)));
        columns.forEach((col, value) -> {
            if (!TRANSITION_COLUMNS.contains(col)) {
                throw new IllegalArgumentException("a transition does not write " + col);
            }
            sql.append(", ").append(col).append(" = ?");
            params.add(value instanceof Instant i ? ts(i) : value);
        });
        sql.append(" WHERE id = ? AND state = ? AND draft_revision = ?");
        params.add(v.id());
        params.add(v.state().name());
        params.add(v.draftRevision());
        return jdbc.sql(sql.toString()).params(params).update() == 1 ? to : null;
    }

    // ------------------------------------------------------------------ history and documents

    void event(long reportId, int version, Instant at, String actor, String event, ReportState from, ReportState to, String detail) {
        jdbc.sql("INSERT INTO report_event (report_id, version_number, at, actor, event, from_state, to_state, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(reportId, version, ts(at), actor, event, from == null ? null : from.name(), to.name(),
                        detail == null ? null : detail.length() > 1000 ? detail.substring(0, 1000) : detail)
                .update();
    }

    public List<ReportEvent> events(long reportId) {
        return jdbc.sql("SELECT at, actor, version_number, event, from_state, to_state, detail FROM report_event WHERE report_id = ? ORDER BY id")
                .param(reportId)
                .query((rs, i) -> new ReportEvent(instant(rs, 1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5) == null ? null : ReportState.valueOf(rs.getString(5)), ReportState.valueOf(rs.getString(6)),
                        rs.getString(7)))
                .list();
    }

    void document(long reportId, ArchivedDocument d) {
        jdbc.sql("""
                        INSERT INTO report_document (report_id, version_number, role, pdf_key, pdf_sha256, pdf_size, json_key, json_sha256,
                            verification_code, signed_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(reportId, d.version(), d.role().name(), d.pdfKey(), d.pdfSha256(), d.pdfSize(), d.jsonKey(), d.jsonSha256(),
                        d.verificationCode(), d.signedBy(), ts(d.createdAt()))
                .update();
    }

    /** Every document of the report, oldest first. */
    public List<ArchivedDocument> documents(long reportId) {
        return jdbc.sql(DOCUMENT_SELECT + " WHERE report_id = ? ORDER BY id").param(reportId).query(ReportStore::document).list();
    }

    /** The report and document a printed verification code names: the newest document with it (the countersigned one). */
    public Optional<Map.Entry<Long, ArchivedDocument>> documentByCode(String code) {
        return jdbc.sql(DOCUMENT_SELECT + " WHERE verification_code = ? ORDER BY id DESC").param(code)
                .query((rs, i) -> Map.entry(rs.getLong(11), document(rs, i))).list().stream().findFirst();
    }

    /** The report and document whose signed PDF has this SHA-256. */
    public Optional<Map.Entry<Long, ArchivedDocument>> documentByPdf(String sha256) {
        return jdbc.sql(DOCUMENT_SELECT + " WHERE pdf_sha256 = ? ORDER BY id DESC").param(sha256)
                .query((rs, i) -> Map.entry(rs.getLong(11), document(rs, i))).list().stream().findFirst();
    }

    private static final String DOCUMENT_SELECT = """
            SELECT version_number, role, pdf_key, pdf_sha256, pdf_size, json_key, json_sha256, verification_code, signed_by, created_at,
                report_id
            FROM report_document""";

    private static ArchivedDocument document(ResultSet rs, int n) throws SQLException {
        return new ArchivedDocument(rs.getInt(1), SignatureRole.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4).trim(),
                rs.getLong(5), rs.getString(6), rs.getString(7).trim(), rs.getString(8), rs.getString(9), instant(rs, 10));
    }

    // ------------------------------------------------------------------ rows

    /** The content as JSON, in a fixed field order: what a draft revision keeps and what is digested at signing. */
    public static String contentJson(ReportContent c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("findings", c.sections().findings());
        n.put("impression", c.sections().impression());
        n.put("recommendation", c.sections().recommendation());
        n.set("fields", c.fields());
        n.put("critical", c.critical());
        if (c.criticalCategory() == null) {
            n.putNull("criticalCategory");
        } else {
            n.put("criticalCategory", c.criticalCategory());
        }
        return JSON.writeValueAsString(n);
    }

    private static final String REPORT_SELECT = """
            SELECT id, task_id, study_uid, facility_id, service_line, patient_id, patient_name, patient_sex, patient_birth_date,
                accession_number, study_date, study_description, modalities, stat, current_version, latest_version, created_at, updated_at
            FROM report""";

    private static Report report(ResultSet rs, int n) throws SQLException {
        String modalities = rs.getString(13);
        int current = rs.getInt(15);
        Integer currentVersion = rs.wasNull() ? null : current;
        return new Report(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getObject(9, LocalDate.class), rs.getString(10), rs.getObject(11, LocalDate.class),
                rs.getString(12), modalities == null || modalities.isEmpty() ? List.of() : List.of(modalities.split(",")),
                rs.getBoolean(14), currentVersion, rs.getInt(16), instant(rs, 17), instant(rs, 18));
    }

    private static final String VERSION_SELECT = """
            SELECT id, report_id, number, kind, follows, reason, state, template_id, template_version, findings, impression,
                recommendation, fields, critical, critical_category, sharing_mark, draft_revision, author, author_name,
                requires_verification, verifier, verifier_name, preliminary_at, signed_at, verified_at, final_at, content_sha256,
                created_at, updated_at
            FROM report_version""";

    private static ReportVersion version(ResultSet rs, int n) throws SQLException {
        int follows = rs.getInt(5);
        Integer followsNumber = rs.wasNull() ? null : follows;
        String sha = rs.getString(27);
        return new ReportVersion(rs.getLong(1), rs.getLong(2), rs.getInt(3), VersionKind.valueOf(rs.getString(4)), followsNumber,
                rs.getString(6), ReportState.valueOf(rs.getString(7)), rs.getString(8), rs.getInt(9),
                new Sections(rs.getString(10), rs.getString(11), rs.getString(12)), (ObjectNode) JSON.readTree(rs.getString(13)),
                rs.getBoolean(14), rs.getString(15), rs.getString(16), rs.getInt(17), rs.getString(18), rs.getString(19),
                rs.getBoolean(20), rs.getString(21), rs.getString(22), instant(rs, 23), instant(rs, 24), instant(rs, 25),
                instant(rs, 26), sha == null ? null : sha.trim(), instant(rs, 28), instant(rs, 29));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
