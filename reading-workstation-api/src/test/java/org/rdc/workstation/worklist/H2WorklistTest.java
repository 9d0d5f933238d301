package org.rdc.workstation.worklist;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

class H2WorklistTest extends WorklistContract {

    @Override
    protected DataSource freshDatabase() {
        return TestDatabases.h2InMemory();
    }
}
