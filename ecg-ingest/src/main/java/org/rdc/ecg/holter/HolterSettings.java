package org.rdc.ecg.holter;

/**
 * The configurable thresholds of a Holter analysis. Defaults: pauses from 2.0 s (issue 14); episode
 * definitions of the 2017 ISHNE/HRS expert consensus on ambulatory ECG (Steinberg et al., Heart
 * Rhythm 14(7)): tachycardia runs of 3 or more beats over 100 bpm, sustained ventricular tachycardia
 * from 30 s, atrial fibrillation episodes from 30 s; ST episodes by the "1 x 1 x 1" rule (0.1 mV,
 * 1 min, episodes 1 min apart); critical values (危急值) as issue 14 lists them: pause from 3 s,
 * heart rate under 35 or over 180 bpm sustained for {@code sustainedRateSeconds}.
 */
public record HolterSettings(double pauseSeconds, double tachycardiaBpm, double sustainedVtSeconds, double afMinSeconds,
        double stDeviationUv, double stMinSeconds, double criticalPauseSeconds, double criticalMinBpm, double criticalMaxBpm,
        double sustainedRateSeconds, double escapeMaxBpm, double wideQrsMs) {

    public static HolterSettings defaults() {
        return new HolterSettings(RhythmSummary.DEFAULT_PAUSE_SECONDS, 100, 30, 30, 100, 60, 3.0, 35, 180, 30, 40, 120);
    }

    public HolterSettings withPauseSeconds(double seconds) {
        return new HolterSettings(seconds, tachycardiaBpm, sustainedVtSeconds, afMinSeconds, stDeviationUv, stMinSeconds,
                criticalPauseSeconds, criticalMinBpm, criticalMaxBpm, sustainedRateSeconds, escapeMaxBpm, wideQrsMs);
    }

    public HolterSettings withSustainedRateSeconds(double seconds) {
        return new HolterSettings(pauseSeconds, tachycardiaBpm, sustainedVtSeconds, afMinSeconds, stDeviationUv, stMinSeconds,
                criticalPauseSeconds, criticalMinBpm, criticalMaxBpm, seconds, escapeMaxBpm, wideQrsMs);
    }
}
