package org.rdc.workstation.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportEvent;
import org.rdc.reports.model.ReportState;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.model.VersionKind;

/**
 * A report as the API shows it: the report, every version the caller may see (each marked
 * current or not), the version in front (the open one for the centre's staff, the current one for
 * a facility), its documents and, for staff, the history.
 */
public record ReportView(long id, long taskId, String studyInstanceUid, String facilityId, String serviceLine, boolean stat,
                         Patient patient, Examination examination, Integer currentVersion, int latestVersion,
                         List<VersionSummary> versions, ReportVersion version, List<ArchivedDocument> documents,
                         List<ReportEvent> history) {

    public record Patient(String id, String name, String sex, LocalDate birthDate) {
    }

    public record Examination(String accessionNumber, LocalDate studyDate, String description, List<String> modalities) {
    }

    /** One version in the list: {@code current} is true for exactly the report's current (newest FINAL) version. */
    public record VersionSummary(int number, VersionKind kind, Integer follows, String reason, ReportState state, boolean current,
                                 boolean preliminary, String templateId, int templateVersion, String author, String authorName,
                                 Instant signedAt, String verifier, String verifierName, Instant verifiedAt, Instant finalAt) {

        static VersionSummary of(Report r, ReportVersion v) {
            return new VersionSummary(v.number(), v.kind(), v.follows(), v.reason(), v.state(),
                    r.currentVersion() != null && r.currentVersion() == v.number(), v.preliminaryAt() != null, v.templateId(),
                    v.templateVersion(), v.author(), v.authorName(), v.signedAt(), v.verifier(), v.verifierName(), v.verifiedAt(),
                    v.finalAt());
        }
    }

    /** One row of a report list. */
    public record Item(long id, long taskId, String studyInstanceUid, String facilityId, String serviceLine, Patient patient,
                       Examination examination, Integer currentVersion, int latestVersion, ReportState latestState) {
    }
}
