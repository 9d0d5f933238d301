package org.rdc.workstation.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rdc.dicom.json.JsonWriter;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.SearchPage;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.dicomweb.QidoAttributes.Result;
import org.rdc.workstation.dicomweb.QidoQuery.Level;
import org.rdc.workstation.security.Callers;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * QIDO-RS, the Search transaction (PS3.18 10.6): studies, series and instances of the catalog as
 * {@code application/dicom+json} (Annex F), for the caller's {@link CatalogScope}, the same as
 * {@code /api/studies}: a facility user finds only its facility's studies, and a study (or series) in
 * the path it may not see is 404. Matching is the catalog's ({@link org.rdc.storage.catalog.MatchKeys});
 * parameters are read by {@link QidoQuery}, results built by {@link QidoAttributes}.
 *
 * <p>A search with no match is 200 with an empty array: PS3.18 8.3.4.4.1 says 204, which RFC 9110
 * 15.3.5 forbids to carry the payload that section also asks for; CP-2473 corrects it to 200, and
 * viewers (OHIF, Weasis) expect a JSON array.
 */
@RestController
@RequestMapping("/dicomweb")
public class QidoController {

    /** PS3.18 8.3.4.4: results were cut at the limit. */
    static final String MORE_RESULTS = "The number of results exceeded the maximum supported by the server."
            + " Additional results can be requested.";
    /** PS3.18 8.3.4.2: fuzzy matching asked for, literal matching done. */
    static final String NO_FUZZY = "The fuzzymatching parameter is not supported. Only literal matching has been performed.";

    private final InstanceStore store;
    private final Callers callers;

    public QidoController(InstanceStore store, Callers callers) {
        this.store = store;
        this.callers = callers;
    }

    /** SearchForStudies (10.6.1, {@code /studies}). */
    @GetMapping("/studies")
    public ResponseEntity<String> studies(HttpServletRequest request) {
        return search(request, Level.STUDY, null, null);
    }

    /** SearchForSeries of one study ({@code /studies/{study}/series}). */
    @GetMapping("/studies/{study}/series")
    public ResponseEntity<String> seriesOfStudy(HttpServletRequest request, @PathVariable String study) {
        return search(request, Level.SERIES, study, null);
    }

    /** SearchForSeries across studies ({@code /series}). */
    @GetMapping("/series")
    public ResponseEntity<String> series(HttpServletRequest request) {
        return search(request, Level.SERIES, null, null);
    }

    /** SearchForInstances of one series ({@code /studies/{study}/series/{series}/instances}). */
    @GetMapping("/studies/{study}/series/{series}/instances")
    public ResponseEntity<String> instancesOfSeries(HttpServletRequest request, @PathVariable String study,
                                                    @PathVariable String series) {
        return search(request, Level.INSTANCE, study, series);
    }

    /** SearchForInstances of one study ({@code /studies/{study}/instances}). */
    @GetMapping("/studies/{study}/instances")
    public ResponseEntity<String> instancesOfStudy(HttpServletRequest request, @PathVariable String study) {
        return search(request, Level.INSTANCE, study, null);
    }

    /** SearchForInstances across studies ({@code /instances}). */
    @GetMapping("/instances")
    public ResponseEntity<String> instances(HttpServletRequest request) {
        return search(request, Level.INSTANCE, null, null);
    }

    private ResponseEntity<String> search(HttpServletRequest request, Level level, String study, String series) {
        CatalogScope scope = callers.current().catalogScope();
        QidoQuery q = QidoQuery.parse(level, request.getParameterMap(), study, series);
        if (!acceptsDicomJson(request.getHeader(HttpHeaders.ACCEPT)) || !acceptsDicomJson(request.getParameter("accept"))) {
            return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem(406, "Not Acceptable", "search results are offered as application/dicom+json only (PS3.18 8.7.3)"));
        }
        if (study != null && !store.catalog().contains(scope, study, series)) {
            throw WorkstationException.notFound(series == null ? "no study " + study : "no series " + series + " in study " + study);
        }
        SearchPage<Result> page = switch (level) {
            case STUDY -> map(store.catalog().searchStudies(scope, q.keys), Result::of);
            case SERIES -> map(store.catalog().searchSeries(scope, q.keys), Result::of);
            case INSTANCE -> map(store.catalog().searchInstances(scope, q.keys), Result::of);
        };
        // A search across studies (or across series) returns the upper levels' attributes too (10.6.3.3).
        boolean withUpperLevels = study == null || (level == Level.INSTANCE && series == null);
        String root = DicomWebRoot.of(request);
        StringBuilder body = new StringBuilder(page.matches().size() * 1024 + 2).append('[');
        JsonWriter json = new JsonWriter();
        for (Result r : page.matches()) {
            if (body.length() > 1) {
                body.append(',');
            }
            body.append(json.write(QidoAttributes.dataSet(r, q, withUpperLevels, root)));
        }
        body.append(']');
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(StowController.DICOM_JSON);
        String agent = "299 " + request.getServerName() + ": ";
        if (page.more()) {
            response.header(HttpHeaders.WARNING, agent + '"' + MORE_RESULTS + '"');
        }
        if (q.fuzzyAsked) {
            response.header(HttpHeaders.WARNING, agent + '"' + NO_FUZZY + '"');
        }
        return response.body(body.toString());
    }

    private static <T> SearchPage<Result> map(SearchPage<T> page, java.util.function.Function<T, Result> f) {
        List<Result> out = new ArrayList<>(page.matches().size());
        page.matches().forEach(m -> out.add(f.apply(m)));
        return new SearchPage<>(out, page.more());
    }

    /** No Accept, or one naming application/dicom+json, application/json or a range covering them (quality 0 refuses). */
    static boolean acceptsDicomJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip().toLowerCase(Locale.ROOT).replace(" ", "");
                if (p.matches("q=0(\\.0*)?")) {
                    refused = true;
                }
            }
            if (!refused && (type.equals("application/dicom+json") || type.equals("application/json")
                    || type.equals("application/*") || type.equals("*/*") || type.equals("*"))) {
                return true;
            }
        }
        return false;
    }

    private static String problem(int status, String title, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }
}
