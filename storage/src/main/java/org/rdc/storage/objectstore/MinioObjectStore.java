package org.rdc.storage.objectstore;

import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
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

    public MinioObjectStore(ObjectStoreConfig config) {
        this.config = config;
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
        MessageDigest digest = Sha256.newDigest();
        CountingInputStream counted = new CountingInputStream(new DigestInputStream(data, digest));
        try {
            ObjectWriteResponse response = client.putObject(PutObjectArgs.builder()
                    .bucket(config.bucket())
                    .object(key)
                    .stream(counted, size, config.partSize())
                    .contentType("application/octet-stream")
                    // The SDK's default CRC32C is its own pure-Java code: half the upload CPU in a profile. CRC32 is
                    // the JDK's, with CPU support, and the server still checks the bytes it got.
                    .checksum(Checksum.Algorithm.CRC32)
                    .userMetadata(Map.of(SHA256_METADATA, sha256Hex))
                    .build());
            String sent = Sha256.hex(digest.digest());
            if (counted.count != size || !sent.equals(sha256Hex)) {
                // The source changed under us: what went up is not what was recorded.
                deleteQuietly(key);
                throw new StorageException(Kind.CHECKSUM_MISMATCH, "put " + key + ": uploaded " + counted.count
                        + " bytes with SHA-256 " + sent + ", expected " + size + " bytes with " + sha256Hex);
            }
            return new ObjectInfo(key, size, response.etag(), sha256Hex);
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw failure("put " + key, e);
        }
    }

    @Override
    public InputStream get(String key, long expectedSize, String expectedSha256Hex) {
        ObjectKeys.require(key);
        try {
            InputStream in = client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return new VerifyingInputStream(in, expectedSize, expectedSha256Hex, "object " + key);
        } catch (Exception e) {
            throw failure("get " + key, e);
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
        if (e instanceof ErrorResponseException er && er.errorResponse() != null) {
            String code = er.errorResponse().code();
            Kind kind = switch (code) {
                case "NoSuchKey", "NoSuchObject", "NoSuchBucket" -> Kind.NOT_FOUND;
                case "BadDigest", "XAmzContentSHA256Mismatch", "InvalidDigest" -> Kind.CHECKSUM_MISMATCH;
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

    private static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
