package org.rdc.storage;

/**
 * The one error type of the storage layer. {@link Kind} tells callers what to answer:
 * the gateway maps {@link Kind#OUT_OF_RESOURCES} and {@link Kind#UNAVAILABLE} to DIMSE status
 * A700, the HTTP API to 507/503.
 */
public class StorageException extends RuntimeException {

    public enum Kind {
        /** Local disk below its free-space watermark: new writes are refused before they start. */
        OUT_OF_RESOURCES,
        /** Bytes read back do not match the SHA-256 recorded when they were stored. */
        CHECKSUM_MISMATCH,
        NOT_FOUND,
        /** A dependency (object store, database, spool disk) cannot be used right now. */
        UNAVAILABLE,
        /** The caller handed us something we cannot store. */
        INVALID
    }

    private final Kind kind;

    public StorageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
