package org.rdc.ecg.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.WaveformSet;

/**
 * Measures an ECG: filters, detects QRS complexes, builds median beats, finds global wave limits,
 * derives rate, intervals, QTc (Bazett and Fridericia), frontal axes and J-point ST levels, then
 * names the rhythm and raises critical flags per {@link CriticalThresholds}. Stateless.
 */
public final class EcgAnalyzer {

    /** An RR this long is reported as a pause even when below the critical threshold. */
    private static final double PAUSE_STATEMENT_S = 2.0;
    private static final double QTC_PROLONGED_MS = 460;
    private static final double IRREGULAR_RR = 0.10;
    /** P velocity over noise floor that counts as a clear P wave even in an irregular rhythm. */
    private static final double CLEAR_P = 3.0;

    public EcgAnalysis analyze(EcgRecord record, AnalysisSettings settings) {
        WaveformSet rhythm = equalLength(record.rhythm());
        SignalFilter.Result filter = SignalFilter.apply(rhythm, settings);
        WaveformSet filtered = filter.filtered();
        double fs = filtered.sampleRateHz();
        List<double[]> signals = filtered.leads().stream().map(Lead::samplesUv).toList();
        int[] beats = QrsDetector.detect(signals, fs);

        List<Double> times = new ArrayList<>();
        for (int b : beats) {
            times.add(b / fs);
        }
        Double rrMs = null;
        Double rate = null;
        if (beats.length >= 2) {
            rrMs = 1000.0 * (beats[beats.length - 1] - beats[0]) / fs / (beats.length - 1);
            rate = 60000.0 / rrMs;
        }
        double longestGapS = longestGap(beats, filtered.sampleCount(), fs);
        double longestRrS = 0;
        for (int i = 1; i < beats.length; i++) {
            longestRrS = Math.max(longestRrS, (beats[i] - beats[i - 1]) / fs);
        }

        MedianBeat median = MedianBeatBuilder.build(filtered, beats);
        WaveLimits limits = null;
        Double pDur = null;
        Double pr = null;
        Double qrs = null;
        Double qt = null;
        Double pAxis = null;
        Double qrsAxis = null;
        Double tAxis = null;
        Map<String, Double> st = new LinkedHashMap<>();
        boolean irregular = irregular(beats, fs);
        if (median.beatsUsed() > 0) {
            limits = Delineator.delineate(median, rrMs == null ? 0 : rrMs);
            if (irregular && limits.pOnset() != null && limits.pClarity() < CLEAR_P) {
                // With irregular RR a faint "P" in the median is more likely fibrillatory residue.
                limits = new WaveLimits(null, null, limits.pClarity(), limits.qrsOnset(), limits.qrsOffset(),
                        limits.tOffset(), limits.baselineUv());
            }
            double msPerSample = 1000.0 / fs;
            qrs = round((limits.qrsOffset() - limits.qrsOnset()) * msPerSample);
            if (limits.pOnset() != null) {
                pr = round((limits.qrsOnset() - limits.pOnset()) * msPerSample);
                pDur = round((limits.pOffset() - limits.pOnset()) * msPerSample);
                pAxis = round(FrontalAxis.of(median, limits.baselineUv(), limits.pOnset(), limits.pOffset()));
            }
            if (limits.tOffset() != null) {
                qt = round((limits.tOffset() - limits.qrsOnset()) * msPerSample);
                tAxis = round(FrontalAxis.of(median, limits.baselineUv(), limits.qrsOffset(), limits.tOffset()));
            }
            qrsAxis = round(FrontalAxis.of(median, limits.baselineUv(), limits.qrsOnset(), limits.qrsOffset()));
            for (int l = 0; l < median.leadNames().size(); l++) {
                st.put(median.leadNames().get(l),
                        round(median.samplesUv()[l][limits.qrsOffset()] - limits.baselineUv()[l]));
            }
        }
        Double qtcB = qt != null && rrMs != null ? round(QtcFormula.BAZETT.correct(qt, rrMs)) : null;
        Double qtcF = qt != null && rrMs != null ? round(QtcFormula.FRIDERICIA.correct(qt, rrMs)) : null;

        Rhythm rhythmClass = classify(beats, rate, irregular, limits != null && limits.pOnset() != null);
        List<Statement> statements = new ArrayList<>();
        statements.add(new Statement(rhythmClass.name(), rhythmClass.en(), rhythmClass.zh()));
        boolean sinus = rhythmClass == Rhythm.SINUS_RHYTHM || rhythmClass == Rhythm.SINUS_BRADYCARDIA
                || rhythmClass == Rhythm.SINUS_TACHYCARDIA;
        if (rate != null && !sinus && rate < 60) {
            statements.add(new Statement("BRADYCARDIA", "Bradycardia", "心动过缓"));
        }
        if (rate != null && !sinus && rate > 100) {
            statements.add(new Statement("TACHYCARDIA", "Tachycardia", "心动过速"));
        }
        if (longestGapS >= PAUSE_STATEMENT_S) {
            statements.add(new Statement("PAUSE", String.format("Pause of %.1f s", longestGapS),
                    String.format("长间歇 %.1f 秒", longestGapS)));
        }
        if (pr != null && pr > 200) {
            statements.add(new Statement("FIRST_DEGREE_AV_BLOCK", "First-degree AV block (PR > 200 ms)",
                    "一度房室传导阻滞（PR间期 > 200 ms）"));
        }
        if (qrs != null && qrs >= 120) {
            statements.add(new Statement("WIDE_QRS", "Wide QRS (>= 120 ms)", "QRS波群增宽（≥ 120 ms）"));
        }
        if (qtcB != null && qtcB >= QTC_PROLONGED_MS) {
            statements.add(new Statement("QTC_PROLONGED", "Prolonged QTc", "QTc间期延长"));
        }
        if (qrsAxis != null && qrsAxis < -30 && qrsAxis >= -90) {
            statements.add(new Statement("LEFT_AXIS_DEVIATION", "Left axis deviation", "电轴左偏"));
        }
        if (qrsAxis != null && qrsAxis > 90) {
            statements.add(new Statement("RIGHT_AXIS_DEVIATION", "Right axis deviation", "电轴右偏"));
        }

        CriticalThresholds c = settings.critical();
        List<CriticalFlag> flags = new ArrayList<>();
        if (longestGapS >= c.pauseSeconds()) {
            flags.add(CriticalFlag.pause(longestGapS, c.pauseSeconds()));
        }
        if (rate != null && rate < c.minRateBpm()) {
            flags.add(new CriticalFlag("EXTREME_BRADYCARDIA",
                    String.format("Heart rate %.0f bpm (< %.0f)", rate, c.minRateBpm()),
                    String.format("严重心动过缓：心率 %.0f 次/分（< %.0f）", rate, c.minRateBpm()), round(rate), c.minRateBpm()));
        }
        if (rate != null && rate >= c.maxRateBpm()) {
            flags.add(new CriticalFlag("EXTREME_TACHYCARDIA",
                    String.format("Heart rate %.0f bpm (>= %.0f)", rate, c.maxRateBpm()),
                    String.format("严重心动过速：心率 %.0f 次/分（≥ %.0f）", rate, c.maxRateBpm()), round(rate), c.maxRateBpm()));
        }
        Double qtcCritical = c.qtcFormula() == QtcFormula.BAZETT ? qtcB : qtcF;
        if (qtcCritical != null && qtcCritical >= c.qtcMs()) {
            String formula = c.qtcFormula() == QtcFormula.BAZETT ? "Bazett" : "Fridericia";
            flags.add(new CriticalFlag("QTC_PROLONGED",
                    String.format("QTc (%s) %.0f ms (>= %.0f)", formula, qtcCritical, c.qtcMs()),
                    String.format("QTc（%s）%.0f ms（≥ %.0f）", formula, qtcCritical, c.qtcMs()), qtcCritical, c.qtcMs()));
        }
        List<String> elevated = StemiCheck.elevatedLeads(st, c.stElevation(), record.patient().sex(),
                record.patient().ageYears());
        if (!elevated.isEmpty()) {
            statements.add(new Statement("ST_ELEVATION", "ST elevation at the J point in " + String.join(", ", elevated),
                    "J点ST段抬高（" + String.join("、", elevated) + "导联）"));
        }
        List<String> contiguous = StemiCheck.contiguous(elevated, c.stElevation());
        if (!contiguous.isEmpty()) {
            double maxSt = contiguous.stream().mapToDouble(st::get).max().orElse(0);
            statements.add(new Statement("SUSPECTED_STEMI", "Suspected acute ST-elevation myocardial infarction",
                    "疑似急性ST段抬高型心肌梗死"));
            flags.add(new CriticalFlag("SUSPECTED_STEMI",
                    "Suspected STEMI: J-point ST elevation in contiguous leads " + String.join(", ", contiguous),
                    "疑似ST段抬高型心肌梗死：相邻导联J点ST段抬高（" + String.join("、", contiguous) + "）",
                    maxSt, c.stElevation().thresholdUv(contiguous.get(0), record.patient().sex(), record.patient().ageYears())));
        }
        return new EcgAnalysis(record.format(), rhythm.leadNames(), fs, round(rate), round(rrMs), pDur, pr, qrs, qt,
                qtcB, qtcF, pAxis, qrsAxis, tAxis, rhythmClass, beats.length >= 2 ? round1(longestRrS) : null,
                statements, flags, st, times, median, limits, settings, filter.applied(), filtered);
    }

