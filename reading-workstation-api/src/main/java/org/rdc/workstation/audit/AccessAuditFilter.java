package org.rdc.workstation.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rdc.dicom.uid.Uids;
import org.rdc.workstation.security.ApiTokenAuthentication;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every read of patient data in the {@link AccessLog}: GET and HEAD on {@link #URL_PATTERNS} and the
 * upload check {@code POST /api/reports/verify} ({@link #VERIFY_PATH}), after the
 * security chain (so the caller is known) and after the answer (so its status is known, a refused 404 included).
 * Controllers need not do anything: the study, series and instance come from the path
 * ({@code /studies/{s}/series/{se}/instances/{i}}, {@code /api/studies/{s}}, {@code /api/instances/{i}}) or from
 * the query ({@code studyUID}/{@code seriesUID}/{@code objectUID} of WADO-URI, {@code StudyInstanceUID} or
 * {@code 0020000D} of QIDO ...). A request without a user never gets here (the security chain answered 401).
 */
public final class AccessAuditFilter extends OncePerRequestFilter {

    /** Servlet URL patterns of the reads of patient data. */
    public static final List<String> URL_PATTERNS = List.of("/dicomweb/*", "/wado", "/api/studies/*", "/api/instances/*",
            "/api/reports/*", "/api/tasks/*", "/api/worklist", "/api/facilities/*", "/api/critical-values/*");

    private static final List<String> STUDY_PARAMETERS = List.of("studyUID", "StudyInstanceUID", "0020000D", "study", "studyUid");
    private static final List<String> SERIES_PARAMETERS = List.of("seriesUID", "SeriesInstanceUID", "0020000E");
    private static final List<String> INSTANCE_PARAMETERS = List.of("objectUID", "SOPInstanceUID", "00080018");
    private static final int MAX_PATH = 1000;
    private static final int MAX_QUERY = 2000;

    private final AccessLog accessLog;

    public AccessAuditFilter(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    /** A read by POST: an uploaded PDF checked against the report store. */
    public static final String VERIFY_PATH = "/api/reports/verify";

    /** The Holter relabel (issue 14 point 5), a POST that answers the relabelled analysis. */
    static final String HOLTER_RELABEL_PATH = "/api/studies/[^/]+/holter/relabel/?";

    /**
     * A request attribute a controller sets when the study a request read is not in its path or query
     * (the report an uploaded PDF turned out to be).
     */
    public static final String STUDY_ATTRIBUTE = AccessAuditFilter.class.getName() + ".study";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        String path = path(request);
        if ("POST".equals(method)) {
            // a Holter relabel answers the study's new figures: a read of patient data, logged as the Holter reads are
            return !path.equals(VERIFY_PATH) && !path.matches(HOLTER_RELABEL_PATH);
        }
        return !("GET".equals(method) || "HEAD".equals(method)) || action(path) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
                int status = failed && !response.isCommitted() ? 500 : response.getStatus();
                accessLog.record(record(request, auth, status));
            }
        }
    }

    private AccessRecord record(HttpServletRequest request, Authentication auth, int status) {
        String path = path(request);
        String[] segments = path.split("/");
        String study = afterSegment(segments, "studies");
        String series = afterSegment(segments, "series");
        String instance = afterSegment(segments, "instances");
        String query = request.getQueryString();
        if (study == null && request.getAttribute(STUDY_ATTRIBUTE) instanceof String named) {
            study = named;
        }
        return new AccessRecord(0, accessLog.now(), auth.getName(), authentication(request, auth), request.getRemoteAddr(),
                request.getMethod(), action(path), truncate(path, MAX_PATH), query == null ? null : truncate(decoded(query), MAX_QUERY),
                study != null ? study : parameter(request, STUDY_PARAMETERS),
                series != null ? series : parameter(request, SERIES_PARAMETERS),
                instance != null ? instance : parameter(request, INSTANCE_PARAMETERS), status);
    }

    static AccessRecord.Action action(String path) {
        if (path.equals("/wado")) {
            return AccessRecord.Action.WADO_URI;
        }
        if (path.startsWith("/dicomweb/")) {
            if (path.matches(".*/(rendered|thumbnail)/?$") || path.contains("/rendered/") || path.contains("/thumbnail/")) {
                return AccessRecord.Action.RENDERED;
            }
            // a search names a resource list last: /studies, /studies/{s}/series, .../series/{se}/instances, /series, /instances
            return path.matches(".*/(studies|series|instances)/?$") ? AccessRecord.Action.QIDO : AccessRecord.Action.WADO_RS;
        }
        if (path.matches("/api/studies/[^/]+/reports/?")) {
            return AccessRecord.Action.API_REPORTS;
        }
        if (path.matches("/api/studies/[^/]+/ecg/?")) {
            return AccessRecord.Action.API_ECG;
        }
        if (path.matches("/api/studies/[^/]+/holter(/.*)?")) {
            return AccessRecord.Action.API_HOLTER;
        }
        if (path.equals("/api/studies") || path.startsWith("/api/studies/")) {
            return AccessRecord.Action.API_STUDIES;
        }
        if (path.startsWith("/api/instances/")) {
            return AccessRecord.Action.API_FILE;
        }
        if (path.equals(VERIFY_PATH)) {
            return AccessRecord.Action.REPORT_VERIFY;
        }
        if (path.equals("/api/reports") || path.startsWith("/api/reports/") || path.matches("/api/tasks/[^/]+/report(/template)?/?")) {
            return AccessRecord.Action.API_REPORTS;
        }
        // a task shows its patient, study and priors; the worklist the patients of its page
        if (path.matches("/api/tasks/[^/]+/?")) {
            return AccessRecord.Action.API_TASKS;
        }
        if (path.equals("/api/worklist") || path.matches("/api/facilities/[^/]+/qc-returns/?")) {
            return AccessRecord.Action.API_WORKLIST;
        }
        if (path.equals("/api/critical-values") || path.startsWith("/api/critical-values/")) {
            return AccessRecord.Action.API_CRITICAL;
        }
        return null;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static String authentication(HttpServletRequest request, Authentication auth) {
        if (auth instanceof ApiTokenAuthentication) {
            return "token";
        }
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6) ? "basic" : "session";
    }

    /** The UID after {@code name} in the path, if it is one (a malformed one stays only in the recorded path). */
    private static String afterSegment(String[] segments, String name) {
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].equals(name)) {
                return Uids.isValid(segments[i + 1]) ? segments[i + 1] : null;
            }
        }
        return null;
    }

    private static String parameter(HttpServletRequest request, List<String> names) {
        for (String name : names) {
            String value = request.getParameter(name);
            if (value != null && Uids.isValid(value.trim())) {
                return value.trim();
            }
        }
        return null;
    }

    private static String decoded(String query) {
        try {
            return URLDecoder.decode(query, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return query;  // malformed escapes: kept as sent
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
