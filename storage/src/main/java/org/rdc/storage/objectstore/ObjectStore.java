package org.rdc.storage.objectstore;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * S3-compatible object storage: the embedded S3Proxy and a production MinIO cluster go through
 * the same implementation ({@link MinioObjectStore}). Objects are immutable once written; keys
 * are content-addressed by the callers, so a put never replaces different bytes.
 */
public interface ObjectStore {

    /**
     * Streams {@code size} bytes to {@code key}, hashing them on the way. If what went up does not
     * hash to {@code sha256Hex} the object is removed and CHECKSUM_MISMATCH thrown. The digest is
     * kept as object metadata for later audits.
     */
    ObjectInfo put(String key, InputStream data, long size, String sha256Hex);

    /** The object's bytes, verified against {@code expectedSha256Hex} as they are read. */
    InputStream get(String key, long expectedSize, String expectedSha256Hex);

    Optional<ObjectInfo> stat(String key);

    List<ObjectInfo> list(String prefix);

    void delete(String key);

    /** Throws {@link org.rdc.storage.StorageException} with kind UNAVAILABLE when the store cannot be used. */
    void checkAvailable();

    String describe();
}
