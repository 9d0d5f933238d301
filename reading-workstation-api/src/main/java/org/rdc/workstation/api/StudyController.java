package org.rdc.workstation.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageException;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.storage.catalog.StudyQuery;
import org.rdc.storage.catalog.StudySummary;
import org.rdc.workstation.security.Callers;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog over HTTP: what has arrived, and the stored bytes of any instance. Readers and
 * administrators see every facility; a facility user only its own: the catalog applies the
 * caller's {@link CatalogScope} to every query, so another facility's study or instance is "not
 * found"; asking for another facility's list is forbidden.
 */
@RestController
@RequestMapping("/api")
public class StudyController {

    public static final String APPLICATION_DICOM = "application/dicom";

    private final InstanceStore store;
    private final Callers callers;

    public StudyController(InstanceStore store, Callers callers) {
        this.store = store;
        this.callers = callers;
    }

    private CatalogScope scope() {
        return callers.current().catalogScope();
    }

    /** Newest first. {@code from}/{@code to} are ISO dates (2026-11-23) compared with the study date. */
    @GetMapping("/studies")
    public List<StudySummary> studies(@RequestParam(required = false) String patientId,
                                      @RequestParam(required = false) String facility,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                      @RequestParam(defaultValue = "0") int page,
                                      @RequestParam(defaultValue = "50") int size) {
        CatalogScope scope = scope();
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative: " + page);
        }
        String f = blankToNull(facility);
        if (f != null && !scope.admits(f)) {
            throw WorkstationException.forbidden("a user of facility " + scope.facilityId() + " sees only its own studies");
        }
        return store.catalog().findStudies(scope, new StudyQuery(blankToNull(patientId), f, from, to, page * size, size));
    }

    @GetMapping("/studies/{studyUid}")
    public StudyDetail study(@PathVariable String studyUid) {
        return store.catalog().study(scope(), studyUid)
                .orElseThrow(() -> new StorageException(StorageException.Kind.NOT_FOUND, "no study " + studyUid));
    }

    /**
     * The bytes exactly as received. Sent chunked: if they fail their SHA-256 check at the end, the
     * response is cut off rather than completed, so a client never takes damaged data for whole.
     */
    @GetMapping("/instances/{sopInstanceUid}/file")
    public void file(@PathVariable String sopInstanceUid, HttpServletResponse response) throws IOException {
        StoredObject o = store.catalog().locate(scope(), sopInstanceUid)
                .orElseThrow(() -> new StorageException(StorageException.Kind.NOT_FOUND, "no instance " + sopInstanceUid));
        try (InputStream in = store.open(sopInstanceUid)) {
            response.setContentType(APPLICATION_DICOM);
            response.setHeader("Content-Disposition", "attachment; filename=\"" + sopInstanceUid + ".dcm\"");
            response.setHeader("X-Content-SHA256", o.sha256());
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
