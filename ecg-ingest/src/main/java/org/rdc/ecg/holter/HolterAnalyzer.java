package org.rdc.ecg.holter;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Holter analysis entry point: one pass over a recording, block by block, that detects and
 * labels the beats ({@link StreamingBeatDetector}), groups them into morphology templates
 * ({@link MorphologyClusters}), measures each beat's ST deviation, and finds noise and lead-off
 * ({@link SignalQuality}); then everything a report counts is computed from what was kept
 * ({@link HolterSummary}). Heap: one detector window of samples plus about 20 bytes a beat.
 */
public final class HolterAnalyzer {

    /** PR-segment baseline: the mean from 90 to 60 ms before the R peak, before any Q wave. */
    private static final double BASELINE_FROM_S = 0.090;
    private static final double BASELINE_TO_S = 0.060;
    /** ST measured at J + 80 ms, or J + 60 ms when the rate is over 100 bpm (RR under 0.6 s). */
    private static final double ST_AFTER_J_S = 0.080;
    private static final double ST_AFTER_J_FAST_S = 0.060;
    private static final double FAST_RR_S = 0.600;
    /** J point when a beat has no template: a typical QRS offset. */
    private static final double DEFAULT_J_S = 0.050;
    private static final double ST_AVERAGE_S = 0.008;

    private HolterAnalyzer() {
    }

    public static HolterAnalysis analyse(HolterRecording recording) throws IOException {
        return analyse(recording, HolterSettings.defaults(), List.of());
    }

    /** With the patient's diary (times from the recording's start), attached to their moment. */
    public static HolterAnalysis analyse(HolterRecording recording, HolterSettings settings, List<DiaryEntry> diary)
            throws IOException {
        return analyse(recording, settings, diary, block -> { });
    }

    /**
     * As above, handing every block to {@code alsoEach} after the analysis has seen it, so a caller that
     * needs the samples too (the intake keeps the first seconds as a strip) reads the file once.
     */
    public static HolterAnalysis analyse(HolterRecording recording, HolterSettings settings, List<DiaryEntry> diary,
            Consumer<SampleBlock> alsoEach) throws IOException {
        HolterHeader h = recording.header();
        double fs = h.sampleRate();
        int leads = h.leads().size();
        BeatTable table = new BeatTable(leads);
        MorphologyClusters clusters = new MorphologyClusters(fs);
        StreamingBeatDetector detector = new StreamingBeatDetector(fs, leads, new StMeasure(fs, table, clusters));
        SignalQuality quality = new SignalQuality(fs, leads);
        SampleBlock block = recording.newBlock();
        long frames = 0;
        while (recording.read(block)) {
            detector.accept(block);
            quality.accept(block);
            alsoEach.accept(block);
            frames += block.frames();
        }
        detector.finish();
        return HolterAnalysis.of(h, frames, table.seal(), clusters, quality.finish(), settings, diary);
    }

    /** Clusters each beat and measures its ST on every lead while its samples are in the detector's window. */
    private static final class StMeasure implements StreamingBeatDetector.BeatObserver {
        private final double fs;
        private final BeatTable table;
        private final MorphologyClusters clusters;
        private final float[] st;
        private long previous = -1;

        StMeasure(double fs, BeatTable table, MorphologyClusters clusters) {
            this.fs = fs;
            this.table = table;
            this.clusters = clusters;
            this.st = new float[table.leads()];
        }

        @Override
        public void beat(int index, long frame, BeatClass label, boolean premature, double[][] window, int length, int r) {
            MorphologyClusters.Template t = clusters.assign(index, window, length, r);
            int j = r + (t == null ? (int) Math.round(DEFAULT_J_S * fs) : t.qrsExtent()[1]);
            boolean fast = previous >= 0 && (frame - previous) / fs < FAST_RR_S;
            int at = j + (int) Math.round((fast ? ST_AFTER_J_FAST_S : ST_AFTER_J_S) * fs);
            int half = (int) Math.round(ST_AVERAGE_S * fs);
            int b0 = r - (int) Math.round(BASELINE_FROM_S * fs);
            int b1 = r - (int) Math.round(BASELINE_TO_S * fs);
            boolean inside = b0 >= 0 && at + half < length;
            for (int l = 0; l < st.length; l++) {
                st[l] = inside ? (float) (mean(window[l], at - half, at + half) - mean(window[l], b0, b1)) : Float.NaN;
            }
            table.add(frame, label, premature, t == null ? BeatTable.NO_TEMPLATE : t.id, st);
            previous = frame;
        }

        private static double mean(double[] x, int from, int to) {
            double sum = 0;
            for (int i = from; i <= to; i++) {
                sum += x[i];
            }
            return sum / (to - from + 1);
        }
    }
}