    /** Longest stretch without a QRS, including before the first and after the last. */
    private static double longestGap(int[] beats, int n, double fs) {
        if (beats.length == 0) {
            return n / fs;
        }
        double gap = Math.max(beats[0], n - 1 - beats[beats.length - 1]) / fs;
        for (int i = 1; i < beats.length; i++) {
            gap = Math.max(gap, (beats[i] - beats[i - 1]) / fs);
        }
        return gap;
    }

    /** Mean successive RR difference over 10% of the mean RR: more than sinus arrhythmia gives at rest. */
    private static boolean irregular(int[] beats, double fs) {
        if (beats.length < 4) {
            return false;
        }
        double mean = (beats[beats.length - 1] - beats[0]) / fs / (beats.length - 1);
        double successive = 0;
        for (int i = 2; i < beats.length; i++) {
            successive += Math.abs((beats[i] - 2 * beats[i - 1] + beats[i - 2]) / fs);
        }
        return successive / (beats.length - 2) / mean > IRREGULAR_RR;
    }

    private static Rhythm classify(int[] beats, Double rate, boolean irregular, boolean pWaves) {
        if (beats.length < 3 || rate == null) {
            return Rhythm.UNDETERMINED;
        }
        if (!pWaves) {
            return irregular ? Rhythm.IRREGULAR_SUSPECT_AF : Rhythm.REGULAR_WITHOUT_P;
        }
        if (rate < 60) {
            return Rhythm.SINUS_BRADYCARDIA;
        }
        if (rate > 100) {
            return Rhythm.SINUS_TACHYCARDIA;
        }
        return Rhythm.SINUS_RHYTHM;
    }

    private static WaveformSet equalLength(WaveformSet w) {
        int n = w.leads().stream().mapToInt(Lead::length).min().orElse(0);
        if (w.leads().stream().allMatch(l -> l.length() == n)) {
            return w;
        }
        return new WaveformSet(w.sampleRateHz(), w.leads().stream()
                .map(l -> new Lead(l.name(), java.util.Arrays.copyOf(l.samplesUv(), n))).toList());
    }

    private static Double round(Double v) {
        return v == null ? null : (double) Math.round(v);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
