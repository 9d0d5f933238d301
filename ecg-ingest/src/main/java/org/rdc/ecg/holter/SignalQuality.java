package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the stretches a Holter analysis must not count, one-second epoch by epoch as the samples
 * stream past: a lead that is flat (electrode off: peak-to-peak under {@value #FLAT_UV} uV), a lead
 * stuck at its extreme (amplifier saturation: at least a quarter of the epoch on the epoch's maximum
 * or minimum value, or flat beyond {@value #RAIL_UV} uV), and high-frequency noise (muscle, motion:
 * more than {@value #NOISY_SHARE} of the samples with a second difference over {@value #SECOND_DIFF_UV} uV,
 * where a clean ECG has its few QRS samples and a little white noise). Neighbouring epochs of one kind
 * merge into one {@link Segment}.
 *
 * <p>Which segments are excluded: noise and saturation on any lead (they make false beats on the
 * combined detector), lead-off only when every lead is off (the other leads still carry the beats).
 * The thresholds are per sample, so they suit the 128-1000 Hz of Holter recorders; they were set
 * on the synthetic noise of {@code SyntheticHolter} and MIT-BIH 100, no wider real set.
 */
public final class SignalQuality {

    static final double FLAT_UV = 15;
    static final double RAIL_UV = 5000;
    static final double SECOND_DIFF_UV = 60;
    static final double NOISY_SHARE = 0.40;
    static final double AT_EXTREME_SHARE = 0.25;

    public enum Kind { LEAD_OFF, SATURATION, NOISE }

    /** Frames {@code from} (inclusive) to {@code to} (exclusive); {@code leads} the lead indices it was seen on. */
    public record Segment(Kind kind, long from, long to, List<Integer> leads, boolean excluded) {
        public double seconds(double fs) {
            return (to - from) / fs;
        }
    }

    private final int epoch;
    private final int leads;
    private final double[] min;
    private final double[] max;
    private final int[] atMin;
    private final int[] atMax;
    private final int[] noisy;
    private final double[] previous;
    private final double[] beforePrevious;
    private int inEpoch;
    private long epochStart;
    private long seen;
    private final List<Segment> segments = new ArrayList<>();

    SignalQuality(double sampleRate, int leads) {
        this.epoch = Math.max(1, (int) Math.round(sampleRate));
        this.leads = leads;
        this.min = new double[leads];
        this.max = new double[leads];
        this.atMin = new int[leads];
        this.atMax = new int[leads];
        this.noisy = new int[leads];
        this.previous = new double[leads];
        this.beforePrevious = new double[leads];
        resetEpoch();
    }

    void accept(SampleBlock block) {
        int i = 0;
        while (i < block.frames()) {
            int n = Math.min(block.frames() - i, epoch - inEpoch);
            for (int l = 0; l < leads; l++) {
                scan(l, block.lead(l), i, n);
            }
            i += n;
            seen += n;
            inEpoch += n;
            if (inEpoch == epoch) {
                closeEpoch();
            }
        }
    }

    /** One lead's samples {@code from .. from + n} of the current epoch, in local variables for speed. */
    private void scan(int l, double[] x, int from, int n) {
        double lo = min[l];
        double hi = max[l];
        int atLo = atMin[l];
        int atHi = atMax[l];
        int rough = noisy[l];
        double p1 = previous[l];
        double p2 = beforePrevious[l];
        long index = seen;
        for (int k = from; k < from + n; k++, index++) {
            double v = x[k];
            if (v > hi) {
                hi = v;
                atHi = 1;
            } else if (v == hi) {
                atHi++;
            }
            if (v < lo) {
                lo = v;
                atLo = 1;
            } else if (v == lo) {
                atLo++;
            }
            if (index >= 2 && Math.abs(v - 2 * p1 + p2) > SECOND_DIFF_UV) {
                rough++;
            }
            p2 = p1;
            p1 = v;
        }
        min[l] = lo;
        max[l] = hi;
        atMin[l] = atLo;
        atMax[l] = atHi;
        noisy[l] = rough;
        previous[l] = p1;
        beforePrevious[l] = p2;
    }

    /** The segments found, after the last block. */
    List<Segment> finish() {
        if (inEpoch > 0) {
            closeEpoch();
        }
        return List.copyOf(segments);
    }

    private void closeEpoch() {
        Kind kind = null;
        List<Integer> on = new ArrayList<>();
        int off = 0;
        for (int l = 0; l < leads; l++) {
            Kind k = kindOf(l);
            if (k == Kind.LEAD_OFF) {
                off++;
            }
            if (k != null && (kind == null || k.compareTo(kind) > 0)) {
                kind = k;
                on.clear();
            }
            if (k != null && k == kind) {
                on.add(l);
            }
        }
        if (kind != null) {
            boolean excluded = kind != Kind.LEAD_OFF || off == leads;
            long end = epochStart + inEpoch;
            Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (last != null && last.to() == epochStart && last.kind() == kind && last.leads().equals(on)) {
                segments.set(segments.size() - 1, new Segment(kind, last.from(), end, last.leads(), excluded));
            } else {
                segments.add(new Segment(kind, epochStart, end, List.copyOf(on), excluded));
            }
        }
        epochStart += inEpoch;
        resetEpoch();
    }

    private Kind kindOf(int l) {
        double range = max[l] - min[l];
        if (range < FLAT_UV) {
            return Math.abs(max[l]) >= RAIL_UV ? Kind.SATURATION : Kind.LEAD_OFF;
        }
        if (atMax[l] >= AT_EXTREME_SHARE * inEpoch || atMin[l] >= AT_EXTREME_SHARE * inEpoch) {
            return Kind.SATURATION;
        }
        return noisy[l] > NOISY_SHARE * inEpoch ? Kind.NOISE : null;
    }

    private void resetEpoch() {
        inEpoch = 0;
        for (int l = 0; l < leads; l++) {
            min[l] = Double.POSITIVE_INFINITY;
            max[l] = Double.NEGATIVE_INFINITY;
            atMin[l] = 0;
            atMax[l] = 0;
            noisy[l] = 0;
        }
    }
}
