package org.rdc.ecg.analysis;

import java.util.List;
import java.util.Map;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.model.WaveformSet;

/**
 * Result of the automated analysis. It is decision support only: every consumer shows
 * {@link #NOTICE_EN} / {@link #NOTICE_ZH} with it, and a physician confirms the report.
 * Durations in ms, rates in bpm, axes in degrees, ST levels in uV; null where not measurable.
 *
 * @param beatTimesS     QRS fiducial times from the start of the recording
 * @param stJPointUv     ST level at the J point per lead, against the PQ junction
 * @param medianBeat     the representative beats the waves were measured on
 * @param limits         wave limits on the median beat
 * @param filtersApplied the filters actually applied (the notch only when mains was found)
 * @param filtered       the rhythm leads after those filters, as measured and as drawn
 */
public record EcgAnalysis(SourceFormat format, List<String> leads, double sampleRateHz, Double heartRateBpm,
                          Double rrMs, Double pDurationMs, Double prMs, Double qrsMs, Double qtMs,
                          Double qtcBazettMs, Double qtcFridericiaMs, Double pAxisDeg, Double qrsAxisDeg,
                          Double tAxisDeg, Rhythm rhythm, Double longestRrS, List<Statement> statements,
                          List<CriticalFlag> criticalFlags, Map<String, Double> stJPointUv, List<Double> beatTimesS,
                          MedianBeat medianBeat, WaveLimits limits, AnalysisSettings settings,
                          FilterSettings filtersApplied, WaveformSet filtered) {

    public static final String NOTICE_EN =
            "Automated analysis for clinical decision support only; it must be confirmed by a physician.";
    public static final String NOTICE_ZH = "自动分析结果仅供临床决策参考，须经医师审核确认。";

    public boolean critical() {
        return !criticalFlags.isEmpty();
    }
}
