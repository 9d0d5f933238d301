package org.rdc.reports;

/**
 * A report operation the reports library refuses. {@code code} names the precise reason (the API
 * puts it into the RFC 9457 problem's {@code type} and a {@code code} member), so a client can tell
 * "this version is signed" from "someone else holds the task" without parsing the text.
 */
public class ReportException extends RuntimeException {

    public enum Kind {
        /** 400: the request is wrong (a field of the wrong type, an unknown template) */
        INVALID,
        /** 403: the caller may see the report but not do this */
        FORBIDDEN,
        /** 404: no such report, or not visible to the caller */
        NOT_FOUND,
        /** 409: not possible in the report's or task's current state */
        CONFLICT
    }

    private final Kind kind;
    private final String code;

    public ReportException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** Stable, kebab-case reason, e.g. {@code field-type}, {@code version-signed}, {@code not-task-holder}. */
    public String code() {
        return code;
    }

    public static ReportException invalid(String code, String message) {
        return new ReportException(Kind.INVALID, code, message);
    }

    public static ReportException forbidden(String code, String message) {
        return new ReportException(Kind.FORBIDDEN, code, message);
    }

    public static ReportException notFound(String message) {
        return new ReportException(Kind.NOT_FOUND, "not-found", message);
    }

    public static ReportException conflict(String code, String message) {
        return new ReportException(Kind.CONFLICT, code, message);
    }
}
