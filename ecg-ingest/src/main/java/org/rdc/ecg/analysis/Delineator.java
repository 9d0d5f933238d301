package org.rdc.ecg.analysis;

/**
 * Finds global P, QRS and T limits on the median beats of all leads together, as IEC 60601-2-25
 * (clause 201.12.4.4) defines global intervals (earliest onset, latest offset over all leads). All
 * limits come from the spatial velocity, the length of the multi-lead derivative vector: a wave
 * begins or ends where its velocity falls to a small fraction of the wave's own peak above the
 * noise floor. The fractions were set against device measurements (Mortara ELI 250, Philips);
 * on the device's own median beats this lands within a few ms of the device's limits.
 */
final class Delineator {

    /** QRS limits: spatial velocity falls to this fraction of its QRS peak above the noise floor. */
    static final double QRS_FRACTION = 0.03;
    /** T end: velocity of the T downslope falls to this fraction of the T's velocity peak. */
    static final double T_FRACTION = 0.08;
    /** P limits: velocity falls to this fraction of the P's velocity peak. */
    static final double P_FRACTION = 0.2;
    /** Smoothing of the spatial velocity: wider than sample noise, narrower than a Q wave. */
    static final double SMOOTH_S = 0.010;
    /** A P wave must move faster than this multiple of the noise floor to count. */
    private static final double P_MIN_ABOVE_FLOOR = 2.0;
    private static final int P_SCALE = 100;
    /** Gaps in the QRS velocity shorter than this (a slurred notch) do not end the QRS. */
    static final double QRS_GAP_S = 0.008;
    /** The same for P and T, whose humps (up- and downslope) are separated by a slow apex. */
    /** Humps of one P wave are joined while the velocity between them stays above this fraction. */
    static final double CONNECT_FRACTION = 0.3;
    /** How far an edge may follow the velocity down to its foot below the threshold. */
    static final double EDGE_FOOT_S = 0.006;
    static final double WAVE_GAP_S = 0.030;
    /** A broad T wave's apex can be slow for longer than a P wave's. */
    static final double T_GAP_S = 0.080;

    private Delineator() {
    }

    static WaveLimits delineate(MedianBeat beat, double rrMs) {
        double fs = beat.sampleRateHz();
        double[][] x = beat.samplesUv();
        int len = beat.length();
        int fid = beat.fiducial();
        double[] sv = smooth(spatialVelocity(x), Math.max(1, (int) Math.round(SMOOTH_S * fs)));
        double floor = percentile(sv, 0.15);

        int search = (int) Math.round(0.06 * fs);
        double peak = 0;
        for (int i = Math.max(0, fid - search); i < Math.min(len, fid + search); i++) {
            peak = Math.max(peak, sv[i]);
        }
        double thr = floor + QRS_FRACTION * (peak - floor);
        int gap = (int) Math.round(QRS_GAP_S * fs);
        int onset = walk(sv, fid, -1, thr, gap, Math.max(0, fid - (int) Math.round(0.15 * fs)));
        int offset = walk(sv, fid, +1, thr, gap, Math.min(len - 1, fid + (int) Math.round(0.2 * fs)));

        double[] baseline = new double[x.length];
        int b0 = Math.max(0, onset - (int) Math.round(0.020 * fs));
        int b1 = Math.max(b0 + 1, onset - (int) Math.round(0.004 * fs));
        for (int l = 0; l < x.length; l++) {
            double s = 0;
            for (int i = b0; i < b1; i++) {
                s += x[l][i];
            }
            baseline[l] = s / (b1 - b0);
        }
        Integer tEnd = tOffset(sv, floor, offset, onset, rrMs, fs, len);
        int[] p = pWave(sv, floor, onset, rrMs, fs);
        return new WaveLimits(p == null ? null : p[0], p == null ? null : p[1], p == null ? 0 : p[2] / (double) P_SCALE,
                onset, offset, tEnd, baseline);
    }

    /** Follows the velocity from a point until it stays below the threshold for a gap. */
    private static int walk(double[] sv, int from, int dir, double thr, int gap, int limit) {
        int last = from;
        for (int i = from; dir < 0 ? i >= limit : i <= limit; i += dir) {
            if (sv[i] >= thr) {
                last = i;
            } else if (Math.abs(i - last) > gap) {
                break;
            }
        }
        return last;
    }

