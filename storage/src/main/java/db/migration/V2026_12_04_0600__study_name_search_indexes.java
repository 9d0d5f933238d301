package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Person Name key is matched on the study's own copy of the name groups (V2026_12_03_0102), so
 * that one index scan of the study table answers it, whatever the key (Catalog.studyKeys).
 *
 * <ul>
 * <li>Everywhere: an index per group for equality and prefixes ({@code wang*}, {@code 王^小*}); on
 * PostgreSQL in code point order ({@code varchar_pattern_ops}), which LIKE prefixes need under any
 * collation but C.
 * <li>On PostgreSQL, where the {@code pg_trgm} extension is installed or can be (it is a trusted
 * extension since PostgreSQL 13: the database owner may create it), a trigram GIN index per group for
 * keys with a leading or inner wildcard ({@code *xiaodong}, {@code wang*dong}). Where it cannot be
 * created (not shipped, or no privilege), the migration says so in the log and goes on: those keys
 * are then answered by walking the studies, correctly but slower.
 * </ul>
 */
public class V2026_12_04_0600__study_name_search_indexes extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V2026_12_04_0600__study_name_search_indexes.class);
    private static final String[] GROUPS = {"alphabetic", "ideographic", "phonetic"};

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        try (Statement s = c.createStatement()) {
            for (String g : GROUPS) {
                s.execute("CREATE INDEX ix_study_name_" + g + " ON study (name_" + g + (postgres ? " varchar_pattern_ops)" : ")"));
            }
            if (!postgres) {
                return;
            }
            String schema = trigramSchema(c);
            if (schema == null) {
                return;
            }
            for (String g : GROUPS) {
                s.execute("CREATE INDEX ix_study_name_" + g + "_trgm ON study USING gin (name_" + g + " \"" + schema
                        + "\".gin_trgm_ops)");
            }
        }
    }

    /** The schema holding pg_trgm, after creating it if need be; null when it is not there and cannot be created. */
    static String trigramSchema(Connection c) throws SQLException {
        String schema = installedIn(c);
        if (schema != null) {
            return schema;
        }
        Savepoint before = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_trgm");
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            c.rollback(before); // the failed statement must not abort the migration's transaction
            log.warn("No trigram indexes for Person Name keys with a leading or inner wildcard: pg_trgm cannot be created ({});"
                    + " those searches will walk the studies. A superuser may run CREATE EXTENSION pg_trgm and then"
                    + " create the indexes of V2026_12_04_0600 by hand.", e.getMessage());
            return null;
        }
        return installedIn(c);
    }

    private static String installedIn(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'pg_trgm'""")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
