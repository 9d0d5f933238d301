package org.rdc.reports.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.reports.delivery.ArchivedPdfs;
import org.rdc.reports.pdf.ReportFont;
import org.rdc.reports.pdf.ReportPdf;
import org.rdc.reports.pdf.SampleReports;
import org.rdc.storage.MutableClock;
import org.rdc.storage.Sha256;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectInfo;
import org.rdc.storage.objectstore.ObjectLockMode;
import org.rdc.storage.objectstore.ObjectStore;
import org.rdc.test.Requires;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The archive against a real S3 server (S3Proxy in this process) and each database it must support. */
@Timeout(120)
abstract class ReportArchiveContract {

    static final String BUCKET = "rdc-reports";

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T02:31:00Z"));
    EmbeddedS3 s3;
    MinioObjectStore store;
    DataSource db;
    ReportArchive archive;

    abstract DataSource dataSource();

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start();
        store = new MinioObjectStore(s3.config(BUCKET));
        store.ensureBucket();
        db = dataSource();
        Catalog.migrate(db);
        archive = new ReportArchive(store, db, clock, ArchivePolicy.DEFAULT);
    }

    @AfterEach
    void stop() {
        s3.stop();
    }

    private static byte[] pdf;

    /** A rendered report (signing is rsign's part; to the archive a signed PDF is bytes like these). */
    static synchronized byte[] signedPdf() {
        if (pdf == null) {
            pdf = new ReportPdf(ReportFont.load(Requires.font(ReportFont.DEFAULT_PATH), null)).render(SampleReports.chestDr());
        }
        return pdf.clone();
    }

    long rows() {
        return JdbcClient.create(db).sql("SELECT COUNT(*) FROM report_archive_object").query(Long.class).single();
    }

    @Test
    void storesUnderItsDigestRecordsItAndReadsItBackVerified() {
        byte[] pdf = signedPdf();
        ArchivedObject o = archive.putPdf(pdf);
        String sha = Sha256.of(pdf);
        assertThat(o.key()).isEqualTo("reports/sha256/" + sha + ".pdf");
        assertThat(o.sha256Hex()).isEqualTo(sha);
        assertThat(o.size()).isEqualTo(pdf.length);
        assertThat(o.mediaType()).isEqualTo(ReportArchive.PDF);
        assertThat(o.storedAt()).isEqualTo(clock.instant());
        assertThat(archive.read(o)).isEqualTo(pdf);
        assertThat(archive.find(sha, ReportArchive.PDF)).contains(o);
        assertThat(store.stat(o.key())).map(ObjectInfo::size).contains((long) pdf.length);

        byte[] json = "{\"reportId\":\"rpt-2026-000117\",\"version\":1}".getBytes(StandardCharsets.UTF_8);
        ArchivedObject j = archive.putJson(json);
        assertThat(j.key()).isEqualTo("reports/sha256/" + Sha256.of(json) + ".json");
        assertThat(archive.read(j)).isEqualTo(json);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void theSameBytesAgainAreTheSameEntryAndNothingIsWritten() throws Exception {
        byte[] pdf = signedPdf();
        ArchivedObject first = archive.putPdf(pdf);
        Path file = objectFile(first.key());
        long modified = Files.getLastModifiedTime(file).toMillis();
        clock.advance(java.time.Duration.ofHours(1));
        Thread.sleep(20);
        ArchivedObject again = archive.putPdf(pdf.clone());
        assertThat(again).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        assertThat(store.list("reports/")).hasSize(1);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void otherBytesUnderTheKeyAreRefusedAndLeftAlone() throws Exception {
        byte[] pdf = signedPdf();
        String key = "reports/sha256/" + Sha256.of(pdf) + ".pdf";
        byte[] other = "%PDF-1.7 not the report".getBytes(StandardCharsets.US_ASCII);
        store.put(key, new ByteArrayInputStream(other), other.length, Sha256.of(other));

        assertThatThrownBy(() -> archive.putPdf(pdf)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CHECKSUM_MISMATCH));
        try (InputStream in = store.get(key, other.length, Sha256.of(other))) {
            assertThat(in.readAllBytes()).isEqualTo(other);
        }
        assertThat(rows()).isZero();
    }

    @Test
    void aChangedByteInTheStoreFailsTheRead() throws Exception {
        ArchivedObject o = archive.putPdf(signedPdf());
        Path file = objectFile(o.key());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> archive.read(o)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CHECKSUM_MISMATCH));
    }

    /** Delivery's reader of signed PDFs goes through the archive: by the recorded key, digest-checked. */
    @Test
    void deliveryReadsThroughTheArchiveWithItsDigestCheck() throws Exception {
        byte[] pdf = signedPdf();
        ArchivedObject o = archive.putPdf(pdf);
        ArchivedPdfs pdfs = new ArchivedPdfs(archive);
        assertThat(pdfs.read(o.key())).isEqualTo(pdf);
        assertThatThrownBy(() -> pdfs.read("reports/sha256/" + "0".repeat(64) + ".pdf")).isInstanceOf(IOException.class)
                .hasMessageContaining("no entry");
        Path file = objectFile(o.key());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 3] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> pdfs.read(o.key())).as("retried by delivery, never sent").isInstanceOf(IOException.class)
                .hasMessageContaining("does not match the recorded");
    }

    @Test
    void anObjectStoredButNotRecordedIsCheckedAndRecorded() {
        byte[] pdf = signedPdf();
        String sha = Sha256.of(pdf);
        // As if the process died between the upload and the insert.
        store.put("reports/sha256/" + sha + ".pdf", new ByteArrayInputStream(pdf), pdf.length, sha);
        ArchivedObject o = archive.putPdf(pdf);
        assertThat(archive.find(sha, ReportArchive.PDF)).contains(o);
        assertThat(store.list("reports/")).hasSize(1);
    }

    @Test
    void whatIsNotAPdfOrJsonObjectIsRefusedAndNothingStored() {
        assertThatThrownBy(() -> archive.putPdf("<html>".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThatThrownBy(() -> archive.putJson("[1]".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThat(store.list("reports/")).isEmpty();
        assertThat(rows()).isZero();
    }

    /** S3Proxy has no Object Lock: the archive sees that, locks nothing, and the object is untouched by the attempt. */
    @Test
    void theEmbeddedStoreHasNoObjectLockAndSaysSo() {
        assertThat(archive.objectLockEnabled()).isFalse();
        byte[] pdf = signedPdf();
        ArchivedObject o = archive.putPdf(pdf);
        assertThat(o.retainUntil()).isNull();
        assertThat(o.locked()).isFalse();
        assertThatThrownBy(() -> store.retain(o.key(), clock.instant().plusSeconds(60), ObjectLockMode.COMPLIANCE))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThat(store.retainedUntil(o.key())).isEmpty();
        assertThat(archive.read(o)).isEqualTo(pdf);
    }

    /**
     * Where the store has Object Lock (MinIO with a locked bucket; none runs here, so this store
     * claims it and records the calls the archive makes), each new object gets the policy's
     * retention once, recorded with it.
     */
    @Test
    void whereTheStoreHasObjectLockEachNewObjectIsRetained() {
        List<String> retained = new ArrayList<>();
        ObjectStore locking = new LockingStore(store, retained);
        ReportArchive locked = new ReportArchive(locking, db, clock, ArchivePolicy.DEFAULT);
        byte[] pdf = signedPdf();
        ArchivedObject o = locked.putPdf(pdf);
        Instant until = clock.instant().plus(ArchivePolicy.DEFAULT.retention());
        assertThat(o.retainUntil()).isEqualTo(until);
        assertThat(retained).containsExactly(o.key() + " " + until + " COMPLIANCE");
        assertThat(locked.find(o.sha256Hex(), ReportArchive.PDF)).map(ArchivedObject::retainUntil).contains(until);
        assertThat(JdbcClient.create(db).sql("SELECT lock_mode FROM report_archive_object").query(String.class).single())
                .isEqualTo("COMPLIANCE");
        locked.putPdf(pdf);
        assertThat(retained).hasSize(1);
    }

    private Path objectFile(String key) throws IOException {
        String name = key.substring(key.lastIndexOf('/') + 1);
        try (Stream<Path> files = Files.walk(dir.resolve("objects"))) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }

    /** The real store, except that it claims Object Lock and records retention calls instead of sending them. */
    private record LockingStore(ObjectStore real, List<String> retained) implements ObjectStore {
        @Override
        public ObjectInfo put(String key, InputStream data, long size, String sha256Hex) {
            return real.put(key, data, size, sha256Hex);
        }

        @Override
        public InputStream get(String key, long expectedSize, String expectedSha256Hex) {
            return real.get(key, expectedSize, expectedSha256Hex);
        }

        @Override
        public InputStream getRange(String key, long offset, long length) {
            return real.getRange(key, offset, length);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            return real.stat(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            return real.list(prefix);
        }

        @Override
        public void delete(String key) {
            real.delete(key);
        }

        @Override
        public boolean objectLockEnabled() {
            return true;
        }

        @Override
        public void retain(String key, Instant until, ObjectLockMode mode) {
            retained.add(key + " " + until + " " + mode);
        }

        @Override
        public Optional<Instant> retainedUntil(String key) {
            return Optional.empty();
        }

        @Override
        public void checkAvailable() {
            real.checkAvailable();
        }

        @Override
        public String describe() {
            return real.describe();
        }
    }
}
