package org.rdc.storage.spool;

import java.nio.file.Path;

/**
 * @param directory        where segments live ({@code RDC_DATA_DIR/spool})
 * @param segmentBytes     a segment is closed and a new one started past this size
 * @param minFreeBytes     free-disk watermark: below it new writes fail with OUT_OF_RESOURCES
 * @param chunkBytes       how much a writer buffers before appending a DATA frame
 * @param lanes            independent append streams, each with its own group commit
 */
public record SpoolConfig(Path directory, long segmentBytes, long minFreeBytes, int chunkBytes, int lanes) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_MIN_FREE_BYTES = 1024L * 1024 * 1024;
    public static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
    public static final int DEFAULT_LANES = 2;

    public SpoolConfig {
        if (segmentBytes < 1024 * 1024) {
            throw new IllegalArgumentException("spool segment size must be at least 1 MiB, got " + segmentBytes);
        }
        if (chunkBytes < 4096 || chunkBytes > segmentBytes / 2) {
            throw new IllegalArgumentException("spool chunk size must be within 4 KiB and half a segment, got " + chunkBytes);
        }
        if (lanes < 1 || lanes > 64) {
            throw new IllegalArgumentException("spool lanes must be within 1..64, got " + lanes);
        }
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("free-disk watermark cannot be negative: " + minFreeBytes);
        }
    }

    public static SpoolConfig defaults(Path directory) {
        return new SpoolConfig(directory, DEFAULT_SEGMENT_BYTES, DEFAULT_MIN_FREE_BYTES, DEFAULT_CHUNK_BYTES, DEFAULT_LANES);
    }

    public SpoolConfig withMinFreeBytes(long bytes) {
        return new SpoolConfig(directory, segmentBytes, bytes, chunkBytes, lanes);
    }
}
