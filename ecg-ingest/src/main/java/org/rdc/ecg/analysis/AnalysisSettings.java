package org.rdc.ecg.analysis;

import org.rdc.ecg.model.FilterSettings;

/**
 * How the analysis filters the signal and which thresholds raise critical flags. The filter
 * settings are recorded in every result and printed on every rendering.
 *
 * @param highPassHz baseline wander removal (zero-phase, so 0.5 Hz keeps ST levels; IEC
 *                   60601-2-25 allows up to 0.67 Hz for linear-phase filters)
 * @param notchHz    mains frequency (50 Hz in China); the notch is applied only when interference
 *                   at it is found in the recording, because it rings after sharp QRS edges; null
 *                   to never apply it
 * @param lowPassHz  high-frequency noise; 60 Hz (zero phase, 4th order overall) measured closest
 *                   to device intervals; null to switch off
 */
public record AnalysisSettings(Double highPassHz, Double notchHz, Double lowPassHz, CriticalThresholds critical) {

    public static AnalysisSettings defaults() {
        return new AnalysisSettings(0.5, 50.0, 60.0, CriticalThresholds.defaults());
    }

    public AnalysisSettings withCritical(CriticalThresholds thresholds) {
        return new AnalysisSettings(highPassHz, notchHz, lowPassHz, thresholds);
    }

    public AnalysisSettings withFilters(Double highPass, Double notch, Double lowPass) {
        return new AnalysisSettings(highPass, notch, lowPass, critical);
    }

    public FilterSettings filters() {
        return new FilterSettings(highPassHz, lowPassHz, notchHz);
    }
}
