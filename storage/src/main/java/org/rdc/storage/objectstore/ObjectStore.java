package org.rdc.storage.objectstore;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * S3-compatible object storage: the embedded S3Proxy and a production MinIO cluster go through
 * the same implementation ({@link MinioObjectStore}). Objects are immutable once written; keys
 * are content-addressed by the callers, so a put never replaces different bytes.
 */
public interface ObjectStore {

    /**
     * Streams {@code size} bytes to {@code key}, checking them against {@code size} and
     * {@code sha256Hex} as they are read (the only SHA-256 this computes): bytes that do not match
     * or cannot be read fail with INVALID before the last part is sent, so nothing is stored. The
     * store checks what it received against a CRC32 computed over the bytes sent; its refusal is
     * CHECKSUM_MISMATCH. An answer only this object gets (its name, its size) is INVALID, one about
     * the store (down, credentials, throttling) UNAVAILABLE. The digest is kept as object metadata
     * for later audits; no second request reads it back.
     */
    ObjectInfo put(String key, InputStream data, long size, String sha256Hex);

    /**
     * The object's bytes, verified against {@code expectedSha256Hex} as they are read; an embedded store's file that
     * matched recently and has not changed since may be sent without hashing again ({@link VerifiedFiles}).
     */
    InputStream get(String key, long expectedSize, String expectedSha256Hex);

    /**
     * {@code length} bytes of the object from {@code offset} (an S3 ranged GET, RFC 9110 §14), fewer where it ends
     * first. Not verified: no digest covers part of an object, so a caller says why it trusts a range
     * ({@link org.rdc.storage.InstanceStore#openRange}).
     */
    InputStream getRange(String key, long offset, long length);

    Optional<ObjectInfo> stat(String key);

    List<ObjectInfo> list(String prefix);

    void delete(String key);

    /**
     * Whether the bucket has S3 Object Lock enabled, so {@link #retain} can protect objects. Only a
     * bucket created with it has it (MinIO: {@code mc mb --with-lock}); a store without the feature
     * (the embedded S3Proxy answers NotImplemented) has not.
     */
    boolean objectLockEnabled();

    /**
     * Object Lock retention (S3 PutObjectRetention) on the object's current version: until {@code until}
     * it cannot be deleted or overwritten, within what {@code mode} allows. Fails INVALID on a bucket
     * without Object Lock.
     */
    void retain(String key, Instant until, ObjectLockMode mode);

    /** The retention date on the object's current version; empty when it has none or the store has no Object Lock. */
    Optional<Instant> retainedUntil(String key);

    /** Throws {@link org.rdc.storage.StorageException} with kind UNAVAILABLE when the store cannot be used. */
    void checkAvailable();

    String describe();
}
