package org.rdc.reports.critical;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

/** The same tests on PostgreSQL; CI runs them with -Drdc.test.postgres=jdbc:postgresql://... */
class PostgresCriticalValuesTest extends CriticalValuesContract {

    @Override
    protected DataSource freshDatabase() {
        return TestDatabases.freshPostgres();
    }
}
