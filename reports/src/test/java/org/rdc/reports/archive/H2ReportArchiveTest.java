package org.rdc.reports.archive;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

class H2ReportArchiveTest extends ReportArchiveContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.h2InMemory();
    }
}
