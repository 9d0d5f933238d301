package org.rdc.ecg.analysis;

/**
 * A second-order IIR section with coefficients from the RBJ audio-EQ cookbook (Butterworth
 * Q = 1/sqrt(2) for high/low-pass). Run forward and backward by {@link ZeroPhase} so that filtering
 * never shifts waves in time, which interval measurement depends on.
 */
final class Biquad {

    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
        this.b0 = b0 / a0;
        this.b1 = b1 / a0;
        this.b2 = b2 / a0;
        this.a1 = a1 / a0;
        this.a2 = a2 / a0;
    }

    static Biquad highPass(double cutoffHz, double sampleRate) {
        double w = 2 * Math.PI * cutoffHz / sampleRate;
        double alpha = Math.sin(w) / (2 * Math.sqrt(0.5));
        double c = Math.cos(w);
        return new Biquad((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
    }

    static Biquad lowPass(double cutoffHz, double sampleRate) {
        double w = 2 * Math.PI * cutoffHz / sampleRate;
        double alpha = Math.sin(w) / (2 * Math.sqrt(0.5));
        double c = Math.cos(w);
        return new Biquad((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
    }

    /** Narrow band-stop; q sets the width (bandwidth = f / q). */
    static Biquad notch(double centreHz, double q, double sampleRate) {
        double w = 2 * Math.PI * centreHz / sampleRate;
        double alpha = Math.sin(w) / (2 * q);
        double c = Math.cos(w);
        return new Biquad(1, -2 * c, 1, 1 + alpha, -2 * c, 1 - alpha);
    }

    /** Filters in place, starting from the steady state of the first sample to avoid a start-up step. */
    void apply(double[] x) {
        if (x.length == 0) {
            return;
        }
        double dc = (b0 + b1 + b2) / (1 + a1 + a2);
        double y0 = x[0] * (Double.isFinite(dc) ? dc : 0);
        double x1 = x[0];
        double x2 = x[0];
        double y1 = y0;
        double y2 = y0;
        for (int n = 0; n < x.length; n++) {
            double xn = x[n];
            double yn = b0 * xn + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = xn;
            y2 = y1;
            y1 = yn;
            x[n] = yn;
        }
    }
}
