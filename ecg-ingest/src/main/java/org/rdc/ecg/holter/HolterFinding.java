package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.rdc.ecg.analysis.CriticalFlag;

/**
 * A critical value (危急值) of a Holter recording with where it happened: the resting analysis'
 * {@link CriticalFlag} (same codes where the meaning is the same: PAUSE, EXTREME_BRADYCARDIA,
 * EXTREME_TACHYCARDIA) plus SUSTAINED_VT and AV_BLOCK_3_PATTERN, from frame {@code fromFrame} to
 * {@code toFrame}.
 *
 * <p>Third-degree AV block: the analysis finds no P waves, so it cannot see atrioventricular
 * dissociation. What it flags is the pattern such a block leaves in the ventricles: a regular
 * (successive RR within 10 %) escape rhythm under 40 bpm with wide QRS (template QRS of 120 ms or
 * more) for the sustained time. A narrow junctional escape or a block with a faster escape is not
 * found; a slow idioventricular rhythm without block would be flagged. The reader decides.
 */
public record HolterFinding(CriticalFlag flag, long fromFrame, long toFrame) {

    /** Successive RR intervals of an escape rhythm differ by at most this share. */
    static final double REGULAR_RR = 0.10;
    /** Beats over which a sustained rate is measured. */
    static final int RATE_BEATS = 4;

    static List<HolterFinding> of(HolterSummary s, HolterSettings t) {
        List<HolterFinding> out = new ArrayList<>();
        double fs = s.sampleRate();
        for (RhythmSummary.Pause p : s.pauses()) {
            if (p.seconds() >= t.criticalPauseSeconds()) {
                out.add(new HolterFinding(CriticalFlag.pause(p.seconds(), t.criticalPauseSeconds()), p.fromFrame(), p.toFrame()));
            }
        }
        for (HolterSummary.Episode e : s.vtEpisodes()) {
            if (e.sustained()) {
                out.add(new HolterFinding(new CriticalFlag("SUSTAINED_VT",
                        String.format("Sustained ventricular tachycardia: %d beats at %.0f bpm for %.0f s (>= %.0f s)",
                                e.beats(), e.bpm(), e.seconds(), t.sustainedVtSeconds()),
                        String.format("持续性室性心动过速：%d 个心搏，%.0f 次/分，持续 %.0f 秒（≥ %.0f 秒）",
                                e.beats(), e.bpm(), e.seconds(), t.sustainedVtSeconds()),
                        round1(e.seconds()), t.sustainedVtSeconds()), e.fromFrame(), e.toFrame()));
            }
        }
        long[] f = s.analysedFrames();
        BitSet breaks = s.breaks();
        stretches(f, breaks, fs, t.sustainedRateSeconds(), k -> rate(f, breaks, fs, k) < t.criticalMinBpm(), (a, b) -> {
            double bpm = 60 * (b - a) / ((f[b] - f[a]) / fs);
            out.add(new HolterFinding(new CriticalFlag("EXTREME_BRADYCARDIA",
                    String.format("Heart rate %.0f bpm (< %.0f) for %.0f s", bpm, t.criticalMinBpm(), (f[b] - f[a]) / fs),
                    String.format("严重心动过缓：心率 %.0f 次/分（< %.0f），持续 %.0f 秒", bpm, t.criticalMinBpm(), (f[b] - f[a]) / fs),
                    Math.round(bpm), t.criticalMinBpm()), f[a], f[b]));
        });
        stretches(f, breaks, fs, t.sustainedRateSeconds(), k -> rate(f, breaks, fs, k) > t.criticalMaxBpm(), (a, b) -> {
            double bpm = 60 * (b - a) / ((f[b] - f[a]) / fs);
            out.add(new HolterFinding(new CriticalFlag("EXTREME_TACHYCARDIA",
                    String.format("Heart rate %.0f bpm (> %.0f) for %.0f s", bpm, t.criticalMaxBpm(), (f[b] - f[a]) / fs),
                    String.format("严重心动过速：心率 %.0f 次/分（> %.0f），持续 %.0f 秒", bpm, t.criticalMaxBpm(), (f[b] - f[a]) / fs),
                    Math.round(bpm), t.criticalMaxBpm()), f[a], f[b]));
        });
        HolterAnalysis a = s.analysis();
        int[] index = s.analysedIndex();
        stretches(f, breaks, fs, t.sustainedRateSeconds(), k -> escapeBeat(a, f, index, breaks, fs, k, t), (x, y) -> {
            double bpm = 60 * (y - x) / ((f[y] - f[x]) / fs);
            out.add(new HolterFinding(new CriticalFlag("AV_BLOCK_3_PATTERN",
                    String.format("Regular wide-QRS escape rhythm at %.0f bpm (< %.0f) for %.0f s: pattern of third-degree AV block "
                            + "(P waves not analysed)", bpm, t.escapeMaxBpm(), (f[y] - f[x]) / fs),
                    String.format("规则宽QRS逸搏心律 %.0f 次/分（< %.0f），持续 %.0f 秒：提示三度房室传导阻滞（未分析P波）",
                            bpm, t.escapeMaxBpm(), (f[y] - f[x]) / fs),
                    Math.round(bpm), t.escapeMaxBpm()), f[x], f[y]));
        });
        out.sort((x, y) -> Long.compare(x.fromFrame(), y.fromFrame()));
        return out;
    }

    private interface BeatTest {
        boolean test(int k);
    }

    private interface Stretch {
        void found(int first, int last);
    }

    /** Maximal runs of beats passing the test (with no lost signal inside) lasting at least {@code seconds}. */
    private static void stretches(long[] f, BitSet breaks, double fs, double seconds, BeatTest test, Stretch found) {
        int first = -1;
        for (int k = 0; k <= f.length; k++) {
            boolean on = k < f.length && !breaks.get(k) && test.test(k);
            if (on && first < 0) {
                first = Math.max(0, k - 1);
            } else if (!on && first >= 0) {
                if ((f[k - 1] - f[first]) / fs >= seconds) {
                    found.found(first, k - 1);
                }
                first = -1;
            }
        }
    }

    /** Rate over the last {@value #RATE_BEATS} RR intervals ending at beat k; NaN before enough or across lost signal. */
    private static double rate(long[] f, BitSet breaks, double fs, int k) {
        if (k < RATE_BEATS) {
            return Double.NaN;
        }
        for (int j = k - RATE_BEATS + 1; j <= k; j++) {
            if (breaks.get(j)) {
                return Double.NaN;
            }
        }
        return 60 * RATE_BEATS / ((f[k] - f[k - RATE_BEATS]) / fs);
    }

    private static boolean escapeBeat(HolterAnalysis a, long[] f, int[] index, BitSet breaks, double fs, int k, HolterSettings t) {
        if (k < 2 || breaks.get(k - 1)) {
            return false;
        }
        double rr = (f[k] - f[k - 1]) / fs;
        double before = (f[k - 1] - f[k - 2]) / fs;
        int template = a.beats().template(index[k]);
        return rr >= 60 / t.escapeMaxBpm() && Math.abs(rr - before) <= REGULAR_RR * before
                && template != BeatTable.NO_TEMPLATE && a.templates().get(template).qrsMs() >= t.wideQrsMs();
    }

    private static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
