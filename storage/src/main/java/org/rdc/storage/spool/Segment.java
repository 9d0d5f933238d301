package org.rdc.storage.spool;

import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Path;

/**
 * One append-only file of the spool. {@code refs} counts what still needs it: entries not yet
 * released, writers still appending, readers still reading, and segments holding frames of entries
 * it released (see {@link #releasesKept}). A segment that is not the one being appended to and has
 * no refs is deleted. All mutable state is guarded by the spool's lock.
 *
 * <p>Only the lane that appends to a segment uses its {@link #channel} (segments recovered at start-up
 * have none: they are only read). Readers open channels of their own on {@link #path}: an interrupt of
 * a thread doing I/O on a {@code FileChannel} closes that channel, and must not close it for others.
 */
final class Segment {

    final long seq;
    final Path path;
    final AsynchronousFileChannel channel;
    long size;
    int refs;
    boolean active;
    boolean deleted;
    /**
     * Segments with a RELEASE frame for an entry that has frames here. Each holds a ref until this
     * segment is gone: were the RELEASE frame recycled first, a restart would find the entry's COMMIT
     * without it and upload the entry again.
     */
    final java.util.List<Segment> releasesKept = new java.util.ArrayList<>();

    Segment(long seq, Path path, AsynchronousFileChannel channel, long size) {
        this.seq = seq;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    static String fileName(long seq) {
        return String.format("segment-%016d.log", seq);
    }

    static long seqOf(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring("segment-".length(), n.length() - ".log".length()));
    }

    static boolean isSegment(Path p) {
        return p.getFileName().toString().matches("segment-\\d{16}\\.log");
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
