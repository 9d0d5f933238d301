package org.rdc.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.rdc.test.Requires;

/** The two databases the catalog must work on. PostgreSQL only where CI provides one. */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static DataSource h2InMemory() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    /** The H2 file database under a data directory, as the application opens it. */
    public static JdbcDataSource h2DataDir(java.nio.file.Path dataDir) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(org.rdc.storage.catalog.EmbeddedDatabase.h2Url(dataDir));
        ds.setUser("sa");
        return ds;
    }

    /** The JDBC URL from {@code -Drdc.test.postgres=...} or {@code $RDC_TEST_POSTGRES}, or empty when no PostgreSQL is configured. */
    public static Optional<String> postgresUrl() {
        return Requires.postgresUrl();
    }

    /** A PostgreSQL database emptied for this test class; without one the test is skipped (fails with CI=true). */
    public static DataSource freshPostgres() {
        return freshPostgres(Requires.postgres());
    }

    /** A PostgreSQL database emptied for this test class. */
    public static DataSource freshPostgres(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the PostgreSQL test database at " + url + ": " + e.getMessage(), e);
        }
        return ds;
    }
}
