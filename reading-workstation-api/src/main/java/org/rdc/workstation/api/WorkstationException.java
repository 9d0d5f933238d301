package org.rdc.workstation.api;

/** A request the workstation refuses, with the reason the client gets in its problem document. */
public class WorkstationException extends RuntimeException {

    public enum Kind {
        /** 400 */
        INVALID,
        /** 401: not (or no longer) authenticated */
        UNAUTHENTICATED,
        /** 403: authenticated but not allowed */
        FORBIDDEN,
        /** 404: does not exist, or not visible to the caller */
        NOT_FOUND,
        /** 409: not possible in the resource's current state */
        CONFLICT,
        /** 406: the resource cannot be produced in any representation the client accepts */
        NOT_ACCEPTABLE,
        /** 416: a Range outside the representation (RFC 9110 §15.5.17) */
        RANGE_NOT_SATISFIABLE,
        /** 413: the request body is larger than this operation takes (RFC 9110 §15.5.14) */
        CONTENT_TOO_LARGE,
        /** 429: too many requests from this client for now (RFC 6585 §4) */
        TOO_MANY_REQUESTS
    }

    private final Kind kind;
    private final String code;

    public WorkstationException(Kind kind, String message) {
        this(kind, null, message);
    }

    /** @param code a stable kebab-case reason for the problem's {@code type} and {@code code} member, or null */
    public WorkstationException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public static WorkstationException invalid(String message) {
        return new WorkstationException(Kind.INVALID, message);
    }

    public static WorkstationException invalidCode(String code, String message) {
        return new WorkstationException(Kind.INVALID, code, message);
    }

    public static WorkstationException forbidden(String message) {
        return new WorkstationException(Kind.FORBIDDEN, message);
    }

    public static WorkstationException notFound(String message) {
        return new WorkstationException(Kind.NOT_FOUND, message);
    }

    public static WorkstationException conflict(String message) {
        return new WorkstationException(Kind.CONFLICT, message);
    }
}
