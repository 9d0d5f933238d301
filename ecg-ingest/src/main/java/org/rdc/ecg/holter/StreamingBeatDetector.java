package org.rdc.ecg.holter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rdc.ecg.analysis.QrsDetector;

/**
 * QRS detection over a recording of any length: the resting-ECG Pan-Tompkins detector
 * ({@link QrsDetector}) run over overlapping windows of {@value #CORE_SECONDS} s with
 * {@value #MARGIN_SECONDS} s on either side, so its zero-phase filters settle and its thresholds
 * learn inside the margin, and each beat is reported by the window whose core it falls in. Heap
 * use is one window of samples plus the beat times. Each beat is also labelled as it passes
 * ({@link BeatClassifier}).
 */
public final class StreamingBeatDetector {

    static final int CORE_SECONDS = 60;
    static final int MARGIN_SECONDS = 5;
    /** Beats closer than the detector's refractory period to the previous one are the same beat seen twice. */
    private static final double REFRACTORY_S = 0.200;
    /** Cores overlap by this much, so a beat on a boundary placed a sample apart by two windows is not lost. */
    private static final double BOUNDARY_S = 0.100;

    private final double fs;
    private final int core;
    private final int margin;
    private final double[][] window;
    private int length;
    private long windowStart;
    private long ownedFrom;
    private final BeatClassifier classifier;
    private long[] beats = new long[1024];
    private BeatClass[] classes = new BeatClass[1024];
    private int beatCount;
    private final BeatObserver observer;

    /**
     * Sees each beat as it is kept, with the samples around it still in the window: what is measured
     * on a beat's samples (morphology, ST) is measured there, so no samples are kept after.
     */
    interface BeatObserver {
        /** {@code window[lead][r]} is the R peak; samples from 0 to {@code length} are valid. */
        void beat(int index, long frame, BeatClass label, boolean premature, double[][] window, int length, int r);
    }

    public StreamingBeatDetector(double sampleRate, int leads) {
        this(sampleRate, leads, null);
    }

    StreamingBeatDetector(double sampleRate, int leads, BeatObserver observer) {
        this.observer = observer;
        this.fs = sampleRate;
        this.core = (int) Math.round(CORE_SECONDS * sampleRate);
        this.margin = (int) Math.round(MARGIN_SECONDS * sampleRate);
        this.window = new double[leads][core + 2 * margin];
        this.classifier = new BeatClassifier(sampleRate);
    }

    /** Frames of the R peaks of a whole recording, read block by block. */
    public static long[] detect(HolterRecording recording) throws IOException {
        StreamingBeatDetector d = new StreamingBeatDetector(recording.header().sampleRate(), recording.header().leads().size());
        SampleBlock block = recording.newBlock();
        while (recording.read(block)) {
            d.accept(block);
        }
        return d.finish();
    }

    public void accept(SampleBlock block) {
        int done = 0;
        while (done < block.frames()) {
            int n = Math.min(block.frames() - done, window[0].length - length);
            for (int l = 0; l < window.length; l++) {
                System.arraycopy(block.lead(l), done, window[l], length, n);
            }
            length += n;
            done += n;
            if (length == window[0].length) {
                analyse(length - margin);
                int keep = 2 * margin;
                for (double[] lead : window) {
                    System.arraycopy(lead, length - keep, lead, 0, keep);
                }
                windowStart += length - keep;
                length = keep;
            }
        }
    }

    /** The class of each beat {@link #finish()} returned, in the same order. */
    public BeatClass[] classes() {
        return Arrays.copyOf(classes, beatCount);
    }

    /** Analyses what is left and returns all beats, in frame order. */
    public long[] finish() {
        if (length > 0) {
            analyse(length);
            length = 0;
        }
        return Arrays.copyOf(beats, beatCount);
    }

    /** Runs the detector over the window and keeps the beats from {@code ownedFrom} to {@code ownedTo} (window-relative). */
    private void analyse(int ownedTo) {
        List<double[]> leads = new ArrayList<>(window.length);
        for (double[] lead : window) {
            leads.add(length == lead.length ? lead : Arrays.copyOf(lead, length));
        }
        long from = ownedFrom - Math.round(BOUNDARY_S * fs);
        long refractory = Math.round(REFRACTORY_S * fs);
        for (int r : QrsDetector.detect(leads, fs)) {
            long frame = windowStart + r;
            if (frame >= from && r < ownedTo && (beatCount == 0 || frame - beats[beatCount - 1] >= refractory)) {
                if (beatCount == beats.length) {
                    beats = Arrays.copyOf(beats, beatCount * 2);
                    classes = Arrays.copyOf(classes, beatCount * 2);
                }
                classes[beatCount] = classifier.classify(window, length, r, frame);
                beats[beatCount] = frame;
                if (observer != null) {
                    observer.beat(beatCount, frame, classes[beatCount], classifier.premature(), window, length, r);
                }
                beatCount++;
            }
        }
        ownedFrom = windowStart + ownedTo;
    }
}
