package org.rdc.storage.objectstore;

import java.util.Objects;

/**
 * Where the object store is. {@code partSize} bounds what one upload holds in memory: objects
 * larger than it go up as multipart uploads, part by part. {@code caCertificate}, when set, is a
 * PEM file of the certificate authority an {@code https://} endpoint's certificate is checked
 * against (a hospital's internal CA) instead of the JVM's default trust store. {@code localObjects}, when
 * set, is the directory where a store running in this process keeps the bucket's objects as plain files
 * named by their keys ({@link EmbeddedS3}): reads open those files instead of asking the store over HTTP.
 */
public record ObjectStoreConfig(String endpoint, String accessKey, String secretKey, String bucket,
                                String region, long partSize, java.nio.file.Path caCertificate,
                                java.nio.file.Path localObjects) {

    /** S3's minimum part size. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

    public ObjectStoreConfig {
        Objects.requireNonNull(endpoint, "object store endpoint");
        Objects.requireNonNull(accessKey, "object store access key");
        Objects.requireNonNull(secretKey, "object store secret key");
        Objects.requireNonNull(bucket, "object store bucket");
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSize + " is below S3's minimum of " + MIN_PART_SIZE);
        }
    }

    public ObjectStoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region, long partSize,
                             java.nio.file.Path caCertificate) {
        this(endpoint, accessKey, secretKey, bucket, region, partSize, caCertificate, null);
    }

    public ObjectStoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region, long partSize) {
        this(endpoint, accessKey, secretKey, bucket, region, partSize, null, null);
    }

    /** Never prints the secret: this record ends up in logs. */
    @Override
    public String toString() {
        return "ObjectStoreConfig[endpoint=" + endpoint + ", accessKey=" + accessKey + ", bucket=" + bucket
                + ", region=" + region + ", partSize=" + partSize
                + (caCertificate == null ? "" : ", caCertificate=" + caCertificate)
                + (localObjects == null ? "" : ", localObjects=" + localObjects) + "]";
    }
}
