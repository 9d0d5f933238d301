package org.rdc.ecg.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.WaveformSet;

/**
 * Builds {@link MedianBeat}s: cuts a window around every QRS, keeps the dominant morphology (QRS
 * correlation with a first median), drops premature beats whose P wave would blur the template,
 * re-aligns each beat by cross-correlation to a fraction of a QRS, and takes the median.
 */
final class MedianBeatBuilder {

    static final double PRE_S = 0.55;
    static final double POST_S = 0.80;
    private static final double QRS_HALF_S = 0.06;
    private static final double MAX_SHIFT_S = 0.012;
    private static final double MIN_CORRELATION = 0.90;

    private MedianBeatBuilder() {
    }

    static MedianBeat build(WaveformSet filtered, int[] beats) {
        double fs = filtered.sampleRateHz();
        int pre = (int) Math.round(PRE_S * fs);
        int post = (int) Math.round(POST_S * fs);
        int n = filtered.sampleCount();
        List<double[]> leads = filtered.leads().stream().map(Lead::samplesUv).toList();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < beats.length; i++) {
            if (beats[i] - pre >= 0 && beats[i] + post < n) {
                candidates.add(i);
            }
        }
        List<String> names = filtered.leadNames();
        if (candidates.isEmpty()) {
            return new MedianBeat(fs, names, new double[leads.size()][0], pre, 0);
        }
        double medianRr = medianRr(beats);
        List<Integer> regular = new ArrayList<>();
        for (int i : candidates) {
            boolean premature = i > 0 && medianRr > 0 && beats[i] - beats[i - 1] < 0.8 * medianRr;
            if (!premature) {
                regular.add(i);
            }
        }
        if (regular.size() >= 3) {
            candidates = regular;
        }
        int half = (int) Math.round(QRS_HALF_S * fs);
        double[][] first = median(leads, beats, candidates, new int[beats.length], pre, post);
        List<Integer> dominant = new ArrayList<>();
        int[] shift = new int[beats.length];
        int maxShift = (int) Math.round(MAX_SHIFT_S * fs);
        for (int i : candidates) {
            int best = 0;
            double bestC = -2;
            for (int s = -maxShift; s <= maxShift; s++) {
                double c = correlation(leads, first, beats[i] + s, pre, half);
                if (c > bestC) {
                    bestC = c;
                    best = s;
                }
            }
            shift[i] = best;
            if (bestC >= MIN_CORRELATION && beats[i] + best - pre >= 0 && beats[i] + best + post < n) {
                dominant.add(i);
            }
        }
        if (dominant.size() < Math.min(3, candidates.size())) {
            dominant = candidates;
            Arrays.fill(shift, 0);
        }
        return new MedianBeat(fs, names, median(leads, beats, dominant, shift, pre, post), pre, dominant.size());
    }

    private static double medianRr(int[] beats) {
        if (beats.length < 2) {
            return 0;
        }
        double[] rr = new double[beats.length - 1];
        for (int i = 1; i < beats.length; i++) {
            rr[i - 1] = beats[i] - beats[i - 1];
        }
        Arrays.sort(rr);
        return rr[rr.length / 2];
    }

    /** Pearson correlation of one beat's QRS region with the template, all leads together. */
    private static double correlation(List<double[]> leads, double[][] template, int centre, int pre, int half) {
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        double sx = 0;
        double sy = 0;
        int count = 0;
        for (int l = 0; l < leads.size(); l++) {
            double[] x = leads.get(l);
            double[] t = template[l];
            for (int k = -half; k <= half; k++) {
                int xi = centre + k;
                int ti = pre + k;
                if (xi < 0 || xi >= x.length || ti < 0 || ti >= t.length) {
                    continue;
                }
                double a = x[xi];
                double b = t[ti];
                sx += a;
                sy += b;
                sxy += a * b;
                sxx += a * a;
                syy += b * b;
                count++;
            }
        }
        if (count == 0) {
            return 0;
        }
        double cov = sxy - sx * sy / count;
        double vx = sxx - sx * sx / count;
        double vy = syy - sy * sy / count;
        return vx <= 0 || vy <= 0 ? 0 : cov / Math.sqrt(vx * vy);
    }

    private static double[][] median(List<double[]> leads, int[] beats, List<Integer> use, int[] shift, int pre,
                                     int post) {
        int len = pre + post + 1;
        double[][] out = new double[leads.size()][len];
        double[] column = new double[use.size()];
        for (int l = 0; l < leads.size(); l++) {
            double[] x = leads.get(l);
            for (int k = 0; k < len; k++) {
                int m = 0;
                for (int i : use) {
                    int idx = beats[i] + shift[i] - pre + k;
                    if (idx >= 0 && idx < x.length) {
                        column[m++] = x[idx];
                    }
                }
                out[l][k] = m == 0 ? 0 : medianOf(column, m);
            }
        }
        return out;
    }

    private static double medianOf(double[] v, int m) {
        double[] c = Arrays.copyOf(v, m);
        Arrays.sort(c);
        return m % 2 == 1 ? c[m / 2] : (c[m / 2 - 1] + c[m / 2]) / 2;
    }
}
