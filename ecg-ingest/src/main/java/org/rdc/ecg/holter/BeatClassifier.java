package org.rdc.ecg.holter;

/**
 * Labels beats as they are detected, from morphology and timing: a beat whose QRS (60 ms before to
 * 100 ms after the R peak, all leads) correlates poorly with the running template of normal beats
 * is ventricular; a normal-looking beat that comes early (RR under {@value #PREMATURE} of the
 * running mean RR) is supraventricular; the rest are normal. The template and the mean RR learn
 * from normal beats only, so a run of ectopics does not become the norm. Two guards keep the mean
 * RR the rhythm's: an interval over {@value #LONGEST_RR} times the mean (a pause) teaches only up to
 * that; and {@value #RATE_CHANGE_BEATS} early beats in a row at a regular rate of 100 bpm or less
 * are the sinus rate coming back after bradycardia, not ectopics, so the mean jumps to their RR
 * (a faster run, an SVT, teaches nothing).
 */
final class BeatClassifier {

    static final double PREMATURE = 0.85;
    static final double MIN_CORRELATION = 0.80;
    private static final double LEARN = 0.05;
    private static final int MAX_SHIFT_MS = 10;
    private static final double LEARN_RR = 0.1;
    static final double LONGEST_RR = 1.5;
    static final int RATE_CHANGE_BEATS = 3;
    private static final double REGULAR_RR = 0.10;
    private static final double TACHYCARDIA_RR_S = 0.6;

    private final int before;
    private final int after;
    private final int maxShift;
    private final double tachycardiaRr;
    private double[] template;
    private double meanRr = Double.NaN;
    private long previous = -1;
    private boolean premature;
    private int earlyRun;
    private double earlyRr;

    BeatClassifier(double fs) {
        this.before = (int) Math.round(0.060 * fs);
        this.after = (int) Math.round(0.100 * fs);
        this.maxShift = (int) Math.round(MAX_SHIFT_MS / 1000.0 * fs);
        this.tachycardiaRr = TACHYCARDIA_RR_S * fs;
    }

    /** Classifies the beat at window index {@code r} (absolute {@code frame}); beats arrive in frame order. */
    BeatClass classify(double[][] window, int length, int r, long frame) {
        double rr = previous < 0 ? Double.NaN : frame - previous;
        previous = frame;
        premature = !Double.isNaN(meanRr) && rr < PREMATURE * meanRr;
        if (r - before - maxShift < 0 || r + after + maxShift >= length) {
            return timing(rr, true);
        }
        if (template == null) {
            template = snippet(window, r);
            return timing(rr, true);
        }
        double best = -1;
        double[] bestSnippet = null;
        for (int s = -maxShift; s <= maxShift; s++) {
            double[] x = snippet(window, r + s);
            double c = correlation(x, template);
            if (c > best) {
                best = c;
                bestSnippet = x;
            }
        }
        if (best < MIN_CORRELATION) {
            return BeatClass.VENTRICULAR;
        }
        BeatClass c = timing(rr, false);
        if (c == BeatClass.NORMAL) {
            for (int i = 0; i < template.length; i++) {
                template[i] += LEARN * (bestSnippet[i] - template[i]);
            }
        }
        return c;
    }

    /**
     * Whether the beat last classified came early by the timing rule, whatever its morphology: when a
     * reader relabels a ventricular template as normal, its early beats become supraventricular.
     */
    boolean premature() {
        return premature;
    }

    private BeatClass timing(double rr, boolean learnOnly) {
        if (Double.isNaN(rr)) {
            return BeatClass.NORMAL;
        }
        if (!Double.isNaN(meanRr) && !learnOnly && rr < PREMATURE * meanRr) {
            boolean slow = rr >= tachycardiaRr;
            earlyRun = slow && earlyRun > 0 && Math.abs(rr - earlyRr) <= REGULAR_RR * earlyRr ? earlyRun + 1 : slow ? 1 : 0;
            earlyRr = rr;
            if (earlyRun < RATE_CHANGE_BEATS) {
                return BeatClass.SUPRAVENTRICULAR;
            }
            meanRr = rr;
        }
        earlyRun = 0;
        meanRr = Double.isNaN(meanRr) ? rr : meanRr + LEARN_RR * (Math.min(rr, LONGEST_RR * meanRr) - meanRr);
        return BeatClass.NORMAL;
    }

    private double[] snippet(double[][] window, int r) {
        return centred(window, r - before, before + after);
    }

    /** {@code w} samples of every lead from {@code from}, each lead's mean removed, leads one after the other. */
    static double[] centred(double[][] window, int from, int w) {
        double[] out = new double[window.length * w];
        for (int l = 0; l < window.length; l++) {
            double mean = 0;
            for (int k = 0; k < w; k++) {
                mean += window[l][from + k];
            }
            mean /= w;
            for (int k = 0; k < w; k++) {
                out[l * w + k] = window[l][from + k] - mean;
            }
        }
        return out;
    }

    static double correlation(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }
}
