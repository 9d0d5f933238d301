package org.rdc.ecg.analysis;

/**
 * A critical value (危急值) found by the automated analysis.
 *
 * @param value     the measured value that met the criterion (unit in the text)
 * @param threshold the configured threshold it was compared with
 */
public record CriticalFlag(String code, String en, String zh, double value, double threshold) {

    /** A pause (no beat) of {@code seconds}, at or over {@code threshold}: the same words for a resting ECG and a Holter day. */
    public static CriticalFlag pause(double seconds, double threshold) {
        return new CriticalFlag("PAUSE", String.format("Pause of %.1f s (>= %.1f s)", seconds, threshold),
                String.format("长间歇 %.1f 秒（≥ %.1f 秒）", seconds, threshold), Math.round(seconds * 10) / 10.0, threshold);
    }
}
