package org.rdc.storage.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The edge a test cannot reach on a healthy disk: segment files whose fsync fails (EIO) on demand,
 * or blocks until released. Everything else goes to the real file.
 */
final class FaultyChannel extends AsynchronousFileChannel {

    /** Shared by every segment file of one spool. */
    static final class Faults {
        /** Writes to segment files so far. */
        final AtomicInteger writes = new AtomicInteger();
        /** The next fsync of a segment blocks until this is counted down (null: it does not block). */
        final AtomicReference<CountDownLatch> blockNextSync = new AtomicReference<>();
        /** The next fsync of a segment to start fails with this, once. */
        final AtomicReference<IOException> failNextSync = new AtomicReference<>();
        final AtomicInteger syncsStarted = new AtomicInteger();

        SegmentFiles.Opener opener() {
            return (path, options, io) -> {
                AsynchronousFileChannel ch = SegmentFiles.PLAIN.open(path, options, io);
                return Segment.isSegment(path) ? new FaultyChannel(ch, this) : ch;
            };
        }
    }

    private final AsynchronousFileChannel file;
    private final Faults faults;

    private FaultyChannel(AsynchronousFileChannel file, Faults faults) {
        this.file = file;
        this.faults = faults;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        faults.syncsStarted.incrementAndGet();
        IOException fail = faults.failNextSync.getAndSet(null);
        CountDownLatch block = faults.blockNextSync.getAndSet(null);
        if (block != null) {
            try {
                block.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        if (fail != null) {
            throw fail;
        }
        file.force(metaData);
    }

    @Override
    public Future<Integer> write(ByteBuffer src, long position) {
        Future<Integer> f = file.write(src, position);
        faults.writes.incrementAndGet();
        return f;
    }

    @Override
    public <A> void write(ByteBuffer src, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        file.write(src, position, attachment, handler);
    }

    @Override
    public Future<Integer> read(ByteBuffer dst, long position) {
        return file.read(dst, position);
    }

    @Override
    public <A> void read(ByteBuffer dst, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        file.read(dst, position, attachment, handler);
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public AsynchronousFileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public <A> void lock(long position, long size, boolean shared, A attachment,
                         CompletionHandler<FileLock, ? super A> handler) {
        file.lock(position, size, shared, attachment, handler);
    }

    @Override
    public Future<FileLock> lock(long position, long size, boolean shared) {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
