package org.rdc.workstation.worklist;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.StudySummary;
import org.rdc.workstation.security.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The patient's other studies, newest first, as the catalog finds them ({@link Catalog#priors}: the
 * same patient of the same facility, the same valid resident identity number, or an
 * administrator's link), each with its reading task. A facility user sees only its own facility's
 * priors until a result-sharing policy says more.
 */
public final class Priors {

    /** One earlier (or later) study of the patient, with its reading task and, once reports exist, its report. */
    public record Prior(String studyInstanceUid, LocalDate studyDate, String studyTime, String studyDescription,
                        String accessionNumber, String facilityId, List<String> modalities, Instant firstReceivedAt,
                        Long taskId, TaskState taskState, ServiceLine serviceLine, Object report) {
    }

    private record TaskRow(long id, TaskState state, ServiceLine serviceLine) {
    }

    private final Catalog catalog;
    private final JdbcClient jdbc;

    public Priors(Catalog catalog, DataSource dataSource) {
        this.catalog = catalog;
        this.jdbc = JdbcClient.create(dataSource);
    }

    public List<Prior> of(String studyUid, Caller caller) {
        CatalogScope scope = caller.facilityScoped() ? CatalogScope.facility(caller.facilityId()) : CatalogScope.alliance();
        List<StudySummary> studies = catalog.priors(studyUid, scope);
        if (studies.isEmpty()) {
            return List.of();
        }
        Map<String, TaskRow> tasks = new HashMap<>();
        jdbc.sql("SELECT study_uid, id, state, service_line FROM reading_task WHERE study_uid IN (:uids)")
                .param("uids", studies.stream().map(StudySummary::studyInstanceUid).toList())
                .query(rs -> {
                    tasks.put(rs.getString(1), new TaskRow(rs.getLong(2), TaskState.valueOf(rs.getString(3)),
                            ServiceLine.valueOf(rs.getString(4))));
                });
        return studies.stream().map(s -> {
            TaskRow t = tasks.get(s.studyInstanceUid());
            return new Prior(s.studyInstanceUid(), s.studyDate(), s.studyTime(), s.studyDescription(), s.accessionNumber(),
                    s.facilityId(), s.modalities(), s.firstReceivedAt(), t == null ? null : t.id(), t == null ? null : t.state(),
                    t == null ? null : t.serviceLine(), null);
        }).toList();
    }
}
