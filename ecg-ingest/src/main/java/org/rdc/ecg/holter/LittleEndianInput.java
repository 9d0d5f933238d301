package org.rdc.ecg.holter;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Buffered little-endian reads from a file position onwards: 64 KB of heap whatever the file size. */
final class LittleEndianInput implements AutoCloseable {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private long position;

    LittleEndianInput(FileChannel channel, long position) {
        this.channel = channel;
        this.position = position;
        buffer.limit(0);
    }

    /** Whether at least {@code bytes} more bytes can be read. */
    boolean has(int bytes) throws IOException {
        while (buffer.remaining() < bytes) {
            buffer.compact();
            int n = channel.read(buffer, position);
            buffer.flip();
            if (n <= 0) {
                return false;
            }
            position += n;
        }
        return true;
    }

    int u8() throws IOException {
        require(1);
        return buffer.get() & 0xFF;
    }

    int s16() throws IOException {
        require(2);
        return buffer.getShort();
    }

    int u16() throws IOException {
        require(2);
        return buffer.getShort() & 0xFFFF;
    }

    int s32() throws IOException {
        require(4);
        return buffer.getInt();
    }

    /** Continues at {@code position} of the file, dropping what is buffered. */
    void seek(long position) {
        this.position = position;
        buffer.clear().limit(0);
    }

    void skip(long bytes) throws IOException {
        long inBuffer = Math.min(bytes, buffer.remaining());
        buffer.position(buffer.position() + (int) inBuffer);
        position += bytes - inBuffer;
    }

    private void require(int bytes) throws IOException {
        if (!has(bytes)) {
            throw new EOFException("file ends inside a value at byte " + (position - buffer.remaining()));
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
