package org.rdc.ecg.model;

/**
 * Points at the original bytes, which the caller keeps (in storage): the SHA-256 identifies them,
 * so the same upload twice gives the same reference.
 */
public record SourceRef(String sha256Hex, long length) {
}
