package org.rdc.workstation.worklist;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

/** The same tests on PostgreSQL; CI runs them with -Drdc.test.postgres=jdbc:postgresql://... */
class PostgresWorklistTest extends WorklistContract {

    @Override
    protected DataSource freshDatabase() {
        return TestDatabases.freshPostgres();
    }
}
