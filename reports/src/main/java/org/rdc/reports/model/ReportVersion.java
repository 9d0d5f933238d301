package org.rdc.reports.model;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * One version of a report. {@code follows} is the number of the version a correction or addendum
 * follows (null for the original). {@code draftRevision} counts the saves of its content;
 * {@code contentSha256} is the digest of the content as signed (null before).
 */
public record ReportVersion(long id, long reportId, int number, VersionKind kind, Integer follows, String reason, ReportState state,
                            String templateId, int templateVersion, Sections sections, ObjectNode fields, boolean critical,
                            String criticalCategory, String sharingMark, int draftRevision, String author, String authorName,
                            boolean requiresVerification, String verifier, String verifierName, Instant preliminaryAt,
                            Instant signedAt, Instant verifiedAt, Instant finalAt, String contentSha256, Instant createdAt,
                            Instant updatedAt) {
}
