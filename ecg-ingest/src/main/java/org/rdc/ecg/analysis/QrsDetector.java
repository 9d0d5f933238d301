package org.rdc.ecg.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * QRS detection after Pan and Tompkins (IEEE TBME 32(3), 1985), made zero-phase and multi-lead:
 * 5-15 Hz band-pass, derivative, squaring summed over leads, 150 ms moving-window integration,
 * then adaptive signal/noise peak thresholds with a 200 ms refractory period, T-wave rejection by
 * slope, and search-back at half threshold after 1.66 mean RR without a beat.
 */
public final class QrsDetector {

    private static final double REFRACTORY_S = 0.200;
    private static final double T_WAVE_WINDOW_S = 0.360;
    private static final double WINDOW_S = 0.150;

    private QrsDetector() {
    }

    /** Sample indices of the QRS complexes, at the peak of the summed band-passed energy. */
    public static int[] detect(List<double[]> leads, double fs) {
        if (leads.isEmpty() || leads.get(0).length < fs) {
            return new int[0];
        }
        int n = leads.get(0).length;
        double[] energy = new double[n];
        double[] slope = new double[n];
        double[] band = new double[n];
        List<Biquad> bandPass = List.of(Biquad.highPass(5, fs), Biquad.lowPass(15, fs));
        for (double[] lead : leads) {
            double[] b = ZeroPhase.filter(lead, bandPass, (int) fs);
            for (int i = 2; i < n - 2; i++) {
                double d = (2 * b[i + 2] + b[i + 1] - b[i - 1] - 2 * b[i - 2]) / 8;
                slope[i] += d * d;
                band[i] += b[i] * b[i];
            }
        }
        int w = Math.max(1, (int) Math.round(WINDOW_S * fs));
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += slope[i];
            if (i >= w) {
                sum -= slope[i - w];
            }
            int centre = i - w / 2;
            if (centre >= 0) {
                energy[centre] = sum / w;
            }
        }
        List<Integer> peaks = localMaxima(energy, (int) Math.round(REFRACTORY_S * fs));
        return classify(peaks, energy, slope, band, fs);
    }

    /** Maxima that are the largest within the refractory distance on either side. */
    private static List<Integer> localMaxima(double[] x, int distance) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < x.length - 1; i++) {
            if (x[i] > 0 && x[i] >= x[i - 1] && x[i] > x[i + 1]) {
                int last = out.isEmpty() ? -1 : out.get(out.size() - 1);
                if (last >= 0 && i - last < distance) {
                    if (x[i] > x[last]) {
                        out.set(out.size() - 1, i);
                    }
                } else {
                    out.add(i);
                }
            }
        }
        return out;
    }

    private static int[] classify(List<Integer> peaks, double[] energy, double[] slope, double[] band, double fs) {
        int learn = (int) Math.min(energy.length, 2 * fs);
        double max = 0;
        double mean = 0;
        for (int i = 0; i < learn; i++) {
            max = Math.max(max, energy[i]);
            mean += energy[i];
        }
        mean /= learn;
        double spk = 0.25 * max;
        double npk = 0.5 * mean;
        List<Integer> beats = new ArrayList<>();
        List<Double> beatSlopes = new ArrayList<>();
        double rrMean = 0;
        int lastBeatPeakIdx = -1;
        for (int k = 0; k < peaks.size(); k++) {
            int p = peaks.get(k);
            double threshold = npk + 0.25 * (spk - npk);
            int last = beats.isEmpty() ? -1 : beats.get(beats.size() - 1);
            // Search back: a long gap since the last beat means one was missed at the higher threshold.
            if (last >= 0 && rrMean > 0 && p - last > 1.66 * rrMean) {
                int best = -1;
                for (int j = lastBeatPeakIdx + 1; j < k; j++) {
                    int q = peaks.get(j);
                    if (q - last > REFRACTORY_S * fs && energy[q] > 0.5 * threshold
                            && (best < 0 || energy[q] > energy[peaks.get(best)])) {
                        best = j;
                    }
                }
                if (best >= 0) {
                    int q = peaks.get(best);
                    beats.add(q);
                    beatSlopes.add(maxSlope(slope, q, fs));
                    spk = 0.25 * energy[q] + 0.75 * spk;
                    rrMean = updateRr(beats, rrMean);
                    lastBeatPeakIdx = best;
                    last = q;
                    threshold = npk + 0.25 * (spk - npk);
                }
            }
            if (energy[p] > threshold) {
                double s = maxSlope(slope, p, fs);
                if (last >= 0 && p - last < T_WAVE_WINDOW_S * fs && s < 0.5 * beatSlopes.get(beatSlopes.size() - 1)) {
                    npk = 0.125 * energy[p] + 0.875 * npk;
                    continue;
                }
                beats.add(p);
                beatSlopes.add(s);
                spk = 0.125 * energy[p] + 0.875 * spk;
                rrMean = updateRr(beats, rrMean);
                lastBeatPeakIdx = k;
            } else {
                npk = 0.125 * energy[p] + 0.875 * npk;
            }
        }
        int[] out = new int[beats.size()];
        int half = (int) Math.round(0.075 * fs);
        for (int i = 0; i < out.length; i++) {
            out[i] = argMax(band, beats.get(i) - half, beats.get(i) + half);
        }
        return out;
    }

    private static double updateRr(List<Integer> beats, double rrMean) {
        int m = beats.size();
        if (m < 2) {
            return rrMean;
        }
        int from = Math.max(1, m - 8);
        double s = 0;
        for (int i = from; i < m; i++) {
            s += beats.get(i) - beats.get(i - 1);
        }
        return s / (m - from);
    }

    private static double maxSlope(double[] slope, int centre, double fs) {
        int half = (int) Math.round(0.075 * fs);
        double m = 0;
        for (int i = Math.max(0, centre - half); i < Math.min(slope.length, centre + half); i++) {
            m = Math.max(m, slope[i]);
        }
        return m;
    }

    private static int argMax(double[] x, int from, int to) {
        int best = Math.max(0, from);
        for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
