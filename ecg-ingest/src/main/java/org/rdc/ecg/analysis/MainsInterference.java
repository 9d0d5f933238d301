package org.rdc.ecg.analysis;

import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.WaveformSet;

/**
 * Decides whether a recording carries mains interference, so the notch filter is used only when
 * needed: a notch rings for tens of ms after every sharp QRS edge and widens the measured QRS.
 * Compares the amplitude at the mains frequency (Goertzel over the whole lead, a bin of 1/T Hz)
 * with the amplitude of nearby frequencies.
 */
final class MainsInterference {

    /** Mains amplitude this many times its neighbourhood, and at least this many uV, counts. */
    private static final double RATIO = 4;
    private static final double MIN_UV = 5;

    private MainsInterference() {
    }

    static boolean present(WaveformSet w, double mainsHz) {
        double fs = w.sampleRateHz();
        if (mainsHz >= fs / 2) {
            return false;
        }
        for (Lead l : w.leads()) {
            double[] x = l.samplesUv();
            double at = amplitude(x, mainsHz, fs);
            double around = 0;
            double[] offsets = {-4.3, -3.1, -2.2, 2.2, 3.1, 4.3};
            for (double d : offsets) {
                around += amplitude(x, mainsHz + d, fs);
            }
            around /= offsets.length;
            if (at >= MIN_UV && at > RATIO * around) {
                return true;
            }
        }
        return false;
    }

    /** Amplitude of the sinusoid at frequency f (Goertzel). */
    static double amplitude(double[] x, double f, double fs) {
        double w = 2 * Math.PI * f / fs;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (double v : x) {
            double s0 = v + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double re = s1 - s2 * Math.cos(w);
        double im = s2 * Math.sin(w);
        return 2 * Math.hypot(re, im) / x.length;
    }
}
