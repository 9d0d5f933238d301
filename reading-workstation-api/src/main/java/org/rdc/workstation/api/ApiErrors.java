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
            case CONTENT_TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
        };
        var r = org.springframework.http.ResponseEntity.status(status);
        if (status == HttpStatus.UNAUTHORIZED) {
            r.header("WWW-Authenticate", "Basic realm=\"rdc\"");
        }
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            r.header("Retry-After", "60");
        }
        ProblemDetail p = problem(status, e.getMessage());
        if (e.code() != null) {
            coded(p, "urn:rdc:problem:", e.code());
        }
        return r.body(p);
    }

    /**
     * A signature refused (RFC 9457): the signer's credential is the reason (409, with the specific
     * {@code code}), or the timestamp authority did not answer (503); nothing was signed or stored,
     * because the report commits its new state only after signing. Key-store and document failures
     * are the centre's (500, logged).
     */
    @ExceptionHandler(org.rdc.reports.signing.SigningException.class)
    public ProblemDetail signing(org.rdc.reports.signing.SigningException e) {
        var reason = e.reason();
        HttpStatus status = switch (reason) {
            case NO_CREDENTIAL, CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID, CERTIFICATE_REVOKED -> HttpStatus.CONFLICT;
            case TIMESTAMP_FAILED -> HttpStatus.SERVICE_UNAVAILABLE;
            case BAD_DOCUMENT, KEY_STORE -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        String code = switch (reason) {
            case NO_CREDENTIAL -> "no-signing-credential";
            case CERTIFICATE_EXPIRED -> "certificate-expired";
            case CERTIFICATE_NOT_YET_VALID -> "certificate-not-yet-valid";
            case CERTIFICATE_REVOKED -> "certificate-revoked";
            case TIMESTAMP_FAILED -> "timestamp-unavailable";
            case BAD_DOCUMENT -> "signing-bad-document";
            case KEY_STORE -> "key-store";
        };
        String detail = e.getMessage();
        if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
            log.error("signing failed ({}): {}", reason, e.getMessage(), e);
            detail = "the signature could not be made (" + code + "); nothing was signed. The details are in the server log";
        } else if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            log.warn("signing: {}", e.getMessage());
        }
        return coded(problem(status, "nothing was signed: " + detail), "urn:rdc:problem:signing:", code);
    }

    /** A multipart upload over spring.servlet.multipart.max-file-size (RFC 9110 §15.5.14). */
    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    public ProblemDetail uploadTooLarge(org.springframework.web.multipart.MaxUploadSizeExceededException e) {
        return coded(problem(HttpStatus.PAYLOAD_TOO_LARGE, "the upload is larger than this server takes"
                + (e.getMaxUploadSize() > 0 ? " (" + e.getMaxUploadSize() + " bytes)" : "")), "urn:rdc:problem:", "upload-too-large");
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
        return coded(problem(status, e.getMessage()), "urn:rdc:problem:report:", e.code());
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

    private static ProblemDetail coded(ProblemDetail p, String typePrefix, String code) {
        p.setType(java.net.URI.create(typePrefix + code));
        p.setProperty("code", code);
        return p;
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(status.getReasonPhrase());
        return p;
    }
}
