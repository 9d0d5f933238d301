package org.rdc.gateway.registry;

import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.rdc.storage.TestDatabases;

/** The registry's migration and SQL on PostgreSQL; runs where -Drdc.test.postgres is given (CI). */
class PostgresRegistryTest extends RegistryContract {
    @Override
    DataSource dataSource() {
        String url = TestDatabases.postgresUrl().orElse(null);
        Assumptions.assumeTrue(url != null, "no PostgreSQL (-Drdc.test.postgres=...): skipped");
        return TestDatabases.freshPostgres(url);
    }
}
