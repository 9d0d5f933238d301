package org.rdc.ecg.model;

/**
 * Filter corner frequencies in Hz; null when off or not stated. Used both for what the device says
 * it applied and for what our analysis applied, so a reader can see both on the printout.
 */
public record FilterSettings(Double highPassHz, Double lowPassHz, Double notchHz) {

    public static FilterSettings unknown() {
        return new FilterSettings(null, null, null);
    }
}
