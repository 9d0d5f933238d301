package org.rdc.ecg.analysis;

/**
 * A critical value (危急值) found by the automated analysis.
 *
 * @param value     the measured value that met the criterion (unit in the text)
 * @param threshold the configured threshold it was compared with
 */
public record CriticalFlag(String code, String en, String zh, double value, double threshold) {
}
