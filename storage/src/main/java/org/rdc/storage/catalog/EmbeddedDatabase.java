package org.rdc.storage.catalog;

import java.nio.file.Path;

/** The quick-start catalog database: an H2 file under the data directory. */
public final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    /**
     * WRITE_DELAY=0 makes H2 write each commit to the file at once instead of up to 500 ms later,
     * so a catalog row that an acknowledgement depends on survives a killed process. H2 does not
     * fsync commits: surviving a power cut is {@link Catalog#flushToDisk}'s job.
     * DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database at the start of a
     * SIGTERM, under the C-STOREs and uploads the graceful shutdown lets finish; the connection pool
     * closes it last instead.
     */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db").resolve("catalog") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }
}
