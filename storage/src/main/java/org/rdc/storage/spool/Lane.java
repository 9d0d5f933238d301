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
    private final GroupCommit groupCommit = new GroupCommit(this::sync);
    private Segment active;
    private ByteBuffer smallFrames;

    Lane(Spool spool, long segmentBytes) {
        this.spool = spool;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Appends a frame whose payload already sits at {@code [HEADER, HEADER + payloadLength)} of
     * {@code frame}, a direct buffer with room for the header in front and the padding behind:
     * the bulk data is written from where the writer put it, without another copy.
     */
    synchronized Chunk appendInPlace(byte type, UUID id, ByteBuffer frame, int payloadLength, Set<Segment> touched)
            throws IOException {
        return write(type, id, frame, payloadLength, touched);
    }

    /** Appends a small frame (COMMIT, RELEASE), copying its payload. */
    synchronized Chunk append(byte type, UUID id, ByteBuffer payload, Set<Segment> touched) throws IOException {
        int length = Frame.aligned(Frame.HEADER + payload.remaining());
        if (smallFrames == null || smallFrames.capacity() < length) {
            smallFrames = ByteBuffer.allocateDirect(Math.max(length, Frame.ALIGN));
        }
        int payloadLength = payload.remaining();
        smallFrames.clear().position(Frame.HEADER);
        smallFrames.put(payload.duplicate());
        return write(type, id, smallFrames, payloadLength, touched);
    }

    /** Caller holds the lane's lock. */
    private Chunk write(byte type, UUID id, ByteBuffer frame, int payloadLength, Set<Segment> touched) throws IOException {
        int length = Frame.aligned(Frame.HEADER + payloadLength);
        if (active == null || (active.size > 0 && active.size + length > segmentBytes)) {
            roll();
        }
        ByteBuffer payload = frame.duplicate().limit(Frame.HEADER + payloadLength).position(Frame.HEADER).slice();
        frame.clear();
        frame.put(Frame.header(active.seq, type, id, payload));
        frame.position(Frame.HEADER + payloadLength);
        while (frame.position() < length) {
            frame.put((byte) 0);
        }
        frame.flip();
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
        return new Chunk(active, pos + Frame.HEADER, payloadLength);
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

    synchronized void close() throws IOException {
        if (active != null && !active.deleted) {
            active.channel.force(false);
        }
    }
}
