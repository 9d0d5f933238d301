package org.rdc.storage.spool;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.rdc.storage.Sha256;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;

/**
 * Streams one object into the spool, hashing it on the way. Nothing is visible until
 * {@link #commit}; closing without committing discards what was written.
 */
public final class SpoolWriter extends OutputStream {

    private final Spool spool;
    private final Lane lane;
    private final UUID id;
    /** A DATA frame in the making: the payload goes in after room for the header. */
    private final ByteBuffer frame;
    private final int chunkEnd;
    private final MessageDigest digest = Sha256.newDigest();
    private final List<Chunk> chunks = new ArrayList<>();
    private final Set<Segment> touched = new HashSet<>();
    private long size;
    private boolean finished;

    SpoolWriter(Spool spool, Lane lane, UUID id, int chunkBytes) {
        this.spool = spool;
        this.lane = lane;
        this.id = id;
        this.frame = spool.takeFrameBuffer();
        this.chunkEnd = Frame.HEADER + chunkBytes;
        frame.position(Frame.HEADER);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensureOpen();
        digest.update(b, off, len);
        size += len;
        while (len > 0) {
            int n = Math.min(len, chunkEnd - frame.position());
            frame.put(b, off, n);
            off += n;
            len -= n;
            if (frame.position() == chunkEnd) {
                flushChunk();
            }
        }
    }

    public long size() {
        return size;
    }


    /**
     * Makes the object durable under the key {@code keyForSha256} derives from its digest, with the
     * caller's descriptor. Returns once it is on disk (fsynced).
     */
    public SpoolEntry commit(Function<String, String> keyForSha256, byte[] descriptor) {
        ensureOpen();
        if (frame.position() > Frame.HEADER) {
            flushChunk();
        }
        String sha = Sha256.hex(digest.digest());
        String key = keyForSha256.apply(sha);  // before finish(): if it throws, close() still aborts
        finish();
        return spool.commit(lane, id, key, size, sha, descriptor, chunks, touched);
    }

    /** Discards the object: an aborted association, a rejected data set. */
    public void abort() {
        if (!finished) {
            finish();
            spool.abort(touched);
        }
    }

    private void finish() {
        finished = true;
        spool.giveBack(frame);
    }

    @Override
    public void close() {
        abort();
    }

    private void flushChunk() {
        int payloadLength = frame.position() - Frame.HEADER;
        try {
            chunks.add(spool.appendData(lane, id, frame, payloadLength, touched));
        } catch (StorageException e) {
            abort();
            throw e;
        }
        frame.clear().position(Frame.HEADER);
    }

    private void ensureOpen() {
        if (finished) {
            throw new StorageException(Kind.INVALID, "spool writer " + id + " is already committed or aborted");
        }
    }
}
