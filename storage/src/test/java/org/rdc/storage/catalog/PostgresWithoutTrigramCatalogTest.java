package org.rdc.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.rdc.storage.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole suite on a PostgreSQL where pg_trgm cannot be created: the migration (V2026_12_04_0600)
 * must go on without trigram indexes and every search answer the same. The database is migrated up to
 * V2026_12_03_0102 (the name groups it indexes), then the creation is made to fail the way a real server refuses it, with an
 * error from CREATE EXTENSION (here: one of its functions already exists; a test user cannot take away
 * its own privilege to create it), then migrated on: an existing centre upgraded.
 */
class PostgresWithoutTrigramCatalogTest extends CatalogContract {

    @Override
    DataSource dataSource() {
        DataSource ds = TestDatabases.freshPostgres();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").outOfOrder(true).target("2026.12.03.0102").load().migrate();
        JdbcClient.create(ds).sql("CREATE FUNCTION public.show_trgm(text) RETURNS text[] LANGUAGE sql AS 'SELECT ARRAY[]::text[]'")
                .update();
        return ds;
    }

    @Test
    void withoutPgTrgmTheStudyNameGroupsHavePrefixIndexesOnly() {
        assertThat(JdbcClient.create(db).sql("SELECT COUNT(*) FROM pg_extension WHERE extname = 'pg_trgm'").query(Long.class).single())
                .isZero();
        assertThat(PostgresCatalogTest.studyNameIndexes(db)).hasSize(3).allMatch(i -> i.contains("varchar_pattern_ops"));
    }

    /** Not here: that test migrates an older schema of its own, which this class's database is already past. */
    @Override
    void aPatientSharedByTwoFacilitiesBeforeTheUpgradeBecomesTwoPatients() {
    }
}
