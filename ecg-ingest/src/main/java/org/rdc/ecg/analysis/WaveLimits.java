package org.rdc.ecg.analysis;

/**
 * Global wave limits on the median beat, as sample indices (null where a wave was not found) and
 * the per-lead isoelectric level at the PQ junction that amplitudes are measured from.
 * {@code pClarity} is the P wave's peak spatial velocity over the noise floor (0 without P).
 */
public record WaveLimits(Integer pOnset, Integer pOffset, double pClarity, int qrsOnset, int qrsOffset, Integer tOffset, double[] baselineUv) {
}
