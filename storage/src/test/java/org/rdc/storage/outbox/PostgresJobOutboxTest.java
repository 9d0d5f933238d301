package org.rdc.storage.outbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

/** The same suite on PostgreSQL; runs where -Drdc.test.postgres names a server (CI installs one). */
class PostgresJobOutboxTest extends JobOutboxContract {

    @Override
    DataSource dataSource() {
        assumeTrue(TestDatabases.postgresUrl().isPresent(), "no PostgreSQL here: set -Drdc.test.postgres=jdbc:postgresql://...");
        return TestDatabases.freshPostgres(TestDatabases.postgresUrl().get());
    }
}
