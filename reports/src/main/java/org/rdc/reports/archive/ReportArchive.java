package org.rdc.reports.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.rdc.storage.Sha256;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;
import org.rdc.storage.objectstore.ObjectInfo;
import org.rdc.storage.objectstore.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The immutable archive of signed report PDFs and report JSON: each file goes to the object store
 * once, under a key made of its SHA-256 ({@code reports/sha256/<hex>.pdf}, {@code .json}), and its
 * digest, size and lock date into {@code report_archive_object}. Storing the same bytes again
 * returns the existing entry and writes nothing; an object already under the key whose size or
 * digest differ is refused, never replaced. A new object is read back and checked before it is
 * recorded, and every later read is checked against the recorded digest as it streams.
 *
 * <p>Where the bucket has S3 Object Lock (a MinIO bucket created with lock), each new object gets
 * retention per {@link ArchivePolicy}, so it cannot be deleted or overwritten before then. The
 * embedded S3Proxy has no Object Lock: there the archive is immutable only by this code's rules,
 * not against someone with access to the store's files or credentials (see the README).
 */
public final class ReportArchive {

    public static final String PDF = "application/pdf";
    public static final String JSON = "application/json";
    static final String PREFIX = "reports/sha256/";

    private static final Logger log = LoggerFactory.getLogger(ReportArchive.class);

    private final ObjectStore store;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ArchivePolicy policy;
    private final ReentrantLock[] stripes = new ReentrantLock[32];
    private volatile Boolean objectLock;

    public ReportArchive(ObjectStore store, DataSource dataSource, Clock clock, ArchivePolicy policy) {
        this.store = store;
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.policy = policy;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Archives a signed report PDF. */
    public ArchivedObject putPdf(byte[] pdf) {
        if (pdf.length < 5 || pdf[0] != '%' || pdf[1] != 'P' || pdf[2] != 'D' || pdf[3] != 'F' || pdf[4] != '-') {
            throw new StorageException(Kind.INVALID, "not a PDF (no %PDF- header)");
        }
        return put(pdf, PDF, ".pdf");
    }

    /** Archives the report's JSON (the lifecycle's serialisation of the signed version). */
    public ArchivedObject putJson(byte[] json) {
        if (json.length == 0 || json[0] != '{') {
            throw new StorageException(Kind.INVALID, "not a JSON object");
        }
        return put(json, JSON, ".json");
    }

    /** The archived file's bytes, verified against its recorded size and digest as they are read. */
    public InputStream open(ArchivedObject o) {
        return store.get(o.key(), o.size(), o.sha256Hex());
    }

    /** The whole file, verified: a mismatch throws CHECKSUM_MISMATCH. */
    public byte[] read(ArchivedObject o) {
        try (InputStream in = open(o)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StorageException(Kind.CHECKSUM_MISMATCH, "archived " + o.key() + " does not match its digest: "
                    + e.getMessage(), e);
        }
    }

    /** The archive entry of a file by its digest and media type, from the database. */
    public Optional<ArchivedObject> find(String sha256Hex, String mediaType) {
        return jdbc.sql(SELECT + " WHERE sha256 = ? AND media_type = ?").params(sha256Hex, mediaType).query(ReportArchive::row).optional();
    }

    /** The archive entry stored under {@code key} (as {@link ArchivedObject#key()} gave it), from the database. */
    public Optional<ArchivedObject> findByKey(String key) {
        return jdbc.sql(SELECT + " WHERE object_key = ?").param(key).query(ReportArchive::row).optional();
    }

    private static final String SELECT = "SELECT object_key, sha256, size_bytes, media_type, stored_at, retain_until FROM report_archive_object";

    private static ArchivedObject row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new ArchivedObject(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getObject(6, OffsetDateTime.class)).map(OffsetDateTime::toInstant).orElse(null));
    }

    /** Whether the store will lock what is archived (asked once, then remembered). */
    public boolean objectLockEnabled() {
        Boolean known = objectLock;
        if (known == null) {
            known = store.objectLockEnabled();
            objectLock = known;
            if (!known) {
                log.warn("object store {} has no Object Lock: archived reports are not protected against deletion "
                        + "by the store's users", store.describe());
            }
        }
        return known;
    }

    private ArchivedObject put(byte[] bytes, String mediaType, String extension) {
        String sha = Sha256.of(bytes);
        String key = PREFIX + sha + extension;
        ReentrantLock stripe = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        stripe.lock();
        try {
            Optional<ArchivedObject> recorded = find(sha, mediaType);
            Optional<ObjectInfo> present = store.stat(key);
            if (present.isPresent()) {
                ObjectInfo info = present.get();
                if (info.size() != bytes.length || info.sha256Hex() != null && !info.sha256Hex().equals(sha)) {
                    throw new StorageException(Kind.CHECKSUM_MISMATCH, "the object at " + key + " is not the bytes its key "
                            + "names (size " + info.size() + ", sha256 " + info.sha256Hex() + "); it is left as it is");
                }
                if (recorded.isPresent()) {
                    return recorded.get();
                }
                // Stored by an earlier attempt that did not get to record it: check it, then record it.
                read(new ArchivedObject(key, sha, bytes.length, mediaType, null, null));
            } else {
                if (recorded.isPresent()) {
                    log.error("archived {} is recorded but missing from {}: storing the same bytes again", key, store.describe());
                }
                store.put(key, new ByteArrayInputStream(bytes), bytes.length, sha);
                read(new ArchivedObject(key, sha, bytes.length, mediaType, null, null));
            }
            Instant retainUntil = retain(key);
            if (recorded.isPresent()) {
                return recorded.get();
            }
            return record(new ArchivedObject(key, sha, bytes.length, mediaType, clock.instant(), retainUntil));
        } finally {
            stripe.unlock();
        }
    }

    /** Object Lock retention on a newly stored object, where the store has it; the date it holds, or null. */
    private Instant retain(String key) {
        if (!objectLockEnabled()) {
            return null;
        }
        Optional<Instant> current = store.retainedUntil(key);
        Instant wanted = clock.instant().plus(policy.retention());
        if (current.isPresent() && !current.get().isBefore(wanted.minus(policy.retention().dividedBy(100)))) {
            return current.get();
        }
        store.retain(key, wanted, policy.mode());
        return wanted;
    }

    private ArchivedObject record(ArchivedObject o) {
        try {
            jdbc.sql("""
                            INSERT INTO report_archive_object (object_key, sha256, size_bytes, media_type, stored_at,
                                                               retain_until, lock_mode)
                            VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(o.key(), o.sha256Hex(), o.size(), o.mediaType(), utc(o.storedAt()), utc(o.retainUntil()),
                            o.retainUntil() == null ? null : policy.mode().name())
                    .update();
            return o;
        } catch (DuplicateKeyException e) {
            // Another process archived the same bytes meanwhile: its row is the same file.
            return find(o.sha256Hex(), o.mediaType()).orElseThrow(() -> e);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
