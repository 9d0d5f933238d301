package org.rdc.workstation.worklist;

import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.rdc.storage.TestDatabases;

/** The same tests on PostgreSQL; CI runs them with -Drdc.test.postgres=jdbc:postgresql://... */
class PostgresWorklistTest extends WorklistContract {

    @Override
    protected DataSource freshDatabase() {
        var url = TestDatabases.postgresUrl();
        Assumptions.assumeTrue(url.isPresent(), "no PostgreSQL: set -Drdc.test.postgres=jdbc:postgresql://...");
        return TestDatabases.freshPostgres(url.get());
    }
}
