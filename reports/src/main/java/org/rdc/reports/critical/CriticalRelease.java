package org.rdc.reports.critical;

import org.rdc.reports.lifecycle.ReleaseStep;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportVersion;

/**
 * A released report version (preliminary or FINAL) flagged critical raises its notification, in the
 * releasing transaction. A STAT report's preliminary and its FINAL are one version: the notification
 * raised by the preliminary is the one the FINAL finds. A correction or addendum that is still
 * critical is a new version and raises its own (a changed critical result is announced again).
 */
public final class CriticalRelease implements ReleaseStep {

    private final CriticalValues values;

    public CriticalRelease(CriticalValues values) {
        this.values = values;
    }

    @Override
    public void released(Report r, ReportVersion v, ArchivedDocument d) {
        if (!v.critical()) {
            return;
        }
        String impression = v.sections().impression();
        values.raise(CriticalAlert.report(r.id(), v.number(), r.facilityId(), r.studyInstanceUid(), r.patientId(), r.patientName(),
                r.serviceLine(), v.criticalCategory(), impression == null || impression.isBlank() ? v.sections().findings() : impression));
    }
}
