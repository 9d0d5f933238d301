package org.rdc.storage.catalog;

import javax.sql.DataSource;
import org.rdc.storage.TestDatabases;

/** The same suite on PostgreSQL; runs where -Drdc.test.postgres or RDC_TEST_POSTGRES names a server (CI installs one). */
class PostgresCatalogTest extends CatalogContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.freshPostgres();
    }
}
