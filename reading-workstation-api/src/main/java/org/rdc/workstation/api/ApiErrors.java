package org.rdc.workstation.api;

import org.rdc.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every API error is an RFC 9457 problem document with a specific message. */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(StorageException.class)
    public ProblemDetail storage(StorageException e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case OUT_OF_RESOURCES -> HttpStatus.INSUFFICIENT_STORAGE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case CHECKSUM_MISMATCH -> HttpStatus.INTERNAL_SERVER_ERROR;
            case OTHER_FACILITY, CONFLICT -> HttpStatus.CONFLICT;
        };
        if (e.kind() == StorageException.Kind.CHECKSUM_MISMATCH || e.kind() == StorageException.Kind.UNAVAILABLE) {
            log.error("storage failure: {}", e.getMessage());
        }
        return problem(status, e.getMessage());
    }

    @ExceptionHandler(WorkstationException.class)
    public org.springframework.http.ResponseEntity<ProblemDetail> workstation(WorkstationException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case NOT_ACCEPTABLE -> HttpStatus.NOT_ACCEPTABLE;
            case RANGE_NOT_SATISFIABLE -> HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
        };
        var r = org.springframework.http.ResponseEntity.status(status);
        if (status == HttpStatus.UNAUTHORIZED) {
            r.header("WWW-Authenticate", "Basic realm=\"rdc\"");
        }
        return r.body(problem(status, e.getMessage()));
    }

    /** A report refusal: the problem's {@code type} and {@code code} name the precise reason (e.g. version-signed, field-type). */
    @ExceptionHandler(org.rdc.reports.ReportException.class)
    public ProblemDetail report(org.rdc.reports.ReportException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        ProblemDetail p = problem(status, e.getMessage());
        p.setType(java.net.URI.create("urn:rdc:problem:report:" + e.code()));
        p.setProperty("code", e.code());
        return p;
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    public ProblemDetail unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        return problem(HttpStatus.BAD_REQUEST, "request body is not valid JSON for this operation: "
                + (cause == null ? e.getMessage() : cause.getMessage()).lines().findFirst().orElse(""));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ProblemDetail badArgument(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        if (type != null && java.util.Collection.class.isAssignableFrom(type)
                && e.getParameter().getGenericParameterType() instanceof java.lang.reflect.ParameterizedType pt
                && pt.getActualTypeArguments()[0] instanceof Class<?> element) {
            type = element; // Set<ServiceLine>: name the values of the element type
        }
        String expected = type == java.time.LocalDate.class ? ": expected an ISO date such as 2026-11-23"
                : type != null && type.isEnum() ? ": expected one of " + java.util.Arrays.toString(type.getEnumConstants())
                : "";
        return problem(HttpStatus.BAD_REQUEST, "parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'" + expected);
    }

    /** The database is unreachable or failing: the client may retry; the details stay in the log. */
    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    public ProblemDetail database(org.springframework.dao.DataAccessException e) {
        log.error("database failure: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "the database is not available; try again");
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(status.getReasonPhrase());
        return p;
    }
}
