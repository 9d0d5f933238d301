package org.rdc.storage.catalog;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

class H2CatalogTest extends CatalogContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.h2InMemory();
    }
}
