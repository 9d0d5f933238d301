package org.rdc.storage.outbox;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

class H2JobOutboxTest extends JobOutboxContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.h2InMemory();
    }
}