    /** T end: after the T's last fast stretch, where its velocity sinks close to the noise floor. */
    private static Integer tOffset(double[] sv, double floor, int qrsOff, int qrsOn, double rrMs, double fs, int len) {
        int from = qrsOff + (int) Math.round(0.06 * fs);
        // Stop before the next beat's P wave: it starts about 160 ms before the next QRS.
        double rrS = rrMs / 1000;
        double limitS = rrMs > 0 ? Math.min(0.70, Math.max(0.6 * rrS, rrS - 0.16)) : 0.70;
        int to = Math.min(len - 1, qrsOn + (int) Math.round(limitS * fs));
        if (to - from < 0.1 * fs) {
            return null;
        }
        int fastest = argMax(sv, from, to);
        double tv = sv[fastest];
        if (tv < 1.5 * floor) {
            return null;
        }
        int gap = (int) Math.round(T_GAP_S * fs);
        int lastFast = walk(sv, fastest, +1, floor + 0.5 * (tv - floor), gap, to);
        return edge(sv, lastFast, +1, floor + T_FRACTION * (tv - floor), to, fs);
    }

    /** P onset, offset and clarity x P_SCALE, or null when nothing moves clearly above the noise floor before the QRS. */
    private static int[] pWave(double[] sv, double floor, int qrsOn, double rrMs, double fs) {
        double maxPr = rrMs > 0 ? Math.min(0.34, 0.55 * rrMs / 1000) : 0.34;
        int from = Math.max(1, qrsOn - (int) Math.round(maxPr * fs));
        int to = qrsOn - (int) Math.round(0.02 * fs);
        if (to - from < 0.05 * fs) {
            return null;
        }
        int fastest = argMax(sv, from, to);
        double pv = sv[fastest];
        if (pv < P_MIN_ABOVE_FLOOR * floor) {
            return null;
        }
        int gap = (int) Math.round(WAVE_GAP_S * fs);
        double half = floor + CONNECT_FRACTION * (pv - floor);
        double thr = floor + P_FRACTION * (pv - floor);
        int first = walk(sv, fastest, -1, half, gap, from);
        int last = walk(sv, fastest, +1, half, gap, qrsOn - 1);
        return new int[] {edge(sv, first, -1, thr, from, fs), edge(sv, last, +1, thr, qrsOn - 1, fs),
            (int) Math.round(P_SCALE * pv / Math.max(floor, 1e-9))};
    }

    /**
     * From inside a wave, steps outwards while the velocity stays above the threshold, then on down
     * the remaining slope to its foot (at most 10 ms), where the wave leaves the baseline.
     */
    private static int edge(double[] sv, int from, int dir, double thr, int limit, double fs) {
        int i = from;
        while (i != limit && sv[i + dir] >= thr) {
            i += dir;
        }
        int foot = (int) Math.round(EDGE_FOOT_S * fs);
        for (int k = 0; k < foot && i != limit && sv[i + dir] <= sv[i]; k++) {
            i += dir;
        }
        return i;
    }

    static double[] spatialVelocity(double[][] x) {
        int len = x.length == 0 ? 0 : x[0].length;
        double[] v = new double[len];
        for (int i = 1; i < len - 1; i++) {
            double s = 0;
            for (double[] lead : x) {
                double d = (lead[i + 1] - lead[i - 1]) / 2;
                s += d * d;
            }
            v[i] = Math.sqrt(s);
        }
        if (len > 1) {
            v[0] = v[1];
            v[len - 1] = v[len - 2];
        }
        return v;
    }

    static double[] smooth(double[] x, int width) {
        if (width <= 1) {
            return x;
        }
        double[] out = new double[x.length];
        int h = width / 2;
        double s = 0;
        int count = 0;
        int lo = 0;
        int hi = -1;
        for (int i = 0; i < x.length; i++) {
            while (hi < Math.min(x.length - 1, i + h)) {
                s += x[++hi];
                count++;
            }
            while (lo < i - h) {
                s -= x[lo++];
                count--;
            }
            out[i] = s / count;
        }
        return out;
    }

    private static double percentile(double[] x, double q) {
        double[] c = x.clone();
        java.util.Arrays.sort(c);
        return c.length == 0 ? 0 : c[(int) Math.min(c.length - 1, Math.floor(q * c.length))];
    }

    private static int argMax(double[] x, int from, int to) {
        int best = from;
        for (int i = from; i <= to; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
