package org.rdc.ecg.analysis;

/**
 * When an ECG is a critical value (危急值) that must reach the treating doctor at once and jumps
 * the reading queue. Defaults follow common Chinese hospital critical-value lists.
 *
 * @param pauseSeconds     longest RR (or stretch without QRS) at or above which a pause is critical
 * @param minRateBpm       heart rate below this is critical bradycardia
 * @param maxRateBpm       heart rate at or above this is critical tachycardia
 * @param qtcMs            QTc (by {@code qtcFormula}) at or above this is critical
 * @param stElevation      suspected STEMI criteria
 */
public record CriticalThresholds(double pauseSeconds, double minRateBpm, double maxRateBpm, double qtcMs,
                                 QtcFormula qtcFormula, StElevationCriteria stElevation) {

    public static CriticalThresholds defaults() {
        return new CriticalThresholds(3.0, 40, 150, 550, QtcFormula.BAZETT, StElevationCriteria.fourthUniversalDefinition());
    }
}
