package org.rdc.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.catalog.RecordOutcome;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolConfig;
import org.rdc.storage.spool.SpoolMover;
import org.rdc.storage.spool.SpoolWriter;

/** Work that must follow a stored instance is recorded before the store returns, again for an instance the spool replays. */
class FollowUpTest {

    @TempDir
    Path dir;

    @Test
    void aFollowUpRunsBeforeCommitReturnsAndItsFailureFailsTheStore() {
        try (StorageFixture storage = new StorageFixture(dir)) {
            List<String> recorded = new CopyOnWriteArrayList<>();
            storage.store.addFollowUp((a, outcome) -> {
                if (a.instanceNumber() == 3) {
                    throw new IllegalStateException("database gone");
                }
                recorded.add(a.sopInstanceUid() + " " + outcome);
            });
            InstanceAttributes first = StorageFixture.dx("1.2.826.0.1.3680043.10.9", 1);
            StoredInstance s = storage.store.store(first, new ByteArrayInputStream(new byte[] {1, 2}));
            assertThat(recorded).containsExactly(first.sopInstanceUid() + " NEW");
            storage.store.store(first, new ByteArrayInputStream(new byte[] {1, 2}));
            assertThat(recorded).as("a duplicate too: the first store's follow-up may have failed").hasSize(2)
                    .last().isEqualTo(first.sopInstanceUid() + " DUPLICATE");
            assertThatThrownBy(() -> storage.store.store(StorageFixture.dx("1.2.826.0.1.3680043.10.9", 3),
                    new ByteArrayInputStream(new byte[] {3})))
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.UNAVAILABLE))
                    .hasMessageContaining("database gone");
            assertThat(s.outcome()).isEqualTo(RecordOutcome.NEW);
        }
    }

    @Test
    void anInstanceTheSpoolReplaysAfterACrashGetsItsFollowUp() {
        EmbeddedS3 s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start();
        try {
            MinioObjectStore objects = new MinioObjectStore(s3.config(StorageFixture.BUCKET));
            objects.ensureBucket();
            JdbcDataSource db = TestDatabases.h2DataDir(dir);
            InstanceAttributes a = StorageFixture.dx("1.2.826.0.1.3680043.10.10", 1);
            // a process that died between the spool's fsync and the catalog insert
            Spool crashed = Spool.open(SpoolConfig.defaults(dir.resolve("spool")).withMinFreeBytes(0));
            SpoolWriter w = crashed.newWriter();
            w.write("instance bytes".getBytes(StandardCharsets.US_ASCII), 0, 14);
            w.commit(a::objectKey, a.toBytes());
            crashed.close();

            Catalog.migrate(db);
            Catalog catalog = new Catalog(db, Clock.systemUTC());
            Spool spool = Spool.open(SpoolConfig.defaults(dir.resolve("spool")).withMinFreeBytes(0));
            SpoolMover mover = new SpoolMover(spool, objects, InstanceStore.destination(catalog), 1, Duration.ofMillis(200),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            List<String> recorded = new CopyOnWriteArrayList<>();
            try (InstanceStore restarted = new InstanceStore(spool, objects, catalog, mover)) {
                restarted.addFollowUp((attributes, outcome) -> recorded.add(attributes.sopInstanceUid()));
                restarted.start();
                assertThat(restarted.locate(a.sopInstanceUid())).isPresent();
            }
            assertThat(recorded).containsExactly(a.sopInstanceUid());
        } finally {
            s3.stop();
        }
    }
}
