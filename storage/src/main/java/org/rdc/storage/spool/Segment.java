package org.rdc.storage.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One append-only file of the spool. {@code refs} counts what still needs it: entries not yet
 * released, writers still appending, readers still reading. A segment that is not the one being
 * appended to and has no refs is deleted. All mutable state is guarded by the spool's lock.
 */
final class Segment {

    final long seq;
    final Path path;
    final FileChannel channel;
    long size;
    int refs;
    boolean active;
    boolean deleted;

    Segment(long seq, Path path, FileChannel channel, long size) {
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

    /** Closes the file and renames it for reuse; its old frames carry this segment's number and so never look live again. */
    void retire(Path spare) throws IOException {
        deleted = true;
        channel.close();
        Files.move(path, spare);
    }

    void delete() throws IOException {
        deleted = true;
        channel.close();
        Files.deleteIfExists(path);
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
