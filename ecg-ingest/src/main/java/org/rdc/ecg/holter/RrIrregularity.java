package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Atrial fibrillation (and flutter with variable conduction) found from RR irregularity alone, as
 * Holter analysers do where P waves cannot be trusted: over windows of {@value #WINDOW} RR
 * intervals (stepping {@value #STEP} beats), after dropping intervals next to a ventricular beat and
 * the {@value #TRIM} longest and shortest (an isolated ectopic with its compensatory pause), then
 * the {@value #TRIM} largest successive differences (one step of rate), the normalised RMSSD (root mean square of successive RR differences over the mean RR, the measure of
 * Dash et al., Ann Biomed Eng 2009) over {@value #NRMSSD} marks the window's central beats as
 * irregular. Sinus rhythm with respiratory arrhythmia stays near 0.05; AF is 0.2 and more. Runs of
 * irregular beats lasting {@code minSeconds} are episodes. Not detected, said plainly: flutter with
 * fixed (regular) conduction, and AF with a regular ventricular rhythm (complete block).
 */
final class RrIrregularity {

    static final int WINDOW = 32;
    static final int STEP = 8;
    static final int TRIM = 2;
    static final double NRMSSD = 0.10;

    private RrIrregularity() {
    }

    /** Episodes as {first, last} indices into {@code frames}. */
    static List<int[]> episodes(long[] frames, BeatClass[] labels, BitSet breaks, double fs, double minSeconds) {
        BitSet irregular = new BitSet(frames.length);
        for (int w = 0; w + WINDOW < frames.length; w += STEP) {
            if (irregular(frames, labels, breaks, w)) {
                int centre = w + WINDOW / 2;
                irregular.set(centre - STEP / 2, centre + STEP / 2 + 1);
            }
        }
        List<int[]> out = new ArrayList<>();
        int i = irregular.nextSetBit(0);
        while (i >= 0) {
            int j = i;
            while (j + 1 < frames.length && irregular.get(j + 1) && !breaks.get(j + 1)) {
                j++;
            }
            if ((frames[j] - frames[i]) / fs >= minSeconds) {
                out.add(new int[] {i, j});
            }
            i = irregular.nextSetBit(j + 1);
        }
        return out;
    }

    /** Intervals ending at beats w+1 .. w+WINDOW. */
    private static boolean irregular(long[] frames, BeatClass[] labels, BitSet breaks, int w) {
        double[] rr = new double[WINDOW];
        boolean[] use = new boolean[WINDOW];
        int used = 0;
        for (int k = 0; k < WINDOW; k++) {
            int b = w + 1 + k;
            if (breaks.get(b)) {
                return false;
            }
            rr[k] = frames[b] - frames[b - 1];
            use[k] = labels[b] != BeatClass.VENTRICULAR && labels[b - 1] != BeatClass.VENTRICULAR;
            used += use[k] ? 1 : 0;
        }
        if (used < WINDOW / 2) {
            return false;
        }
        double[] sorted = new double[used];
        int n = 0;
        for (int k = 0; k < WINDOW; k++) {
            if (use[k]) {
                sorted[n++] = rr[k];
            }
        }
        Arrays.sort(sorted);
        double low = sorted[TRIM];
        double high = sorted[used - 1 - TRIM];
        double sum = 0;
        int kept = 0;
        double[] diffs = new double[WINDOW];
        int d = 0;
        for (int k = 0; k < WINDOW; k++) {
            use[k] &= rr[k] >= low && rr[k] <= high;
            if (use[k]) {
                sum += rr[k];
                kept++;
                if (k > 0 && use[k - 1]) {
                    diffs[d++] = Math.abs(rr[k] - rr[k - 1]);
                }
            }
        }
        if (d < WINDOW / 4) {
            return false;
        }
        // the largest successive differences go too: one step of rate (bradycardia ending) is not irregularity
        Arrays.sort(diffs, 0, d);
        double squares = 0;
        for (int k = 0; k < d - TRIM; k++) {
            squares += diffs[k] * diffs[k];
        }
        return Math.sqrt(squares / (d - TRIM)) / (sum / kept) > NRMSSD;
    }
}
