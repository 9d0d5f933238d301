package org.rdc.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rdc.storage.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

class H2CatalogTest extends CatalogContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.h2InMemory();
    }

    /** H2 has no trigram indexes (V2026_12_04_0600): plain ones per name group; wildcard searches still match (nameMatches). */
    @Test
    void onH2TheStudyNameGroupsHavePlainIndexes() {
        assertThat(JdbcClient.create(db).sql("""
                SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'STUDY' AND INDEX_NAME LIKE 'IX_STUDY_NAME%'
                ORDER BY INDEX_NAME""").query(String.class).list())
                .containsExactly("IX_STUDY_NAME_ALPHABETIC", "IX_STUDY_NAME_IDEOGRAPHIC", "IX_STUDY_NAME_PHONETIC");
    }
}
