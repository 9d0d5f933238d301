package org.rdc.reports.lifecycle;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

class H2ReportLifecycleTest extends ReportLifecycleContract {

    @Override
    protected DataSource freshDatabase() {
        return TestDatabases.h2InMemory();
    }
}
