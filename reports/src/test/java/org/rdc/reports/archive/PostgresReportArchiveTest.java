package org.rdc.reports.archive;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

/** The same suite on PostgreSQL; runs where -Drdc.test.postgres or RDC_TEST_POSTGRES names a server (CI installs one). */
class PostgresReportArchiveTest extends ReportArchiveContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.freshPostgres();
    }
}
