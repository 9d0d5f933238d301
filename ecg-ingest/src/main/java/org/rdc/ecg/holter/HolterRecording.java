package org.rdc.ecg.holter;

import java.io.IOException;
import java.util.List;

/**
 * An open long-term recording read front to back in blocks; never more than one block of samples is
 * held. Annotations (a day has about 100 000 beats, a few MB) are read once and kept.
 */
public interface HolterRecording extends AutoCloseable {

    HolterHeader header();

    /** Reference or device annotations in frame order; empty when the recording came without any. */
    List<HolterAnnotation> annotations();

    /** A block sized for this recording, to pass to {@link #read(SampleBlock)}. */
    default SampleBlock newBlock() {
        return new SampleBlock(header().leads().size(), 4096);
    }

    /**
     * Moves the next {@link #read} to {@code frame} without reading what comes before it (full disclosure of any
     * window of a day). Formats stored in records start the next block at the record holding the frame: the block's
     * {@link SampleBlock#firstFrame()} says where it starts. A recording read after a seek is not checked as a whole
     * (SCP-ECG's section CRC needs every byte).
     */
    void seek(long frame) throws IOException;

    /** Fills {@code block} with the next frames; false at the end of the recording. */
    boolean read(SampleBlock block) throws IOException;

    @Override
    void close() throws IOException;
}
