package org.rdc.storage.objectstore;

import java.util.Objects;

/**
 * Where the object store is. {@code partSize} bounds what one upload holds in memory: objects
 * larger than it go up as multipart uploads, part by part.
 */
public record ObjectStoreConfig(String endpoint, String accessKey, String secretKey, String bucket,
                                String region, long partSize) {

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

    /** Never prints the secret: this record ends up in logs. */
    @Override
    public String toString() {
        return "ObjectStoreConfig[endpoint=" + endpoint + ", accessKey=" + accessKey + ", bucket=" + bucket
                + ", region=" + region + ", partSize=" + partSize + "]";
    }
}
