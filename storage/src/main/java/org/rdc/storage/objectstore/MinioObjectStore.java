package org.rdc.storage.objectstore;

import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.GetObjectArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.GetObjectRetentionArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SetObjectRetentionArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.Retention;
import io.minio.messages.RetentionMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.rdc.storage.Sha256;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;
import org.rdc.storage.VerifyingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The only object store implementation: the MinIO Java SDK against any S3 endpoint. */
public final class MinioObjectStore implements ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(MinioObjectStore.class);
    static final String SHA256_METADATA = "sha256";

    private final MinioClient client;
    private final ObjectStoreConfig config;
    private final VerifiedFiles verified;

    /** Every read of a whole object hashes it. */
    public MinioObjectStore(ObjectStoreConfig config) {
        this(config, Clock.systemUTC(), Duration.ZERO);
    }

    /**
     * A whole read of a local object file ({@link ObjectStoreConfig#localObjects}) skips the hash when the same file
     * matched its SHA-256 less than {@code reverifyAfter} ago and has not changed since ({@link VerifiedFiles});
     * zero hashes every read.
     */
    public MinioObjectStore(ObjectStoreConfig config, Clock clock, Duration reverifyAfter) {
        this.config = config;
        this.verified = new VerifiedFiles(clock, reverifyAfter);
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey());
        if (config.region() != null && !config.region().isBlank()) {
            builder.region(config.region());
        }
        if (config.caCertificate() != null) {
            builder.httpClient(TrustedCa.httpClient(config.caCertificate()));
        }
        this.client = builder.build();
        // Fail a dead endpoint in seconds rather than minutes: the spool keeps the data meanwhile.
        client.setTimeout(TimeUnit.SECONDS.toMillis(5), TimeUnit.MINUTES.toMillis(2), TimeUnit.MINUTES.toMillis(2));
    }

    /** Creates the bucket when it does not exist yet. */
    public void ensureBucket() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
                log.info("created bucket {} at {}", config.bucket(), config.endpoint());
            }
        } catch (Exception e) {
            throw failure("create bucket " + config.bucket(), e);
        }
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long size, String sha256Hex) {
        ObjectKeys.require(key);
        if (!Sha256.isHex(sha256Hex)) {
            throw new StorageException(Kind.INVALID, "put " + key + ": not a SHA-256 hex digest: " + sha256Hex);
        }
        Source source = new Source(new VerifyingInputStream(data, size, sha256Hex, "the bytes handed in"));
        try {
            ObjectWriteResponse response = client.putObject(PutObjectArgs.builder()
                    .bucket(config.bucket())
                    .object(key)
                    .stream(source, size, config.partSize())
                    .contentType("application/octet-stream")
                    // The store checks the bytes it receives against this checksum, which the SDK computes over the
                    // buffer it sends. The SDK refuses SHA-256 for a single-part upload (whole-object checksums must be
                    // CRCs), and its default CRC32C is its own pure-Java code: half the upload CPU in a profile. CRC32
                    // is the JDK's, with CPU support.
                    .checksum(Checksum.Algorithm.CRC32)
                    .userMetadata(Map.of(SHA256_METADATA, sha256Hex))
                    .build());
            if (!source.ended) {
                // The SDK reads one byte past the last part to find the end, which is where the digest is checked:
                // no end means more bytes than declared, none of them checked.
                deleteQuietly(key);
                throw new StorageException(Kind.INVALID, "put " + key + ": the bytes handed in are longer than " + size);
            }
            return new ObjectInfo(key, size, response.etag(), sha256Hex);
        } catch (Exception e) {
            if (source.failure != null) {
                // The SDK reads a part before sending it, and a source is checked when it ends, before the last
                // (or only) part goes out: nothing was stored.
                throw new StorageException(Kind.INVALID, "put " + key + ": " + source.failure.getMessage(), source.failure);
            }
            throw e instanceof StorageException se ? se : failure("put " + key, e);
        }
    }

    @Override
    public InputStream get(String key, long expectedSize, String expectedSha256Hex) {
        ObjectKeys.require(key);
        if (config.localObjects() != null) {
            return localObject(key, expectedSize, expectedSha256Hex);
        }
        try {
            InputStream in = client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return new VerifyingInputStream(in, expectedSize, expectedSha256Hex, "object " + key);
        } catch (Exception e) {
            throw failure("get " + key, e);
        }
    }

    /**
     * The file's bytes, hashed unless {@link VerifiedFiles} has them as matched recently. Stamped before and after
     * opening: a file replaced in between is hashed and not marked, since the stamp might not describe what was read.
     */
    private InputStream localObject(String key, long expectedSize, String expectedSha256Hex) {
        Path file = ObjectFile.file(config.localObjects(), key);
        VerifiedFiles.Stamp before = verified.enabled() ? VerifiedFiles.stamp(file) : null;
        InputStream in = ObjectFile.openFile(file, key, 0, Long.MAX_VALUE);
        VerifiedFiles.Stamp stamp = before != null && before.equals(VerifiedFiles.stamp(file)) ? before : null;
        if (verified.current(key, stamp, expectedSha256Hex)) {
            return in;
        }
        return new VerifyingInputStream(in, expectedSize, expectedSha256Hex, "object " + key,
                () -> verified.verified(key, stamp, expectedSha256Hex));
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        ObjectKeys.require(key);
        if (offset < 0 || length < 1) {
            throw new StorageException(Kind.INVALID, "get " + key + ": no range of " + length + " bytes at " + offset);
        }
        if (config.localObjects() != null) {
            return ObjectFile.open(config.localObjects(), key, offset, length);
        }
        try {
            return client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).offset(offset).length(length).build());
        } catch (Exception e) {
            throw failure("get " + length + " bytes at " + offset + " of " + key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        ObjectKeys.require(key);
        try {
            StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return Optional.of(new ObjectInfo(key, s.size(), s.etag(), s.userMetadata().getFirst(SHA256_METADATA)));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("stat " + key, e);
        } catch (Exception e) {
            throw failure("stat " + key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder()
                    .bucket(config.bucket()).prefix(prefix).recursive(true).build())) {
                Item item = r.get();
                out.add(new ObjectInfo(item.objectName(), item.size(), item.etag(), null));
            }
            return out;
        } catch (Exception e) {
            throw failure("list " + prefix, e);
        }
    }

    @Override
    public void delete(String key) {
        ObjectKeys.require(key);
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
        } catch (Exception e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public boolean objectLockEnabled() {
        try {
            client.getObjectLockConfiguration(GetObjectLockConfigurationArgs.builder().bucket(config.bucket()).build());
            return true;
        } catch (ErrorResponseException e) {
            if (noObjectLock(e)) {
                return false;
            }
            throw failure("get object lock configuration of " + config.bucket(), e);
        } catch (Exception e) {
            throw failure("get object lock configuration of " + config.bucket(), e);
        }
    }

    @Override
    public void retain(String key, Instant until, ObjectLockMode mode) {
        ObjectKeys.require(key);
        try {
            client.setObjectRetention(SetObjectRetentionArgs.builder().bucket(config.bucket()).object(key)
                    .config(new Retention(RetentionMode.valueOf(mode.name()), until.atZone(ZoneOffset.UTC))).build());
        } catch (ErrorResponseException e) {
            if (noObjectLock(e)) {
                throw new StorageException(Kind.INVALID, "retain " + key + ": " + describe() + " has no object lock", e);
            }
            throw failure("retain " + key, e);
        } catch (Exception e) {
            throw failure("retain " + key, e);
        }
    }

    @Override
    public Optional<Instant> retainedUntil(String key) {
        ObjectKeys.require(key);
        try {
            Retention r = client.getObjectRetention(GetObjectRetentionArgs.builder().bucket(config.bucket()).object(key).build());
            return r == null || r.retainUntilDate() == null ? Optional.empty() : Optional.of(r.retainUntilDate().toInstant());
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? null : e.errorResponse().code();
            if (noObjectLock(e) || "NoSuchObjectLockConfiguration".equals(code)) {
                return Optional.empty();
            }
            throw failure("get retention of " + key, e);
        } catch (Exception e) {
            throw failure("get retention of " + key, e);
        }
    }

    /**
     * The answers of a bucket without Object Lock: ObjectLockConfigurationNotFoundError (S3, MinIO), InvalidRequest
     * "Bucket is missing Object Lock Configuration" (S3), and NotImplemented from a store without the feature (S3Proxy).
     */
    private static boolean noObjectLock(ErrorResponseException e) {
        String code = e.errorResponse() == null ? null : e.errorResponse().code();
        return "ObjectLockConfigurationNotFoundError".equals(code) || "NotImplemented".equals(code)
                || "InvalidRequest".equals(code);
    }

    @Override
    public void checkAvailable() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                throw new StorageException(Kind.UNAVAILABLE, "bucket " + config.bucket() + " does not exist at " + config.endpoint());
            }
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw failure("check bucket " + config.bucket(), e);
        }
    }

    @Override
    public String describe() {
        return config.endpoint() + "/" + config.bucket();
    }

    private void deleteQuietly(String key) {
        try {
            delete(key);
        } catch (StorageException e) {
            log.warn("could not remove mismatching object {}: {}", key, e.getMessage());
        }
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse() == null ? null : e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code)
                || (e.response() != null && e.response().code() == 404);
    }

    private StorageException failure(String what, Exception e) {
        if (e instanceof IllegalArgumentException) {
            // The SDK refused the request before sending it, e.g. an object name with a '..' segment.
            return new StorageException(Kind.INVALID, what + ": " + e.getMessage(), e);
        }
        if (e instanceof ErrorResponseException er && er.errorResponse() != null) {
            String code = er.errorResponse().code();
            Kind kind = switch (code) {
                case "NoSuchKey", "NoSuchObject", "NoSuchBucket" -> Kind.NOT_FOUND;
                // The body the store received does not match a checksum the client sent: BadDigest (Content-MD5, and
                // x-amz-checksum-* on S3 and S3Proxy), XAmzContentChecksumMismatch (x-amz-checksum-* on MinIO),
                // XAmzContentSHA256Mismatch (the SigV4 payload hash of a signed body, sent over http://).
                case "BadDigest", "XAmzContentChecksumMismatch", "XAmzContentSHA256Mismatch", "InvalidDigest" -> Kind.CHECKSUM_MISMATCH;
                // Answers about this one object that no retry changes. Credentials, clock skew, a missing bucket,
                // throttling and 5xx concern the store as a whole and stay UNAVAILABLE.
                case "InvalidObjectName", "XMinioInvalidObjectName", "KeyTooLongError", "EntityTooLarge",
                     "MetadataTooLarge", "InvalidArgument" -> Kind.INVALID;
                default -> Kind.UNAVAILABLE;
            };
            return new StorageException(kind, what + " at " + describe() + ": " + code + " " + er.errorResponse().message(), e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new StorageException(Kind.UNAVAILABLE, what + " at " + describe() + ": " + root, e);
    }

    /** Remembers how reading the caller's bytes failed, to tell a bad source from a failing store. */
    private static final class Source extends java.io.FilterInputStream {
        RuntimeException failure;
        boolean ended;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                ended |= n < 0;
                return n;
            } catch (IOException e) {
                failure = new StorageException(Kind.INVALID, "the bytes handed in cannot be read: " + e, e);
                throw e;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }
}
