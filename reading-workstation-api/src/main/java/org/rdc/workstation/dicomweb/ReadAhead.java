package org.rdc.workstation.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The stored bytes of a retrieval's instances, in order, read on a thread of their own while the response
 * thread sends what was read before. That reader also checks each instance against its SHA-256 (the verified
 * stream {@code open} gives), so hashing and sending run on two cores instead of one after the other; and it
 * opens the next few instances ahead, so an object store's round trip per instance overlaps the sending too.
 * At most {@link #CHUNKS} x {@link #CHUNK} bytes wait in memory per retrieval, whatever the instances' sizes:
 * the reader waits for the response to hand a chunk back before it reads on.
 *
 * <p>An instance's part ends (its stream's -1) only after its last byte passed the check, so a response never
 * sends the boundary after an instance whose bytes do not match; a failure is thrown to the response thread
 * as if its own read had failed.
 */
final class ReadAhead<T> implements AutoCloseable {

    static final int CHUNK = 256 * 1024;
    static final int CHUNKS = 4;
    /** Instances opened ahead of the one being read. */
    private static final int OPEN_AHEAD = 4;

    /** A run of bytes of the current instance; or its end ({@code bytes == null}); or why reading failed. */
    private record Item(byte[] bytes, int length, Throwable failure) {
    }

    private static final Item END = new Item(null, 0, null);

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    /** Unbounded, so the reader never blocks handing over; what bounds it is {@link #free}. */
    private final BlockingQueue<Item> filled = new LinkedBlockingQueue<>();
    private final Future<?> reader;
    private Part current;

    /** Starts reading {@code targets} in order, each opened by {@code open} (a stream that checks its bytes at its end). */
    ReadAhead(List<T> targets, Function<T, InputStream> open, ExecutorService openers, ExecutorService readers) {
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
        reader = readers.submit(() -> read(targets, open, openers));
    }

    private void read(List<T> targets, Function<T, InputStream> open, ExecutorService openers) {
        Deque<Future<InputStream>> opening = new ArrayDeque<>();
        int next = 0;
        try {
            for (int i = 0; i < targets.size(); i++) {
                while (next < targets.size() && opening.size() < OPEN_AHEAD) {
                    T t = targets.get(next++);
                    opening.add(openers.submit(() -> open.apply(t)));
                }
                try (InputStream in = await(opening.poll())) {
                    int n;
                    do {
                        byte[] b = free.take();
                        // readNBytes reads to -1 when the instance ends inside this chunk, and -1 is where it is checked
                        n = in.readNBytes(b, 0, b.length);
                        if (n > 0) {
                            filled.add(new Item(b, n, null));
                        } else {
                            free.add(b);
                        }
                    } while (n == CHUNK);
                }
                filled.add(END);
            }
        } catch (InterruptedException e) {
            // the response was cut short and closed this read-ahead: nobody waits for more
        } catch (Throwable e) {
            filled.add(new Item(null, 0, e));
        } finally {
            // an interrupt (the response closed this) must not keep the streams opened ahead from being closed
            Thread.interrupted();
            for (Future<InputStream> f : opening) {
                closeQuietly(f);
            }
        }
    }

    /** The next instance's bytes, once the previous one's were read to their end (where they are checked). */
    InputStream next() throws IOException {
        if (current != null) {
            current.finish();
        }
        current = new Part();
        return current;
    }

    /** Reads the last instance to its end, so its check has passed before the response is completed. */
    void finish() throws IOException {
        if (current != null) {
            current.finish();
        }
    }

    /** Stops the reader, which closes whatever it had opened; what it had read is dropped. */
    @Override
    public void close() {
        reader.cancel(true);
    }

    /** One instance's bytes as the reader hands them over, chunk by chunk. */
    private final class Part extends InputStream {

        private Item item;
        private int offset;
        private boolean ended;

        /** The chunk being read, taking the next when it is used up; null at the instance's end. */
        private Item chunk() throws IOException {
            if (ended) {
                return null;
            }
            if (item != null && offset < item.length()) {
                return item;
            }
            if (item != null) {
                free.add(item.bytes());
                item = null;
            }
            Item i;
            try {
                i = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the stored bytes");
            }
            if (i.failure() != null) {
                ended = true;
                item = null;
                filled.add(i);  // every later read fails the same way
                throw rethrown(i.failure());
            }
            if (i == END) {
                ended = true;
                item = null;
                return null;
            }
            item = i;
            offset = 0;
            return i;
        }

        @Override
        public int read() throws IOException {
            Item c = chunk();
            return c == null ? -1 : c.bytes()[offset++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            Item c = chunk();
            if (c == null) {
                return -1;
            }
            int n = Math.min(len, c.length() - offset);
            System.arraycopy(c.bytes(), offset, b, off, n);
            offset += n;
            return n;
        }

        /** Writes the chunks as they are: no copy between reading and sending. */
        @Override
        public long transferTo(OutputStream out) throws IOException {
            long sent = 0;
            for (Item c = chunk(); c != null; c = chunk()) {
                out.write(c.bytes(), offset, c.length() - offset);
                sent += c.length() - offset;
                offset = c.length();
            }
            return sent;
        }

        void finish() throws IOException {
            while (chunk() != null) {
                offset = item.length();
            }
        }
    }

    private static InputStream await(Future<InputStream> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** A failure of the reading thread as the response thread's own: a 404 or storage error stays what it was. */
    private static IOException rethrown(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof IOException io ? io : new IOException(t);
    }

    /** A retrieval cut short leaves opened streams behind: closed here. */
    private static void closeQuietly(Future<InputStream> f) {
        try {
            f.get().close();
        } catch (Exception e) {
            // nothing was sent from it; its failure does not matter any more
        }
    }
}
