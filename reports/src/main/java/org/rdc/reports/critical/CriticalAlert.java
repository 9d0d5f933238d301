package org.rdc.reports.critical;

import java.util.Objects;

/**
 * What raises a critical value: a source and its key, unique per source (raising the same one again
 * is a no-op), the facility and study it belongs to, and the text the facility reads.
 *
 * @param serviceLine RADIOLOGY, ULTRASOUND, ECG: decides the deadline
 */
public record CriticalAlert(CriticalNotification.Source source, String sourceKey, String facilityId, String studyInstanceUid,
                            String patientId, String patientName, String serviceLine, String category, String summary, Long reportId,
                            Integer reportVersion) {

    public CriticalAlert {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceKey, "sourceKey");
        Objects.requireNonNull(facilityId, "facilityId");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(serviceLine, "serviceLine");
        summary = summary == null || summary.isBlank() ? "危急值 critical value" : summary;
    }

    /** A released report version flagged critical. */
    public static CriticalAlert report(long reportId, int version, String facilityId, String studyUid, String patientId, String patientName,
                                       String serviceLine, String category, String impression) {
        return new CriticalAlert(CriticalNotification.Source.REPORT, "report/" + reportId + "/v" + version, facilityId, studyUid, patientId,
                patientName, serviceLine, category, impression, reportId, version);
    }

    /** An ECG study whose automatic analysis is critical; one per study, however often it is analysed. */
    public static CriticalAlert ecg(String facilityId, String studyUid, String patientId, String patientName, String flags, String summary) {
        return new CriticalAlert(CriticalNotification.Source.ECG, "ecg/" + studyUid, facilityId, studyUid, patientId, patientName, "ECG",
                flags, summary, null, null);
    }
}
