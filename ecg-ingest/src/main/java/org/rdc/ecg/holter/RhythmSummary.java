package org.rdc.ecg.holter;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Rate, pauses and time-domain HRV of a labelled beat series, as a Holter report tabulates them.
 * HRV follows the 2017 ISHNE/HRS expert consensus on ambulatory ECG monitoring (Steinberg et al.,
 * Heart Rhythm 14(7), section "Heart rate variability") and the 1996 Task Force definitions it
 * refers to: NN intervals are those between two consecutive normal beats; SDNN is their standard
 * deviation, SDANN the standard deviation of their 5-minute means, RMSSD the root mean square of
 * differences of successive NN intervals, pNN50 the share of those differences above 50 ms.
 */
public final class RhythmSummary {

    /** A pause: no beat for at least the configured time (the default 2.0 s). */
    public record Pause(long fromFrame, long toFrame, double seconds) {
    }

    /** Mean heart rate of one minute of the recording (intervals ending in it); NaN without any. */
    public record MinuteRate(int minute, double bpm) {
    }

    /** One row of the hourly table: per-minute rates' min / mean / max, with the minute of min and max. */
    public record HourRow(int hour, LocalDateTime start, int beats, double minBpm, int minMinute, double meanBpm,
            double maxBpm, int maxMinute) {
    }

    public record Hrv(int nnIntervals, double sdnnMs, double sdannMs, double rmssdMs, double pnn50Percent) {
    }

    public static final double DEFAULT_PAUSE_SECONDS = 2.0;

    private final long[] beats;
    private final BeatClass[] classes;
    private final double fs;
    private final long frames;
    private final LocalDateTime start;
    private final BitSet breaks;

    /** {@code beats} in ascending frame order with one class each; {@code start} may be null. */
    public RhythmSummary(long[] beats, BeatClass[] classes, double sampleRate, long frames, LocalDateTime start) {
        this(beats, classes, sampleRate, frames, start, new BitSet());
    }

    /**
     * As above, where bit {@code i} of {@code breaks} says the signal was lost (an excluded segment)
     * between beats {@code i - 1} and {@code i}: that interval is no RR interval, so neither a pause,
     * a rate nor an NN interval.
     */
    RhythmSummary(long[] beats, BeatClass[] classes, double sampleRate, long frames, LocalDateTime start, BitSet breaks) {
        this.breaks = breaks;
        if (beats.length != classes.length) {
            throw new IllegalArgumentException(beats.length + " beats but " + classes.length + " classes");
        }
        this.beats = beats;
        this.classes = classes;
        this.fs = sampleRate;
        this.frames = frames;
        this.start = start;
    }

    public List<Pause> pauses(double thresholdSeconds) {
        List<Pause> out = new ArrayList<>();
        for (int i = 1; i < beats.length; i++) {
            double s = (beats[i] - beats[i - 1]) / fs;
            if (s >= thresholdSeconds && !breaks.get(i)) {
                out.add(new Pause(beats[i - 1], beats[i], s));
            }
        }
        return out;
    }

    public List<MinuteRate> minuteRates() {
        int minutes = (int) Math.ceil(frames / (60 * fs));
        double[] sum = new double[minutes];
        int[] n = new int[minutes];
        for (int i = 1; i < beats.length; i++) {
            int m = (int) (beats[i] / (60 * fs));
            if (m < minutes && !breaks.get(i)) {
                sum[m] += (beats[i] - beats[i - 1]) / fs;
                n[m]++;
            }
        }
        List<MinuteRate> out = new ArrayList<>(minutes);
        for (int m = 0; m < minutes; m++) {
            out.add(new MinuteRate(m, n[m] == 0 ? Double.NaN : 60 * n[m] / sum[m]));
        }
        return out;
    }

    /** Hours counted from the start of the recording (a clock-hour table needs only {@code start} added). */
    public List<HourRow> hourlyTable() {
        List<MinuteRate> minutes = minuteRates();
        List<HourRow> out = new ArrayList<>();
        for (int h = 0; h * 60 < minutes.size(); h++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int minAt = -1;
            int maxAt = -1;
            int counted = 0;
            for (int m = h * 60; m < Math.min(minutes.size(), h * 60 + 60); m++) {
                double bpm = minutes.get(m).bpm();
                if (!Double.isNaN(bpm)) {
                    counted++;
                    sum += bpm;
                    if (bpm < min) {
                        min = bpm;
                        minAt = m;
                    }
                    if (bpm > max) {
                        max = bpm;
                        maxAt = m;
                    }
                }
            }
            out.add(new HourRow(h, start == null ? null : start.plusHours(h), beatsIn(h * 3600 * fs, (h + 1) * 3600 * fs),
                    counted == 0 ? Double.NaN : min, minAt, counted == 0 ? Double.NaN : sum / counted,
                    counted == 0 ? Double.NaN : max, maxAt));
        }
        return out;
    }

    private int beatsIn(double from, double to) {
        int n = 0;
        for (long b : beats) {
            if (b >= from && b < to) {
                n++;
            }
        }
        return n;
    }

    public Hrv hrv() {
        List<double[]> nn = new ArrayList<>();
        for (int i = 1; i < beats.length; i++) {
            if (classes[i] == BeatClass.NORMAL && classes[i - 1] == BeatClass.NORMAL && !breaks.get(i)) {
                nn.add(new double[] {beats[i] / fs, 1000 * (beats[i] - beats[i - 1]) / fs, i});
            }
        }
        if (nn.size() < 2) {
            return new Hrv(nn.size(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = nn.stream().mapToDouble(x -> x[1]).average().orElseThrow();
        double var = nn.stream().mapToDouble(x -> (x[1] - mean) * (x[1] - mean)).sum() / nn.size();
        double squares = 0;
        int diffs = 0;
        int over50 = 0;
        for (int k = 1; k < nn.size(); k++) {
            // successive only when the two intervals share a beat, i.e. no ectopic beat between them
            if (nn.get(k)[2] == nn.get(k - 1)[2] + 1) {
                double d = nn.get(k)[1] - nn.get(k - 1)[1];
                squares += d * d;
                diffs++;
                if (Math.abs(d) > 50) {
                    over50++;
                }
            }
        }
        return new Hrv(nn.size(), Math.sqrt(var), sdann(nn), diffs == 0 ? Double.NaN : Math.sqrt(squares / diffs),
                diffs == 0 ? Double.NaN : 100.0 * over50 / diffs);
    }

    /** Standard deviation of the mean NN interval of each full 5-minute segment holding NN intervals. */
    private double sdann(List<double[]> nn) {
        int segments = (int) (frames / (300 * fs));
        double[] sum = new double[Math.max(1, segments)];
        int[] n = new int[sum.length];
        for (double[] x : nn) {
            int s = (int) (x[0] / 300);
            if (s < segments) {
                sum[s] += x[1];
                n[s]++;
            }
        }
        List<Double> means = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            if (n[s] > 0) {
                means.add(sum[s] / n[s]);
            }
        }
        if (means.size() < 2) {
            return Double.NaN;
        }
        double m = means.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return Math.sqrt(means.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / means.size());
    }
}
