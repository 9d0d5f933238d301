package org.rdc.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import org.rdc.storage.catalog.StoredObject;

/**
 * A stored object read as a read-only file, each read a range of it ({@link InstanceStore#openRange}, so not checked
 * against the object's SHA-256, for the reason given there): decoders written for files seek in a recording of
 * gigabytes wherever it is now (spool or object store) without reading what comes before the part they need.
 */
final class StoredObjectChannel extends FileChannel {

    private final InstanceStore store;
    private final StoredObject object;
    private long position;

    StoredObjectChannel(InstanceStore store, StoredObject object) {
        this.store = store;
        this.object = object;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        ensureOpen();
        if (at >= object.size()) {
            return -1;
        }
        int want = (int) Math.min(dst.remaining(), object.size() - at);
        if (want == 0) {
            return 0;
        }
        byte[] bytes;
        try (InputStream in = store.openRange(object, at, want)) {
            bytes = in.readNBytes(want);
        } catch (StorageException e) {
            throw new IOException("reading " + want + " bytes at " + at + " of " + object.objectKey() + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            return -1;
        }
        dst.put(bytes);
        return bytes.length;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public FileChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return object.size();
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
        long done = 0;
        while (done < count) {
            b.clear().limit((int) Math.min(b.capacity(), count - done));
            int n = read(b, at + done);
            if (n <= 0) {
                break;
            }
            b.flip();
            while (b.hasRemaining()) {
                target.write(b);
            }
            done += n;
        }
        return done;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // nothing is ever written
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw new UnsupportedOperationException("a stored object is read by ranges, not mapped");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("a stored object is immutable and needs no lock");
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("a stored object is immutable and needs no lock");
    }

    @Override
    protected void implCloseChannel() {
        // each read opened and closed its own range
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }
}
