package org.rdc.ecg.holter;

/**
 * A run of consecutive frames (one sample per lead) in microvolts. A recording refills the same
 * block on every read, so a day's recording passes through a few kilobytes of heap.
 */
public final class SampleBlock {

    private final double[][] microvolts;
    private long firstFrame;
    private int frames;

    public SampleBlock(int leads, int capacity) {
        this.microvolts = new double[leads][capacity];
    }

    /** Samples of one lead; only the first {@link #frames()} are valid. */
    public double[] lead(int index) {
        return microvolts[index];
    }

    public int leads() {
        return microvolts.length;
    }

    public int capacity() {
        return microvolts[0].length;
    }

    /** Index of the block's first frame from the start of the recording. */
    public long firstFrame() {
        return firstFrame;
    }

    public int frames() {
        return frames;
    }

    void fill(long first, int count) {
        this.firstFrame = first;
        this.frames = count;
    }
}
