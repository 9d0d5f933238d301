package org.rdc.workstation.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The stored bytes of a retrieval's instances, in order, read and checked against their SHA-256 (the verified
 * stream {@code open} gives) ahead of the response thread that sends them. Up to {@link #INSTANCES} instances are
 * read at once, each by short tasks on a pool shared by every retrieval ({@code readers}), so the two cores hash two
 * instances while a third is sent: one SHA-256 pass alone runs at about 40 % of {@code cat}'s rate here
 * (bench/RESULTS.md), so a series sent at half that rate must hash on both cores.
 *
 * <p>Memory: each instance in the window holds at most {@link #CHUNKS} chunks of {@link #CHUNK} bytes, so a
 * retrieval holds at most {@code INSTANCES x CHUNKS x CHUNK} (3 MiB) whatever the instances' sizes; a 1 GB
 * multi-frame instance goes through those chunks like a small one. Back-pressure without holding a thread: an
 * instance's task reads while it has a free chunk and returns when it has none; the response thread schedules it
 * again when it hands a chunk back. A slow client therefore holds memory, never a pool thread, and the pool can be
 * as small as the number of cores. A pool thread does wait on the storage's own reads (a remote object store's
 * network), which is the work it is there for. Opening (an object store's round trip) runs on {@code openers}.
 *
 * <p>An instance's part ends (its stream's -1) only after its last byte passed the check, so a response never sends
 * the boundary after an instance whose bytes do not match; a failure is thrown to the response thread as if its
 * own read had failed.
 */
final class ReadAhead<T> implements AutoCloseable {

    static final int CHUNK = 256 * 1024;
    /** Chunks one instance may fill ahead of the response: a 512x512x16 CT slice (513 KiB) fits whole. */
    static final int CHUNKS = 4;
    /** Instances read at once: the one being sent and two more, one per core. */
    static final int INSTANCES = 3;

    /** A run of bytes of an instance; or its end ({@code bytes == null}); or why reading it failed. */
    private record Item(byte[] bytes, int length, Throwable failure) {
    }

    private static final Item END = new Item(null, 0, null);

    private final List<T> targets;
    private final Function<T, InputStream> open;
    private final Executor openers;
    private final Executor readers;
    /** The instances being read, the one the response sends first; touched by the response thread only. */
    private final Deque<Reading> window = new ArrayDeque<>();
    private int next;
    private volatile boolean closed;
    private Part current;
    /** Why an instance could not be read: every later read of this retrieval fails the same way. */
    private Throwable failed;

    /** Starts reading {@code targets} in order, each opened by {@code open} (a stream that checks its bytes at its end). */
    ReadAhead(List<T> targets, Function<T, InputStream> open, Executor openers, Executor readers) {
        this.targets = targets;
        this.open = open;
        this.openers = openers;
        this.readers = readers;
        fill();
    }

    private void fill() {
        while (next < targets.size() && window.size() < INSTANCES) {
            window.add(new Reading(targets.get(next++)));
        }
    }

    /** The next instance's bytes, once the previous one's were read to their end (where they are checked). */
    InputStream next() throws IOException {
        if (failed != null) {
            throw rethrown(failed);
        }
        if (current != null) {
            current.finish();
            window.poll();
            fill();
        }
        Reading head = window.peek();
        if (head == null) {
            throw new IllegalStateException("all " + targets.size() + " instances were read");
        }
        current = new Part(head);
        return current;
    }

    /** Reads the last instance to its end, so its check has passed before the response is completed. */
    void finish() throws IOException {
        if (current != null) {
            current.finish();
        }
    }

    /** Stops reading; every stream opened is closed (by whichever thread holds it); what was read is dropped. */
    @Override
    public void close() {
        closed = true;
        window.forEach(Reading::schedule);
    }

    /**
     * One instance being read: its stream, the chunks filled for the response and those handed back. Its task runs
     * on {@code readers} while {@link #scheduled} is held, so the stream is read (and closed) by one thread at a time.
     */
    private final class Reading {

        private final BlockingQueue<Item> filled = new LinkedBlockingQueue<>();
        private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean(true);
        private int allocated;
        private InputStream in;
        private boolean done;

        Reading(T target) {
            openers.execute(() -> {
                try {
                    in = open.apply(target);
                } catch (Throwable e) {
                    filled.add(new Item(null, 0, e));
                    done = true;
                }
                scheduled.set(false);
                schedule();
            });
        }

        /** Runs {@link #read} unless it is running or queued; called when a chunk comes back or on close. */
        void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                readers.execute(this::read);
            }
        }

        private void read() {
            try {
                while (true) {
                    if (done) {
                        return;
                    }
                    if (closed) {
                        done = true;
                        closeStream();
                        return;
                    }
                    byte[] b = chunk();
                    if (b == null) {
                        scheduled.set(false);
                        // a chunk handed back between the look and the release would find nothing to wake
                        if (free.isEmpty() && !closed || !scheduled.compareAndSet(false, true)) {
                            return;
                        }
                        continue;
                    }
                    // readNBytes reads to -1 when the instance ends inside this chunk, and -1 is where it is checked
                    int n = in.readNBytes(b, 0, b.length);
                    if (n > 0) {
                        filled.add(new Item(b, n, null));
                    } else {
                        free.add(b);
                    }
                    if (n < CHUNK) {
                        done = true;
                        closeStream();
                        filled.add(END);
                        return;
                    }
                }
            } catch (Throwable e) {
                done = true;
                closeStream();
                filled.add(new Item(null, 0, e));
            }
        }

        private byte[] chunk() {
            byte[] b = free.poll();
            if (b == null && allocated < CHUNKS) {
                allocated++;
                b = new byte[CHUNK];
            }
            return b;
        }

        private void closeStream() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException | RuntimeException e) {
                    // nothing more is sent from it; its failure does not matter any more
                }
                in = null;
            }
        }

        Item take() throws InterruptedIOException {
            try {
                return filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the stored bytes");
            }
        }

        void handBack(byte[] b) {
            free.add(b);
            schedule();
        }
    }

    /** One instance's bytes as its reading hands them over, chunk by chunk. */
    private final class Part extends InputStream {

        private final Reading reading;
        private Item item;
        private int offset;
        private boolean ended;

        Part(Reading reading) {
            this.reading = reading;
        }

        /** The chunk being read, taking the next when it is used up; null at the instance's end. */
        private Item chunk() throws IOException {
            if (failed != null) {
                throw rethrown(failed);
            }
            if (ended) {
                return null;
            }
            if (item != null && offset < item.length()) {
                return item;
            }
            if (item != null) {
                reading.handBack(item.bytes());
                item = null;
            }
            Item i = reading.take();
            if (i.failure() != null) {
                failed = i.failure();
                throw rethrown(failed);
            }
            if (i == END) {
                ended = true;
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

    /** A failure of the reading task as the response thread's own: a 404 or storage error stays what it was. */
    private static IOException rethrown(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof IOException io ? io : new IOException(t);
    }
}
