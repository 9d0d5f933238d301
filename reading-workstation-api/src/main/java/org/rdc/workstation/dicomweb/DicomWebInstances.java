package org.rdc.workstation.dicomweb;

import java.io.InputStream;
import java.util.List;
import org.rdc.dicom.uid.Uids;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.LocatedInstance;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Callers;
import org.springframework.stereotype.Component;

/**
 * The instances a DICOMweb request names (PS3.18 §10.4.1 study, series and instance resources),
 * found through the catalog in the caller's {@link CatalogScope}, each with where its current version's
 * bytes are (one catalog query per request, whatever the number of instances), and opened from the spool or
 * the object store. A malformed UID is 400; a study, series or instance that is unknown or outside the
 * caller's scope is 404, with the same message either way. Nothing here writes.
 */
@Component
public class DicomWebInstances {

    /** One instance of the request's resource: where it sits in the hierarchy, what it is and where its bytes are. */
    public record Target(String studyUid, LocatedInstance instance) {
        public String seriesUid() {
            return instance.seriesInstanceUid();
        }

        public String sopInstanceUid() {
            return instance.sopInstanceUid();
        }

        public String transferSyntaxUid() {
            return instance.transferSyntaxUid();
        }

        /** The version current when the request listed it: a retrieval sends the bytes it located, even if replaced meanwhile. */
        public StoredObject object() {
            return instance.object();
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
        uid("Study Instance UID", studyUid);
        List<Target> all = targets(scope, studyUid, null, null);
        if (all.isEmpty()) {
            throw WorkstationException.notFound("no study " + studyUid);
        }
        return all;
    }

    /** Every instance of one series of the study. */
    public List<Target> series(CatalogScope scope, String studyUid, String seriesUid) {
        uid("Study Instance UID", studyUid);
        uid("Series Instance UID", seriesUid);
        List<Target> all = targets(scope, studyUid, seriesUid, null);
        if (all.isEmpty()) {
            throw notFound(scope, studyUid, seriesUid, "no series " + seriesUid + " in study " + studyUid);
        }
        return all;
    }

    /** One instance, which must belong to the series and study the URL names. */
    public Target instance(CatalogScope scope, String studyUid, String seriesUid, String sopInstanceUid) {
        uid("Study Instance UID", studyUid);
        uid("Series Instance UID", seriesUid);
        uid("SOP Instance UID", sopInstanceUid);
        List<Target> one = targets(scope, studyUid, seriesUid, sopInstanceUid);
        if (one.isEmpty()) {
            throw notFound(scope, studyUid, seriesUid,
                    "no instance " + sopInstanceUid + " in series " + seriesUid + " of study " + studyUid);
        }
        return one.get(0);
    }

    /**
     * The stored bytes, from the spool or the object store, checked against their SHA-256 as they are
     * read: a mismatch fails the read at the end, so a streamed response is cut off, never completed.
     */
    public InputStream open(StoredObject located) {
        return store.open(located);
    }

    /** Part of the stored bytes, for one frame of a large instance: not checked, see {@link InstanceStore#openRange}. */
    public InputStream openRange(StoredObject located, long offset, long length) {
        return store.openRange(located, offset, length);
    }

    private List<Target> targets(CatalogScope scope, String studyUid, String seriesUid, String sopInstanceUid) {
        return store.catalog().instances(scope, studyUid, seriesUid, sopInstanceUid).stream()
                .map(i -> new Target(studyUid, i)).toList();
    }

    /** The 404 of an empty answer names the first level that is missing; asked only once the answer is empty. */
    private WorkstationException notFound(CatalogScope scope, String studyUid, String seriesUid, String otherwise) {
        if (!store.catalog().contains(scope, studyUid, null)) {
            return WorkstationException.notFound("no study " + studyUid);
        }
        if (!store.catalog().contains(scope, studyUid, seriesUid)) {
            return WorkstationException.notFound("no series " + seriesUid + " in study " + studyUid);
        }
        return WorkstationException.notFound(otherwise);
    }

    /** PS3.5 §9.1 via the project's one validator: a malformed UID in the URL is 400, not 404. */
    public static void uid(String what, String uid) {
        if (!Uids.isValid(uid)) {
            throw WorkstationException.invalid(what + " '" + uid + "' is not a valid UID (PS3.5 §9.1: digits and dots, "
                    + "no leading zeros, at most " + Uids.MAX_LENGTH + " characters)");
        }
    }
}
