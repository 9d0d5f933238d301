package org.rdc.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rdc.storage.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The same suite on PostgreSQL; runs where -Drdc.test.postgres or RDC_TEST_POSTGRES names a server (CI installs one). */
class PostgresCatalogTest extends CatalogContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.freshPostgres();
    }

    /** Study name indexes (V2026_12_04_0600) as "name: definition". */
    static List<String> studyNameIndexes(DataSource db) {
        return JdbcClient.create(db).sql("""
                SELECT indexname || ': ' || indexdef FROM pg_indexes
                WHERE tablename = 'study' AND indexname LIKE 'ix_study_name%' ORDER BY indexname""").query(String.class).list();
    }

    @Test
    void theStudyNameGroupsHavePrefixAndTrigramIndexes() {
        assertThat(JdbcClient.create(db).sql("SELECT COUNT(*) FROM pg_extension WHERE extname = 'pg_trgm'").query(Long.class).single())
                .as("the database owner may create the trusted extension").isEqualTo(1);
        List<String> indexes = studyNameIndexes(db);
        assertThat(indexes).hasSize(6);
        assertThat(indexes).filteredOn(i -> i.contains("varchar_pattern_ops")).hasSize(3);
        assertThat(indexes).filteredOn(i -> i.contains("USING gin") && i.contains("gin_trgm_ops")).hasSize(3)
                .anyMatch(i -> i.startsWith("ix_study_name_phonetic_trgm: "));
    }

    /** A leading wildcard over many studies is answered from the trigram index, not by reading every study. */
    @Test
    void aLeadingWildcardIsAnsweredFromTheTrigramIndex() throws Exception {
        JdbcClient sql = JdbcClient.create(db);
        record(searched("zhushan", "Q9", "Zhao^Xiulan=赵^秀兰", "1.6.1", "1.6.1.1", "1.6.1.1.1", "CR",
                java.time.LocalDate.of(2026, 11, 20), "083000", CR, "A900"));
        sql.sql("""
                INSERT INTO study (study_uid, patient_ref, study_date, facility_id, first_received_at, last_received_at, name_alphabetic)
                SELECT '1.6.2.' || g, (SELECT MIN(id) FROM patient), DATE '2020-01-01' + g % 2000, 'zhushan',
                    CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'li^wei' || g FROM generate_series(1, 20000) g""").update();
        sql.sql("ANALYZE study").update();
        // the planner's choice on 20k rows may be a sequential scan; whether the index can answer it is the question
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            try (ResultSet rs = st.executeQuery("""
                    EXPLAIN SELECT s.id FROM study s WHERE (s.name_alphabetic LIKE '%xiulan' OR s.name_ideographic LIKE '%xiulan'
                        OR s.name_phonetic LIKE '%xiulan') ORDER BY s.study_date DESC, s.id DESC LIMIT 101""")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        assertThat(plan).contains("_trgm");
        assertThat(catalog.searchStudies(CatalogScope.alliance(), MatchKeys.builder().patientName("*xiulan").build()).matches())
                .extracting(StudyMatch::studyInstanceUid).containsExactly("1.6.1");
    }
}
