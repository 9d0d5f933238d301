package org.rdc.reports.verification;

import org.rdc.reports.model.SignatureRole;

/**
 * One signed report document as the report store issued it.
 *
 * @param code           its verification code (printed, and in the QR code)
 * @param reportId       the report it is a document of
 * @param version        its version number (1, 2, ...)
 * @param currentVersion the report's current (newest FINAL) version number, 0 while none is FINAL
 * @param role           which signing step issued it: a STAT preliminary, the author's, or the countersigned one
 * @param superseded     a later document replaces it: a newer current version, or the same version's
 *                       later document (the FINAL after a preliminary, the countersigned after the author's)
 * @param sha256         SHA-256 (lower-case hex) of its signed PDF
 * @param facilityId     the facility the report belongs to (for the authenticated check's scope)
 */
public record IssuedDocument(String code, String reportId, int version, int currentVersion, SignatureRole role, boolean superseded,
                             String sha256, String facilityId) {

    public boolean current() {
        return !superseded;
    }
}
