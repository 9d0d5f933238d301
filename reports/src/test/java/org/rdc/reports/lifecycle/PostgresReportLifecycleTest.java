package org.rdc.reports.lifecycle;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

/** The same tests on PostgreSQL; CI runs them with -Drdc.test.postgres=jdbc:postgresql://... */
class PostgresReportLifecycleTest extends ReportLifecycleContract {

    @Override
    protected DataSource freshDatabase() {
        return TestDatabases.freshPostgres();
    }
}
