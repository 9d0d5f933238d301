package org.rdc.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.catalog.AttachmentAttributes;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.EmbeddedDatabase;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.catalog.Location;
import org.rdc.storage.catalog.RecordOutcome;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectInfo;
import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolConfig;
import org.rdc.storage.spool.SpoolEntry;
import org.rdc.storage.spool.SpoolMover;
import org.rdc.storage.spool.SpoolWriter;

class InstanceStoreTest {

    @TempDir
    Path dir;

    private static String read(InstanceStore store, String sop) throws Exception {
        try (InputStream in = store.open(sop)) {
            return TestStreams.drain(in);
        }
    }

    @Test
    void storedInstanceIsReadableFromTheSpoolThenFromTheObjectStore() throws Exception {
        try (StorageFixture f = new StorageFixture(dir)) {
            InstanceAttributes a = StorageFixture.dx("1.2.826.1", 1);
            StoredInstance s = f.store.store(a, TestStreams.content(1, 700_000));

            assertThat(s.outcome()).isEqualTo(RecordOutcome.NEW);
            assertThat(s.sha256()).isEqualTo(TestStreams.sha256(1, 700_000));
            assertThat(read(f.store, a.sopInstanceUid())).isEqualTo(s.sha256());

            assertThat(f.store.mover().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(f.store.locate(a.sopInstanceUid()).orElseThrow().location()).isEqualTo(Location.OBJECT_STORE);
            assertThat(f.store.spool().pending()).isEmpty();
            assertThat(f.objectStore.stat(s.objectKey())).map(ObjectInfo::sha256Hex).contains(s.sha256());
            assertThat(read(f.store, a.sopInstanceUid())).isEqualTo(s.sha256());
        }
    }

    @Test
    void aRangeOfAnInstanceIsReadWhereverItIsWithoutReadingWhatComesBefore() throws Exception {
        try (StorageFixture f = new StorageFixture(dir)) {
            f.s3.stop();  // kept in the spool until it is back
            InstanceAttributes a = StorageFixture.dx("1.2.826.20", 1);
            int size = 700_000;
            byte[] all = TestStreams.content(31, size).readAllBytes();
            f.store.store(a, new java.io.ByteArrayInputStream(all));
            StoredObject inSpool = f.store.locate(a.sopInstanceUid()).orElseThrow();
            assertThat(inSpool.location()).isEqualTo(Location.SPOOL);
            assertRanges(f.store, inSpool, all);

            f.s3.start();
            assertThat(f.store.mover().awaitIdle(Duration.ofSeconds(30))).isTrue();
            StoredObject uploaded = f.store.locate(a.sopInstanceUid()).orElseThrow();
            assertThat(uploaded.location()).isEqualTo(Location.OBJECT_STORE);
            assertThat(f.store.spool().pending()).isEmpty();
            assertRanges(f.store, uploaded, all);
        }
    }

    /** Ranges at the start, across the spool's 256 KiB chunks, and past the end. */
    private static void assertRanges(InstanceStore store, StoredObject o, byte[] all) throws Exception {
        int chunk = SpoolConfig.DEFAULT_CHUNK_BYTES;
        for (int[] r : new int[][] {{0, 10}, {chunk - 5, 10}, {chunk - 1, chunk + 2}, {all.length - 3, 100}}) {
            try (InputStream in = store.openRange(o, r[0], r[1])) {
                assertThat(in.readAllBytes()).as("%d bytes at %d", r[1], r[0])
                        .isEqualTo(java.util.Arrays.copyOfRange(all, r[0], Math.min(all.length, r[0] + r[1])));
            }
        }
    }

    @Test
    void sameBytesTwiceAreStoredOnceAndNewBytesKeepTheOldVersion() throws Exception {
        try (StorageFixture f = new StorageFixture(dir)) {
            InstanceAttributes a = StorageFixture.dx("1.2.826.2", 1);
            StoredInstance first = f.store.store(a, TestStreams.content(2, 50_000));
            StoredInstance again = f.store.store(a, TestStreams.content(2, 50_000));
            assertThat(again.outcome()).isEqualTo(RecordOutcome.DUPLICATE);
            assertThat(again.objectKey()).isEqualTo(first.objectKey());
            // The duplicate's spool copy is gone at once; the original still reads.
            assertThat(read(f.store, a.sopInstanceUid())).isEqualTo(first.sha256());

            StoredInstance changed = f.store.store(a, TestStreams.content(3, 60_000));
            assertThat(changed.outcome()).isEqualTo(RecordOutcome.NEW_VERSION);
            assertThat(read(f.store, a.sopInstanceUid())).isEqualTo(changed.sha256());

            assertThat(f.store.mover().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(f.objectStore.list("dicom/1.2.826.2/")).extracting(ObjectInfo::key)
                    .containsExactlyInAnyOrder(first.objectKey(), changed.objectKey());
            assertThat(f.catalog.locationOfKey(first.objectKey())).contains(Location.OBJECT_STORE);
            assertThat(f.catalog.study("1.2.826.2").orElseThrow().series().get(0).instances().get(0).earlierVersions()).isEqualTo(1);
        }
    }

    @Test
    void writesGoOnWhileTheObjectStoreIsDownAndAreUploadedWhenItReturns() throws Exception {
        try (StorageFixture f = new StorageFixture(dir)) {
            f.s3.stop();
            List<StoredInstance> stored = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                stored.add(f.store.store(StorageFixture.dx("1.2.826.3", i), TestStreams.content(100 + i, 200_000 + i)));
            }
            Thread.sleep(500);
            assertThat(f.store.mover().consecutiveFailures()).isPositive();
            for (StoredInstance s : stored) {
                assertThat(f.store.locate(s.sopInstanceUid()).orElseThrow().location()).isEqualTo(Location.SPOOL);
                assertThat(read(f.store, s.sopInstanceUid())).isEqualTo(s.sha256());
            }
            assertThat(f.catalog.study("1.2.826.3").orElseThrow().study().status()).isEqualTo("IN_SPOOL");

            f.s3.start();
            assertThat(f.store.mover().awaitIdle(Duration.ofSeconds(60))).isTrue();
            for (StoredInstance s : stored) {
                assertThat(f.store.locate(s.sopInstanceUid()).orElseThrow().location()).isEqualTo(Location.OBJECT_STORE);
                assertThat(f.objectStore.stat(s.objectKey())).map(ObjectInfo::size).contains(s.size());
                assertThat(read(f.store, s.sopInstanceUid())).isEqualTo(s.sha256());
            }
            assertThat(f.store.spool().pending()).isEmpty();
            assertThat(f.catalog.study("1.2.826.3").orElseThrow().study().status()).isEqualTo("STORED");
        }
    }

    @Test
    void withTheStoreDownAndTheDiskAtItsWatermarkWritesFailClearlyAndNothingStoredIsLost() throws Exception {
        AtomicLong free = new AtomicLong(100L << 30);
        try (StorageFixture f = new StorageFixture(dir, free::get, 2L << 30)) {
            f.s3.stop();
            StoredInstance kept = f.store.store(StorageFixture.dx("1.2.826.4", 1), TestStreams.content(7, 300_000));

            free.set(1L << 30);
            assertThatThrownBy(() -> f.store.store(StorageFixture.dx("1.2.826.4", 2), TestStreams.content(8, 300_000)))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("out of resources")
                    .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.OUT_OF_RESOURCES));
            assertThat(f.store.locate(StorageFixture.dx("1.2.826.4", 2).sopInstanceUid())).isEmpty();

            f.s3.start();
            assertThat(f.store.mover().awaitIdle(Duration.ofSeconds(60))).isTrue();
            assertThat(f.store.locate(kept.sopInstanceUid()).orElseThrow().location()).isEqualTo(Location.OBJECT_STORE);
            assertThat(read(f.store, kept.sopInstanceUid())).isEqualTo(kept.sha256());
        }
    }

    @Test
    void attachmentsAreStoredLikeInstancesAndSurviveARestart() throws Exception {
        AttachmentAttributes scp = new AttachmentAttributes(
                "1.2.826.6", "ECG_ORIGINAL", "cart.scp", "application/octet-stream", "demo");
        try (StorageFixture f = new StorageFixture(dir)) {
            StoredAttachment first = f.store.storeAttachment(scp, TestStreams.content(21, 40_000));
            assertThat(first.added()).isTrue();
            assertThat(f.store.storeAttachment(scp, TestStreams.content(21, 40_000)).added()).as("same upload again").isFalse();
            try (InputStream in = f.store.openAttachment("1.2.826.6", "ECG_ORIGINAL", first.sha256())) {
                assertThat(TestStreams.drain(in)).isEqualTo(first.sha256());
            }
            assertThat(f.store.mover().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(f.catalog.attachments("1.2.826.6", null)).singleElement()
                    .satisfies(a -> assertThat(a.location()).isEqualTo(Location.OBJECT_STORE));
            try (InputStream in = f.store.openAttachment("1.2.826.6", "ECG_ORIGINAL", first.sha256())) {
                assertThat(TestStreams.drain(in)).isEqualTo(first.sha256());
            }

            // Stored while the object store is down, then the process stops: the restart finds it in the spool.
            f.s3.stop();
            AttachmentAttributes png = new AttachmentAttributes(
                    "1.2.826.6", "ECG_RENDER", "3x4.png", "image/png", "demo");
            StoredAttachment pending = f.store.storeAttachment(png, TestStreams.content(22, 90_000));
            f.store.close();
            Spool spool = Spool.open(
                    SpoolConfig.defaults(dir.resolve("spool")).withMinFreeBytes(0));
            SpoolMover mover = new SpoolMover(spool, f.objectStore,
                    InstanceStore.destination(f.catalog), 1, Duration.ofMillis(200), new SimpleMeterRegistry());
            try (InstanceStore restarted = new InstanceStore(spool, f.objectStore, f.catalog, mover)) {
                restarted.start();
                f.s3.start();
                assertThat(mover.awaitIdle(Duration.ofSeconds(30))).isTrue();
                assertThat(f.catalog.attachments("1.2.826.6", "ECG_RENDER")).singleElement()
                        .satisfies(a -> assertThat(a.location()).isEqualTo(Location.OBJECT_STORE));
                try (InputStream in = restarted.openAttachment("1.2.826.6", "ECG_RENDER", pending.sha256())) {
                    assertThat(TestStreams.drain(in)).isEqualTo(pending.sha256());
                }
            }
        }
    }

    @Test
    void aSpoolEntryTheCatalogRefusesOnReplayIsReleasedAndTheRestStarts() throws Exception {
        try (StorageFixture f = new StorageFixture(dir)) {
            f.store.store(StorageFixture.dx("1.2.826.8", 1), TestStreams.content(81, 30_000));
            f.store.close();
            // Cut off between the spool's fsync and the catalog insert: another facility's instance in demo's
            // study, then one of demo's own.
            InstanceAttributes foreign = ofFacility(StorageFixture.dx("1.2.826.8", 2), "other", "OTHER_DR");
            InstanceAttributes own = StorageFixture.dx("1.2.826.8", 3);
            try (Spool crashed = Spool.open(SpoolConfig.defaults(dir.resolve("spool")).withMinFreeBytes(0))) {
                for (InstanceAttributes a : List.of(foreign, own)) {
                    try (SpoolWriter w = crashed.newWriter()) {
                        TestStreams.content(a.instanceNumber() + 80, 30_000).transferTo(w);
                        w.commit(a::objectKey, a.toBytes());
                    }
                }
            }
            Spool spool = Spool.open(SpoolConfig.defaults(dir.resolve("spool")).withMinFreeBytes(0));
            SpoolMover mover = new SpoolMover(spool, f.objectStore,
                    InstanceStore.destination(f.catalog), 1, Duration.ofMillis(200), new SimpleMeterRegistry());
            try (InstanceStore restarted = new InstanceStore(spool, f.objectStore, f.catalog, mover)) {
                restarted.start();
                assertThat(mover.awaitIdle(Duration.ofSeconds(30))).isTrue();
                assertThat(restarted.locate(foreign.sopInstanceUid())).isEmpty();
                assertThat(restarted.locate(own.sopInstanceUid())).hasValueSatisfying(
                        o -> assertThat(o.location()).isEqualTo(Location.OBJECT_STORE));
                assertThat(spool.pending()).as("the refused entry is released, not left to resurface").isEmpty();
                var study = f.catalog.study("1.2.826.8").orElseThrow();
                assertThat(study.study().facilityId()).isEqualTo("demo");
                assertThat(study.study().instanceCount()).isEqualTo(2);
            }
        }
    }

    private static InstanceAttributes ofFacility(InstanceAttributes a, String facility, String ae) {
        return new InstanceAttributes(a.patientId(), a.issuerOfPatientId(), a.patientName(), a.patientSex(), a.patientBirthDate(),
                a.studyInstanceUid(), a.accessionNumber(), a.studyDate(), a.studyTime(), a.studyDescription(),
                a.seriesInstanceUid(), a.modality(), a.bodyPartExamined(), a.seriesNumber(), a.seriesDescription(),
                a.sopClassUid(), a.sopInstanceUid(), a.instanceNumber(), a.transferSyntaxUid(), facility, ae,
                a.requestedPriority());
    }

    @Test
    void theSpoolCopyGoesOnlyOnceTheCatalogIsOnDisk() throws Exception {
        // The embedded database as the application opens it: an H2 file, which does not fsync its commits.
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(EmbeddedDatabase.h2Url(dir));
        Catalog.migrate(ds);
        Catalog catalog = new Catalog(ds, Clock.systemUTC());
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedS3 s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start()) {
            MinioObjectStore objects = new MinioObjectStore(s3.config("durable"));
            objects.ensureBucket();
            Spool spool = Spool.open(
                    SpoolConfig.defaults(dir.resolve("spool")).withMinFreeBytes(0));
            SpoolMover.Destination catalogDestination = InstanceStore.destination(catalog);
            Set<SpoolEntry> notYetDurable = ConcurrentHashMap.newKeySet();
            SpoolMover.Destination recording = new SpoolMover.Destination() {
                @Override
                public void uploaded(SpoolEntry entry) {
                    catalogDestination.uploaded(entry);
                    notYetDurable.add(entry);
                    events.add("uploaded");
                }

                @Override
                public void durable() {
                    for (SpoolEntry e : notYetDurable) {
                        assertThat(spool.contains(e.id())).as("the spool copy is kept until the catalog is on disk").isTrue();
                    }
                    catalogDestination.durable();  // CHECKPOINT SYNC on the H2 file
                    notYetDurable.clear();
                    events.add("durable");
                }
            };
            SpoolMover mover = new SpoolMover(spool, objects, recording, 1,
                    Duration.ofMillis(200), new SimpleMeterRegistry());
            try (InstanceStore store = new InstanceStore(spool, objects, catalog, mover)) {
                store.start();
                for (int n = 1; n <= 3; n++) {
                    store.store(StorageFixture.dx("1.2.826.7", n), TestStreams.content(70 + n, 200_000));
                }
                assertThat(mover.awaitIdle(Duration.ofSeconds(30))).isTrue();
                assertThat(mover.consecutiveFailures()).isZero();
                assertThat(spool.pending()).isEmpty();
                assertThat(events).containsExactly("uploaded", "durable", "uploaded", "durable", "uploaded", "durable");
                for (int n = 1; n <= 3; n++) {
                    assertThat(catalog.locate("1.2.826.7.1." + n)).hasValueSatisfying(
                            o -> assertThat(o.location()).isEqualTo(Location.OBJECT_STORE));
                }
            }
        }
    }

    @Test
    void abortedWriteLeavesNothingBehind() throws Exception {
        try (StorageFixture f = new StorageFixture(dir)) {
            InstanceAttributes a = StorageFixture.dx("1.2.826.5", 1);
            try (InstanceStore.Incoming in = f.store.begin()) {
                in.write(new byte[500_000]);
                // closed without commit: an aborted association
            }
            assertThat(f.store.locate(a.sopInstanceUid())).isEmpty();
            assertThat(f.store.spool().pending()).isEmpty();
            assertThatThrownBy(() -> f.store.open(a.sopInstanceUid())).isInstanceOf(StorageException.class)
                    .hasMessageContaining("no instance " + a.sopInstanceUid());
        }
    }
}
