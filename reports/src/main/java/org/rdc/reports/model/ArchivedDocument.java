package org.rdc.reports.model;

import java.time.Instant;

/**
 * What one signing step stored: the signed PDF and the report JSON, by content-addressed key and
 * SHA-256, and the verification code printed on the PDF.
 */
public record ArchivedDocument(int version, SignatureRole role, String pdfKey, String pdfSha256, long pdfSize, String jsonKey,
                               String jsonSha256, String verificationCode, String signedBy, Instant createdAt) {
}
