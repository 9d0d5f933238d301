package org.rdc.workstation.audit;

import java.time.Instant;

/**
 * One read of patient data: who ({@code username}, and how they signed in), what ({@code action}, the path
 * and the query text), which study, series and instance where the request names them, when, from which
 * address, and the HTTP status it was answered with (a refused read is recorded too, e.g. 404).
 *
 * @param authentication {@code token}, {@code basic} or {@code session}
 */
public record AccessRecord(long id, Instant at, String username, String authentication, String remoteAddress,
                           String httpMethod, Action action, String path, String query, String studyUid,
                           String seriesUid, String instanceUid, int status) {

    /** What kind of read it was. */
    public enum Action {
        /** QIDO-RS search (PS3.18 §10.6). */
        QIDO,
        /** WADO-RS retrieve: instances, metadata, frames, bulk data (PS3.18 §10.4). */
        WADO_RS,
        /** WADO-RS rendered images and thumbnails (PS3.18 §10.4.1.1.3, §10.4.1.1.4). */
        RENDERED,
        /** WADO-URI (PS3.18 §9). */
        WADO_URI,
        /** {@code /api/studies} lists and details. */
        API_STUDIES,
        /** {@code /api/studies/{uid}/ecg}: an ECG's leads and analysis for the viewer. */
        API_ECG,
        /** {@code /api/studies/{uid}/holter...}: a Holter analysis, strips, overview, trends and events. */
        API_HOLTER,
        /** {@code /api/instances/{uid}/file}: the stored bytes. */
        API_FILE,
        /** {@code /api/reports}, and a task's report {@code /api/tasks/{id}/report}. */
        API_REPORTS,
        /** {@code /api/tasks/{id}}: the task with its study, patient and priors. */
        API_TASKS,
        /** {@code /api/worklist}: a page of tasks with their patients. */
        API_WORKLIST,
        /** {@code POST /api/reports/verify}: an uploaded PDF checked against the issued reports. */
        REPORT_VERIFY,
        /** {@code /api/critical-values}: critical value notifications (patient, study, finding). */
        API_CRITICAL
    }
}
