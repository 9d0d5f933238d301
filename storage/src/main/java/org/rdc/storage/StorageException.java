package org.rdc.storage;

/**
 * The one error type of the storage layer. {@link Kind} tells callers what to answer:
 * the gateway maps {@link Kind#OUT_OF_RESOURCES} and {@link Kind#UNAVAILABLE} to DIMSE status
 * A700, the HTTP API to 507/503; {@link Kind#OTHER_FACILITY} and {@link Kind#CONFLICT} are refusals
 * (C-STORE 0124H / C000H, HTTP 409) after which nothing stored has changed.
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
        INVALID,
        /**
         * The instance's Study, Series or SOP Instance UID already belongs to another facility's data: never merged
         * into it. The message goes back to the sender, so it does not name that facility; the catalog's log line does.
         */
        OTHER_FACILITY,
        /**
         * The instance contradicts what its facility already stored: its series is in another study, or its SOP
         * instance in another series.
         */
        CONFLICT
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
