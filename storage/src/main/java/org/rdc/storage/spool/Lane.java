package org.rdc.storage.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One append stream of the spool: its own active segment, its own lock and its own group commit.
 * Writers in a lane share fsyncs; separate lanes keep a write or fsync that the kernel stalls
 * (dirty-page throttling, a slow flush) from holding up writers in the other lanes.
 *
 * <p>Appends within a lane are serialised, so a crash can only tear the tail of a lane's newest
 * segment. Lock order: lane, then spool, then {@link SegmentFiles}; lane, then {@link #forcing}.
 *
 * <p>A failed write or fsync stops the lane for good ({@link #failure}): the writes not yet durable
 * fail, and so does every later one, since after a failed fsync the kernel may have dropped pages
 * that the lane's active segment needs (see {@link GroupCommit}). What the disk really holds is
 * found out by reading it again: {@link Spool#open} at the next start. Until then new objects go to
 * the spool's other lanes.
 */
final class Lane {

    private static final Logger log = LoggerFactory.getLogger(Lane.class);

    private final Spool spool;
    private final int number;
    private final long segmentBytes;
    private final GroupCommit groupCommit = new GroupCommit(this::sync);
    /**
     * Held for every fsync of the lane: of two fsyncs running at once on one file, only one is told
     * of a write-back error, and the other would report success for the lost pages.
     */
    private final Object forcing = new Object();
    private Segment active;
    private ByteBuffer smallFrames;
    private volatile IOException failure;

    Lane(Spool spool, int number, long segmentBytes) {
        this.spool = spool;
        this.number = number;
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
        checkHealthy();
        int length = Frame.aligned(Frame.HEADER + payloadLength);
        if (active == null || (active.size > 0 && active.size + length > segmentBytes)) {
            try {
                roll();
            } catch (IOException e) {
                throw fail("starting a new segment", e);
            }
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
        try {
            while (frame.hasRemaining()) {
                at += write(active.channel, frame, at);
            }
        } catch (IOException e) {
            throw fail("write to " + active, e);
        }
        active.size = at;
        if (touched != null && touched.add(active)) {
            spool.ref(active);
        }
        return new Chunk(active, pos + Frame.HEADER, payloadLength);
    }

    /** Call after appending the frames to make durable; then {@link #awaitDurable}. */
    GroupCommit.Ticket ticket() {
        return groupCommit.ticket();
    }

    void awaitDurable(GroupCommit.Ticket ticket) throws IOException, InterruptedException {
        groupCommit.awaitDurable(ticket);
    }

    long syncCount() {
        return groupCommit.syncCount();
    }

    /** Why the lane takes no more writes; null while it is healthy. */
    IOException failure() {
        return failure;
    }

    int number() {
        return number;
    }

    private void checkHealthy() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("spool lane " + number + " takes no writes since an earlier write or fsync failed ("
                    + f.getMessage() + "); it is checked again when the spool is reopened", f);
        }
    }

    private void sync() throws IOException {
        Segment s;
        synchronized (this) {
            s = active;
        }
        if (s != null && !s.deleted) {
            force(s);
        }
    }

    /** Makes the active segment durable and starts the next one. Caller holds the lane's lock. */
    private void roll() throws IOException {
        Segment old = active;
        if (old != null) {
            force(old);  // the tickets still waiting have their frames in it
        }
        active = spool.newSegment(old);
    }

    private void force(Segment s) throws IOException {
        synchronized (forcing) {
            checkHealthy();
            try {
                s.channel.force(false);
            } catch (IOException e) {
                throw fail("fsync of " + s, e);
            }
        }
    }

    private IOException fail(String what, IOException e) {
        synchronized (forcing) {
            if (failure == null) {
                failure = new IOException(what + " failed: " + e, e);
                if (!spool.isClosed()) {
                    log.error("spool {}: lane {} stopped: {} failed ({}). Writes not yet durable fail; new objects go to the"
                            + " other lanes. Check the disk, then restart: the spool is read and verified again.",
                            spool.directory(), number, what, e.toString());
                }
            }
            return failure;
        }
    }

    synchronized void close() throws IOException {
        if (active != null && !active.deleted && failure == null) {
            force(active);
        }
    }

    /** A positional write that an interrupt of the caller cannot turn into a closed channel. */
    private static int write(AsynchronousFileChannel channel, ByteBuffer src, long at) throws IOException {
        Future<Integer> written = channel.write(src, at);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return written.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
