package org.rdc.gateway.registry;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

/** The registry's migration and SQL on PostgreSQL; runs where -Drdc.test.postgres is given (CI). */
class PostgresRegistryTest extends RegistryContract {
    @Override
    DataSource dataSource() {
        return TestDatabases.freshPostgres();
    }
}
