package org.rdc.reports.lifecycle;

import java.time.LocalDate;
import org.rdc.reports.model.ReportState;

/**
 * A search over reports: of one facility ({@code facilityId} null: every facility), of some service
 * lines (null: all), by patient ID or name (a part of it), study date range, modality and the
 * state of the latest version; {@code releasedOnly}: only reports released to their facility (a FINAL version, or a STAT
 * report's preliminary release).
 */
public record ReportQuery(String facilityId, java.util.Set<String> serviceLines, String patient, LocalDate from, LocalDate to,
                          String modality, ReportState state, boolean releasedOnly, int page, int size) {

    public static final int MAX_SIZE = 200;

    public ReportQuery {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size within 1.." + MAX_SIZE);
        }
    }
}
