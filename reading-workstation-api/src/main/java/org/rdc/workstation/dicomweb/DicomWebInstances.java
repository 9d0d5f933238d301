package org.rdc.workstation.dicomweb;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.rdc.dicom.uid.Uids;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.InstanceSummary;
import org.rdc.storage.catalog.SeriesSummary;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Callers;
import org.springframework.stereotype.Component;

/**
 * The instances a DICOMweb request names (PS3.18 §10.4.1 study, series and instance resources),
 * found through the catalog in the caller's {@link CatalogScope} and opened from the spool or the
 * object store. A malformed UID is 400; a study, series or instance that is unknown or outside the
 * caller's scope is 404, with the same message either way. Nothing here writes.
 */
@Component
public class DicomWebInstances {

    /** One instance of the request's resource: where it sits in the hierarchy and what the catalog knows of it. */
    public record Target(String studyUid, String seriesUid, InstanceSummary instance) {
        public String sopInstanceUid() {
            return instance.sopInstanceUid();
        }

        public String transferSyntaxUid() {
            return instance.transferSyntaxUid();
        }
    }

    private final InstanceStore store;
    private final Callers callers;

    public DicomWebInstances(InstanceStore store, Callers callers) {
        this.store = store;
        this.callers = callers;
    }

    /** The caller's scope, read once per request (it reads the user table). */
    public CatalogScope scope() {
        return callers.current().catalogScope();
    }

    /** Every instance of the study, series by series; 404 when the caller may not see it. */
    public List<Target> study(CatalogScope scope, String studyUid) {
        StudyDetail study = detail(scope, studyUid);
        List<Target> all = new ArrayList<>();
        for (SeriesSummary se : study.series()) {
            for (InstanceSummary i : se.instances()) {
                all.add(new Target(studyUid, se.seriesInstanceUid(), i));
            }
        }
        return all;
    }

    /** Every instance of one series of the study. */
    public List<Target> series(CatalogScope scope, String studyUid, String seriesUid) {
        uid("Series Instance UID", seriesUid);
        SeriesSummary se = seriesOf(detail(scope, studyUid), seriesUid);
        List<Target> all = new ArrayList<>();
        for (InstanceSummary i : se.instances()) {
            all.add(new Target(studyUid, seriesUid, i));
        }
        return all;
    }

    /** One instance, which must belong to the series and study the URL names. */
    public Target instance(CatalogScope scope, String studyUid, String seriesUid, String sopInstanceUid) {
        uid("Series Instance UID", seriesUid);
        uid("SOP Instance UID", sopInstanceUid);
        SeriesSummary se = seriesOf(detail(scope, studyUid), seriesUid);
        for (InstanceSummary i : se.instances()) {
            if (i.sopInstanceUid().equals(sopInstanceUid)) {
                return new Target(studyUid, seriesUid, i);
            }
        }
        throw WorkstationException.notFound("no instance " + sopInstanceUid + " in series " + seriesUid + " of study " + studyUid);
    }

    /**
     * The instance's current version, located again in scope: one replaced since the listing is
     * served as the current one; one no longer visible is 404.
     */
    public StoredObject locate(CatalogScope scope, Target target) {
        return store.catalog().locate(scope, target.sopInstanceUid())
                .orElseThrow(() -> WorkstationException.notFound("no instance " + target.sopInstanceUid()));
    }

    /**
     * The stored bytes, from the spool or the object store, checked against their SHA-256 as they are
     * read: a mismatch fails the read at the end, so a streamed response is cut off, never completed.
     */
    public InputStream open(StoredObject located) {
        return store.open(located);
    }

    private StudyDetail detail(CatalogScope scope, String studyUid) {
        uid("Study Instance UID", studyUid);
        return store.catalog().study(scope, studyUid)
                .orElseThrow(() -> WorkstationException.notFound("no study " + studyUid));
    }

    private static SeriesSummary seriesOf(StudyDetail study, String seriesUid) {
        for (SeriesSummary se : study.series()) {
            if (se.seriesInstanceUid().equals(seriesUid)) {
                return se;
            }
        }
        throw WorkstationException.notFound("no series " + seriesUid + " in study " + study.study().studyInstanceUid());
    }

    /** PS3.5 §9.1 via the project's one validator: a malformed UID in the URL is 400, not 404. */
    public static void uid(String what, String uid) {
        if (!Uids.isValid(uid)) {
            throw WorkstationException.invalid(what + " '" + uid + "' is not a valid UID (PS3.5 §9.1: digits and dots, "
                    + "no leading zeros, at most " + Uids.MAX_LENGTH + " characters)");
        }
    }
}
