package org.rdc.storage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectStore;
import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolConfig;
import org.rdc.storage.spool.SpoolMover;

/**
 * A complete storage stack for tests: real S3 server (S3Proxy), real database (H2), real spool on
 * disk. Other modules' tests use it through the storage test-jar.
 */
public final class StorageFixture implements AutoCloseable {

    public static final String BUCKET = "rdc-test";

    public final EmbeddedS3 s3;
    public final MinioObjectStore objectStore;
    public final DataSource dataSource;
    public final Catalog catalog;
    public final InstanceStore store;
    public final org.rdc.storage.outbox.JobOutbox jobs;

    public StorageFixture(Path dir) {
        this(dir, () -> Long.MAX_VALUE, 1L << 20);
    }

    public StorageFixture(Path dir, LongSupplier freeBytes, long minFreeBytes) {
        s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start();
        objectStore = new MinioObjectStore(s3.config(BUCKET));
        objectStore.ensureBucket();
        dataSource = TestDatabases.h2InMemory();
        Catalog.migrate(dataSource);
        catalog = new Catalog(dataSource, Clock.systemUTC());
        Spool spool = Spool.open(SpoolConfig.defaults(dir.resolve("spool")).withMinFreeBytes(minFreeBytes), freeBytes);
        SpoolMover mover = new SpoolMover(spool, objectStore, InstanceStore.destination(catalog), 2,
                Duration.ofMillis(300), new SimpleMeterRegistry());
        store = new InstanceStore(spool, objectStore, catalog, mover);
        store.start();
        jobs = new org.rdc.storage.outbox.JobOutbox(dataSource, Clock.systemUTC());
    }

    /**
     * The storage stack over a data directory as the application wires it (catalog in {@code db},
     * spool under {@code data/spool}, two mover threads uploading at once), started: it resumes
     * whatever an earlier process left in the spool. For child processes and their restarts.
     */
    public static InstanceStore openDataDir(Path data, DataSource db, ObjectStore objectStore) {
        Catalog.migrate(db);
        Catalog catalog = new Catalog(db, Clock.systemUTC());
        Spool spool = Spool.open(SpoolConfig.defaults(data.resolve("spool")).withMinFreeBytes(0));
        SpoolMover mover = new SpoolMover(spool, objectStore, InstanceStore.destination(catalog), 2, Duration.ofMillis(200),
                new SimpleMeterRegistry());
        InstanceStore store = new InstanceStore(spool, objectStore, catalog, mover);
        store.start();
        return store;
    }

    /** Attributes of a DX instance; {@code n} makes the UIDs unique. */
    public static InstanceAttributes dx(String study, int n) {
        return new InstanceAttributes("P" + study.hashCode(), null, "张^三", "M", LocalDate.of(1970, 1, 1),
                study, "A" + n, LocalDate.of(2026, 11, 23), "101500", "胸部", study + ".1", "DX", "CHEST", 1, null,
                "1.2.840.10008.5.1.4.1.1.1.1", study + ".1." + n, n, "1.2.840.10008.1.2.1", "demo", "DEMO_DR", null);
    }

    @Override
    public void close() {
        store.close();
        s3.stop();
    }
}
