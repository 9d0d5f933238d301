package org.rdc.storage.catalog;

import java.time.LocalDate;

/** Filters for listing studies; null means "any". Dates are inclusive and compare the study date. */
public record StudyQuery(String patientId, String facilityId, LocalDate from, LocalDate to, int offset, int limit) {

    public static final int MAX_LIMIT = 500;

    public StudyQuery {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ": " + limit);
        }
    }

    public static StudyQuery all() {
        return new StudyQuery(null, null, null, null, 0, 100);
    }
}
