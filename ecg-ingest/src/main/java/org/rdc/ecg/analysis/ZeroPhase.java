package org.rdc.ecg.analysis;

import java.util.List;

/**
 * Forward-backward filtering of a cascade of biquads (zero phase, squared magnitude). The signal
 * is extended at both ends by odd reflection so the edges do not ring.
 */
final class ZeroPhase {

    private ZeroPhase() {
    }

    static double[] filter(double[] x, List<Biquad> sections, int padSamples) {
        int n = x.length;
        if (n == 0 || sections.isEmpty()) {
            return x.clone();
        }
        int pad = Math.min(padSamples, n - 1);
        double[] y = new double[n + 2 * pad];
        for (int i = 0; i < pad; i++) {
            y[i] = 2 * x[0] - x[pad - i];
            y[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        System.arraycopy(x, 0, y, pad, n);
        for (Biquad b : sections) {
            b.apply(y);
        }
        reverse(y);
        for (Biquad b : sections) {
            b.apply(y);
        }
        reverse(y);
        double[] out = new double[n];
        System.arraycopy(y, pad, out, 0, n);
        return out;
    }

    private static void reverse(double[] y) {
        for (int i = 0, j = y.length - 1; i < j; i++, j--) {
            double t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
    }
}
