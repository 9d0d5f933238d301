package org.rdc.ecg.model;

/**
 * The acquiring device's own global measurements (ms, bpm, degrees), null where not reported.
 * Kept apart from our analysis so the reader can compare both.
 */
public record DeviceMeasurements(Double heartRateBpm, Double rrMs, Double pDurationMs, Double prMs,
                                 Double qrsMs, Double qtMs, Double qtcMs,
                                 Double pAxisDeg, Double qrsAxisDeg, Double tAxisDeg) {

    public static DeviceMeasurements none() {
        return new DeviceMeasurements(null, null, null, null, null, null, null, null, null, null);
    }

    public boolean isEmpty() {
        return this.equals(none());
    }
}
