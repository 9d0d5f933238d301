package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rdc.ecg.model.SourceFormat;

/**
 * A synthetic long-term recording generated block by block (never held whole), with known labels:
 * sum-of-Gaussians P-QRS-T beats (after the ECGSYN morphology of McSharry et al., IEEE TBME 2003)
 * at RR intervals with a day-night rhythm, respiratory sinus arrhythmia and random variation;
 * ventricular premature beats (wide, no P, inverted T, full compensatory pause) and sinus pauses
 * injected at known places; baseline wander and white noise on top. Deterministic for a seed.
 */
final class SyntheticHolter implements HolterRecording {

    static final double PVC_EVERY_BEATS = 700;
    private static final double[] LEAD_GAIN = {1.0, 0.6, -0.45};

    private final HolterHeader header;
    private final long[] beatFrames;
    private final boolean[] ventricular;
    private final List<long[]> pauses = new ArrayList<>();
    private final double[] normal;
    private final double[] pvc;
    private final int before;
    private long frame;
    private int firstActiveBeat;
    private long noiseState;

    SyntheticHolter(double hours, int leads, int fs, long seed) {
        long frames = Math.round(hours * 3600 * fs);
        List<HolterLead> l = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            l.add(new HolterLead("synthetic " + (i + 1), "uV", 1, 0));
        }
        // generated, not decoded: labelled as the format HolterDayBench streams it into
        this.header = new HolterHeader(SourceFormat.ISHNE_HOLTER, fs, l, frames, null, "SYN-HOLTER");
        this.before = (int) Math.round(0.30 * fs);
        this.normal = template(fs, false);
        this.pvc = template(fs, true);
        this.noiseState = seed * 0x9E3779B97F4A7C15L + 1;
        java.util.Random random = new java.util.Random(seed);
        long[] beats = new long[(int) (hours * 3600 * 3.5) + 16];
        boolean[] v = new boolean[beats.length];
        int n = 0;
        double t = 1.0;
        double nextPause = 1800 + random.nextDouble() * 3600;
        while (t < hours * 3600 - 1.0) {
            double circadian = 0.85 + 0.15 * Math.cos(2 * Math.PI * t / 86_400.0);
            double rr = circadian * (1 + 0.04 * Math.sin(2 * Math.PI * t / 4.0)) + 0.03 * random.nextGaussian();
            boolean premature = n > 0 && random.nextDouble() < 1 / PVC_EVERY_BEATS && !v[n - 1];
            if (premature) {
                double coupling = 0.6 * rr;
                beats[n] = Math.round((t - rr + coupling) * fs);
                v[n++] = true;
                t += rr;
                // full compensatory pause: the next sinus beat comes on time, two cycles after the last one
            } else if (t > nextPause) {
                double pause = 2.6 + random.nextDouble() * 1.0;
                t += pause - rr;
                pauses.add(new long[] {beats[n - 1], Math.round(t * fs)});
                nextPause = t + 3600 + random.nextDouble() * 3600;
            }
            beats[n++] = Math.round(t * fs);
            t += rr;
            if (n + 2 >= beats.length) {
                beats = Arrays.copyOf(beats, beats.length * 2);
                v = Arrays.copyOf(v, beats.length);
            }
        }
        this.beatFrames = Arrays.copyOf(beats, n);
        this.ventricular = Arrays.copyOf(v, n);
    }

    /** One beat in microvolts from 0.30 s before the R peak to 0.60 s after. */
    private double[] template(int fs, boolean ventricularBeat) {
        double[] out = new double[(int) Math.round(0.90 * fs)];
        for (int i = 0; i < out.length; i++) {
            double s = (i - before) / (double) fs;
            out[i] = ventricularBeat
                    ? gauss(s, 1400, 0, 0.035) + gauss(s, -300, 0.06, 0.03) + gauss(s, -450, 0.32, 0.08)
                    : gauss(s, 150, -0.20, 0.025) + gauss(s, -100, -0.03, 0.010) + gauss(s, 1200, 0, 0.011)
                            + gauss(s, -250, 0.03, 0.010) + gauss(s, 320, 0.26, 0.055);
        }
        return out;
    }

    private static double gauss(double s, double amplitude, double centre, double width) {
        double z = (s - centre) / width;
        return amplitude * Math.exp(-0.5 * z * z);
    }

    long[] beatFrames() {
        return beatFrames;
    }

    long[] ventricularFrames() {
        return java.util.stream.IntStream.range(0, beatFrames.length).filter(i -> ventricular[i]).mapToLong(i -> beatFrames[i]).toArray();
    }

    /** Injected pauses as (last beat before, first beat after). */
    List<long[]> pauses() {
        return pauses;
    }

    @Override
    public HolterHeader header() {
        return header;
    }

    @Override
    public List<HolterAnnotation> annotations() {
        List<HolterAnnotation> out = new ArrayList<>(beatFrames.length);
        for (int i = 0; i < beatFrames.length; i++) {
            out.add(new HolterAnnotation(beatFrames[i], ventricular[i] ? "V" : "N", ""));
        }
        return out;
    }

    /** The noise is one sequence from the start: write the recording out (IshneWriter) to read windows of it. */
    @Override
    public void seek(long frame) {
        throw new UnsupportedOperationException("a generated recording is read front to back");
    }

    @Override
    public boolean read(SampleBlock block) {
        int n = (int) Math.min(block.capacity(), header.frames() - frame);
        if (n <= 0) {
            return false;
        }
        double fs = header.sampleRate();
        for (int i = 0; i < n; i++) {
            double s = (frame + i) / fs;
            double wander = 80 * Math.sin(2 * Math.PI * 0.15 * s) + 30 * Math.sin(2 * Math.PI * 0.05 * s + 1);
            for (int l = 0; l < block.leads(); l++) {
                block.lead(l)[i] = wander + 12 * noise();
            }
        }
        while (firstActiveBeat < beatFrames.length && beatFrames[firstActiveBeat] + normal.length - before < frame) {
            firstActiveBeat++;
        }
        for (int b = firstActiveBeat; b < beatFrames.length && beatFrames[b] - before < frame + n; b++) {
            double[] t = ventricular[b] ? pvc : normal;
            long start = beatFrames[b] - before;
            for (int k = (int) Math.max(0, frame - start); k < t.length && start + k < frame + n; k++) {
                int i = (int) (start + k - frame);
                for (int l = 0; l < block.leads(); l++) {
                    block.lead(l)[i] += LEAD_GAIN[l % LEAD_GAIN.length] * t[k];
                }
            }
        }
        block.fill(frame, n);
        frame += n;
        return true;
    }

    /** Roughly unit-variance noise (sum of four uniforms, xorshift), cheap enough for 66 million samples. */
    private double noise() {
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            noiseState ^= noiseState << 13;
            noiseState ^= noiseState >>> 7;
            noiseState ^= noiseState << 17;
            sum += (noiseState >>> 11) * 0x1.0p-53;
        }
        return (sum - 2) * 1.7320508;
    }

    @Override
    public void close() {
        // nothing is held open
    }
}
