package org.rdc.storage.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.UUID;

/**
 * One append stream of the spool: its own active segment, its own lock and its own group commit.
 * Writers in a lane share fsyncs; separate lanes keep a write or fsync that the kernel stalls
 * (dirty-page throttling, a slow flush) from holding up writers in the other lanes.
 *
 * <p>Appends within a lane are serialised, so a crash can only tear the tail of a lane's newest
 * segment. Lock order: lane, then spool, then {@link SegmentFiles}.
 */
final class Lane {

    private final Spool spool;
    private final long segmentBytes;
    private final int chunkBytes;
    private final GroupCommit groupCommit = new GroupCommit(this::sync);
    private Segment active;
    private ByteBuffer frameBuffer;

    Lane(Spool spool, long segmentBytes, int chunkBytes) {
        this.spool = spool;
        this.segmentBytes = segmentBytes;
        this.chunkBytes = chunkBytes;
    }

    /** Appends one frame; the segment it lands in is added to {@code touched} (and referenced) when new there. */
    synchronized Chunk append(byte type, UUID id, ByteBuffer payload, Set<Segment> touched) throws IOException {
        int length = Frame.aligned(Frame.HEADER + payload.remaining());
        if (active == null || (active.size > 0 && active.size + length > segmentBytes)) {
            roll();
        }
        ByteBuffer frame = frameBuffer(length);
        frame.put(Frame.header(active.seq, type, id, payload)).put(payload.duplicate());
        frame.clear().limit(length);
        long pos = active.size;
        long at = pos;
        // One write per frame, of whole pages no earlier frame touched: a write never lands on a page
        // that a concurrent fsync is writing back, which would stall it and everyone behind the lock.
        while (frame.hasRemaining()) {
            at += active.channel.write(frame, at);
        }
        active.size = at;
        if (touched != null && touched.add(active)) {
            spool.ref(active);
        }
        return new Chunk(active, pos + Frame.HEADER, payload.remaining());
    }

    /** Call after appending the frames to make durable; then {@link #awaitDurable}. */
    long ticket() {
        return groupCommit.ticket();
    }

    void awaitDurable(long ticket) throws IOException, InterruptedException {
        groupCommit.awaitDurable(ticket);
    }

    long syncCount() {
        return groupCommit.syncCount();
    }

    private void sync() throws IOException {
        Segment s;
        synchronized (this) {
            s = active;
        }
        if (s != null && !s.deleted) {
            s.channel.force(false);
        }
    }

    /** Makes the active segment durable and starts the next one. Caller holds the lane's lock. */
    private void roll() throws IOException {
        Segment old = active;
        if (old != null) {
            old.channel.force(false);
        }
        active = spool.newSegment(old);
    }

    /** The zeroed direct buffer a frame is assembled in; the lane's lock makes one per lane enough. */
    private ByteBuffer frameBuffer(int length) {
        if (frameBuffer == null || frameBuffer.capacity() < length) {
            frameBuffer = ByteBuffer.allocateDirect(Math.max(length, Frame.aligned(Frame.HEADER + chunkBytes)));
        }
        ByteBuffer b = frameBuffer.clear();
        while (b.position() < length) {
            b.putLong(0);
        }
        return b.clear();
    }

    synchronized void close() throws IOException {
        if (active != null && !active.deleted) {
            active.channel.force(false);
        }
    }
}
