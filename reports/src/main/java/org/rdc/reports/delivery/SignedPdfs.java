package org.rdc.reports.delivery;

import java.io.IOException;

/**
 * Where delivery reads a signed PDF: the report archive ({@link ArchivedPdfs}) by its key, checked
 * there against the archive's recorded digest; the caller checks it once more against the digest
 * the delivery was enqueued with. The bytes are read once per attempt (a signed report is a few
 * hundred kilobytes).
 */
@FunctionalInterface
public interface SignedPdfs {

    /** The bytes stored under {@code key}; an exception when they cannot be read now (the attempt is retried). */
    byte[] read(String key) throws IOException;
}
