package org.rdc.workstation.verification;

import java.time.ZoneId;

/**
 * @param maxUploadBytes   the largest PDF {@code POST /api/reports/verify} takes (a signed report is a few hundred kB)
 * @param lookupsPerMinute public {@code /verify/{code}} lookups one client address may make per minute
 * @param zone             the zone the public page prints times in (the reports' printing zone)
 */
public record VerificationSettings(long maxUploadBytes, int lookupsPerMinute, ZoneId zone) {
}
