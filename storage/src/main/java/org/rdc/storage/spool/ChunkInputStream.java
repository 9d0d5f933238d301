package org.rdc.storage.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads an entry's DATA payloads in order straight from the segment files, through channels of its
 * own: an interrupt of the reading thread closes them, and fails this read only.
 */
final class ChunkInputStream extends InputStream {

    private final List<Chunk> chunks;
    private final Runnable onClose;
    private Segment openSegment;
    private FileChannel channel;
    private int index;
    private long offsetInChunk;
    private boolean closed;

    ChunkInputStream(List<Chunk> chunks, Runnable onClose) {
        this.chunks = chunks;
        this.onClose = onClose;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("spool stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (index < chunks.size() && offsetInChunk == chunks.get(index).length()) {
            index++;
            offsetInChunk = 0;
        }
        if (index >= chunks.size()) {
            return -1;
        }
        Chunk c = chunks.get(index);
        int n = (int) Math.min(len, c.length() - offsetInChunk);
        ByteBuffer buf = ByteBuffer.wrap(b, off, n);
        if (openSegment != c.segment()) {
            closeChannel();
            channel = FileChannel.open(c.segment().path, StandardOpenOption.READ);
            openSegment = c.segment();
        }
        Spool.readFully(channel, buf, c.offset() + offsetInChunk);
        offsetInChunk += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                closeChannel();
            } finally {
                onClose.run();
            }
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            FileChannel c = channel;
            channel = null;
            openSegment = null;
            c.close();
        }
    }
}
