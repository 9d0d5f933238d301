package org.rdc.reports.verification;

/**
 * One signed report version as the report store issued it.
 *
 * @param code           its verification code
 * @param reportId       the report it is a version of
 * @param version        its version number (1, 2, ...)
 * @param currentVersion the report's current version number; this one is current when they are equal
 * @param sha256         SHA-256 (lower-case hex) of its signed PDF
 * @param facilityId     the facility the report belongs to (for the authenticated check's scope)
 */
public record IssuedDocument(String code, String reportId, int version, int currentVersion, String sha256, String facilityId) {

    public boolean current() {
        return version == currentVersion;
    }
}
