package org.rdc.storage.catalog;

import java.time.LocalDate;
import java.util.List;

/**
 * What a DICOM search (QIDO-RS, PS3.18 10.6) asks the catalog for: matching keys as PS3.4 C.2.2.2
 * defines them, each null (or an empty list) for "any", and the page wanted.
 *
 * <ul>
 * <li>{@code patientName}: a PN key with {@code *} and {@code ?} wildcards, matched without regard to
 * case against each component group (see {@link PersonNameKey}).
 * <li>{@code patientId}, {@code issuerOfPatientId}, {@code accessionNumber}, {@code studyDescription},
 * {@code seriesDescription}: single value matching, with wildcard matching when the key holds
 * {@code *} or {@code ?} (C.2.2.2.1, C.2.2.2.4).
 * <li>{@code studyDate}, {@code studyTime}: range matching (C.2.2.2.5); given together they are one
 * date-time range (C.2.2.2.5.1, combined date and time range matching).
 * <li>UID lists (C.2.2.2.2): any of the UIDs; {@code modalitiesInStudy}: a study with a series of any of these
 * modalities; {@code modalities}: the series' own modality is one of these.
 * </ul>
 */
public record MatchKeys(
        String patientName,
        String patientId,
        String issuerOfPatientId,
        DateRange studyDate,
        TimeRange studyTime,
        String accessionNumber,
        String studyDescription,
        List<String> studyInstanceUids,
        List<String> modalitiesInStudy,
        List<String> seriesInstanceUids,
        List<String> modalities,
        Integer seriesNumber,
        String seriesDescription,
        List<String> sopInstanceUids,
        List<String> sopClassUids,
        Integer instanceNumber,
        int offset,
        int limit) {

    /** The most results one search returns; a larger limit is cut to it (PS3.18 8.3.4.4). */
    public static final int MAX_LIMIT = 1000;

    public MatchKeys {
        studyInstanceUids = List.copyOf(studyInstanceUids == null ? List.of() : studyInstanceUids);
        modalitiesInStudy = List.copyOf(modalitiesInStudy == null ? List.of() : modalitiesInStudy);
        seriesInstanceUids = List.copyOf(seriesInstanceUids == null ? List.of() : seriesInstanceUids);
        modalities = List.copyOf(modalities == null ? List.of() : modalities);
        sopInstanceUids = List.copyOf(sopInstanceUids == null ? List.of() : sopInstanceUids);
        sopClassUids = List.copyOf(sopClassUids == null ? List.of() : sopClassUids);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ": " + limit);
        }
    }

    /** Dates, inclusive; either end open (null). */
    public record DateRange(LocalDate from, LocalDate to) {
        public DateRange {
            if (from != null && to != null && from.isAfter(to)) {
                throw new IllegalArgumentException("the date range starts after it ends: " + from + " > " + to);
            }
        }
    }

    /**
     * Times of day as TM text (HHMMSS.FFFFFF, shorter forms allowed), inclusive; either end open. The
     * upper end covers the whole of its last unit: 12 is up to 12:59:59.999999.
     */
    public record TimeRange(String from, String to) {
        public TimeRange {
            if (from != null && to != null && from.compareTo(upperBound(to)) > 0) {
                throw new IllegalArgumentException("the time range starts after it ends: " + from + " > " + to);
            }
        }

        String upperBound() {
            return to == null ? null : upperBound(to);
        }

        private static String upperBound(String tm) {
            return tm + "995959.999999".substring(Math.min(tm.length(), 13));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keys set one at a time; unset ones match anything. */
    public static final class Builder {
        private String patientName;
        private String patientId;
        private String issuerOfPatientId;
        private DateRange studyDate;
        private TimeRange studyTime;
        private String accessionNumber;
        private String studyDescription;
        private List<String> studyInstanceUids = List.of();
        private List<String> modalitiesInStudy = List.of();
        private List<String> seriesInstanceUids = List.of();
        private List<String> modalities = List.of();
        private Integer seriesNumber;
        private String seriesDescription;
        private List<String> sopInstanceUids = List.of();
        private List<String> sopClassUids = List.of();
        private Integer instanceNumber;
        private int offset;
        private int limit = 100;

        public Builder patientName(String v) { patientName = v; return this; }
        public Builder patientId(String v) { patientId = v; return this; }
        public Builder issuerOfPatientId(String v) { issuerOfPatientId = v; return this; }
        public Builder studyDate(DateRange v) { studyDate = v; return this; }
        public Builder studyTime(TimeRange v) { studyTime = v; return this; }
        public Builder accessionNumber(String v) { accessionNumber = v; return this; }
        public Builder studyDescription(String v) { studyDescription = v; return this; }
        public Builder studyInstanceUids(List<String> v) { studyInstanceUids = v; return this; }
        public Builder modalitiesInStudy(List<String> v) { modalitiesInStudy = v; return this; }
        public Builder seriesInstanceUids(List<String> v) { seriesInstanceUids = v; return this; }
        public Builder modalities(List<String> v) { modalities = v; return this; }
        public Builder seriesNumber(Integer v) { seriesNumber = v; return this; }
        public Builder seriesDescription(String v) { seriesDescription = v; return this; }
        public Builder sopInstanceUids(List<String> v) { sopInstanceUids = v; return this; }
        public Builder sopClassUids(List<String> v) { sopClassUids = v; return this; }
        public Builder instanceNumber(Integer v) { instanceNumber = v; return this; }
        public Builder offset(int v) { offset = v; return this; }
        public Builder limit(int v) { limit = v; return this; }

        public MatchKeys build() {
            return new MatchKeys(patientName, patientId, issuerOfPatientId, studyDate, studyTime, accessionNumber, studyDescription,
                    studyInstanceUids, modalitiesInStudy, seriesInstanceUids, modalities, seriesNumber, seriesDescription,
                    sopInstanceUids, sopClassUids, instanceNumber, offset, limit);
        }
    }
}
