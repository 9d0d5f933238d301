package org.rdc.gateway.registry;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

class H2RegistryTest extends RegistryContract {
    @Override
    DataSource dataSource() {
        return TestDatabases.h2InMemory();
    }
}
