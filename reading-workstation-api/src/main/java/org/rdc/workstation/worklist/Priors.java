package org.rdc.workstation.worklist;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.rdc.workstation.security.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The patient's other studies anywhere in the alliance: same Patient ID and issuer (the catalog's
 * patient row), newest first. A facility user sees only its own facility's priors until a
 * result-sharing policy says more.
 */
public final class Priors {

    /** One earlier (or later) study of the patient, with its reading task and, once reports exist, its report. */
    public record Prior(String studyInstanceUid, LocalDate studyDate, String studyTime, String studyDescription,
                        String accessionNumber, String facilityId, List<String> modalities, Instant firstReceivedAt,
                        Long taskId, TaskState taskState, ServiceLine serviceLine, Object report) {
    }

    private final JdbcClient jdbc;

    public Priors(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public List<Prior> of(String studyUid, Caller caller) {
        List<Object[]> rows = new ArrayList<>();
        jdbc.sql("""
                        SELECT s.id, s.study_uid, s.study_date, s.study_time, s.description, s.accession_number, s.facility_id,
                            s.first_received_at, t.id, t.state, t.service_line
                        FROM study s LEFT JOIN reading_task t ON t.study_uid = s.study_uid
                        WHERE s.patient_ref = (SELECT patient_ref FROM study WHERE study_uid = ?) AND s.study_uid <> ?
                        ORDER BY s.study_date DESC NULLS LAST, s.first_received_at DESC, s.id DESC""")
                .params(studyUid, studyUid)
                .query(rs -> {
                    Object task = rs.getObject(9);
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), Worklist.instant(rs, 8),
                            task == null ? null : ((Number) task).longValue(), rs.getString(10), rs.getString(11)});
                });
        if (caller.facilityScoped()) {
            rows.removeIf(r -> !caller.facilityId().equals(r[6]));
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, TreeSet<String>> modalities = new LinkedHashMap<>();
        jdbc.sql("SELECT study_ref, modality FROM series WHERE modality IS NOT NULL AND study_ref IN (:ids)")
                .param("ids", rows.stream().map(r -> r[0]).toList())
                .query(rs -> {
                    modalities.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
                });
        List<Prior> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Prior((String) r[1], (LocalDate) r[2], (String) r[3], (String) r[4], (String) r[5], (String) r[6],
                    List.copyOf(modalities.getOrDefault((Long) r[0], new TreeSet<>())), (Instant) r[7], (Long) r[8],
                    r[9] == null ? null : TaskState.valueOf((String) r[9]), r[10] == null ? null : ServiceLine.valueOf((String) r[10]),
                    null));
        }
        return out;
    }
}
