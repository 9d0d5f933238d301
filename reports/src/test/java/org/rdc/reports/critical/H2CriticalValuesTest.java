package org.rdc.reports.critical;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

class H2CriticalValuesTest extends CriticalValuesContract {

    @Override
    protected DataSource freshDatabase() {
        return TestDatabases.h2InMemory();
    }
}
