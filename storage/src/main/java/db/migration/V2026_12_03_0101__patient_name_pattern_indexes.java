package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Person Name keys with a trailing wildcard (wang*, 王^小*) are LIKE prefixes. H2 answers them from the
 * ordinary indexes of V2026_12_03_0100; PostgreSQL does so only under the C collation, so there each
 * name group also gets an index in code point order (varchar_pattern_ops), whatever the database's
 * collation. A Java migration because the operator class is PostgreSQL's own syntax.
 */
public class V2026_12_03_0101__patient_name_pattern_indexes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String group : new String[] {"alphabetic", "ideographic", "phonetic"}) {
                s.execute("CREATE INDEX ix_patient_name_" + group + "_prefix ON patient (name_" + group + " varchar_pattern_ops)");
            }
        }
    }
}
