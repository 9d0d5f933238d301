package org.rdc.workstation.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    /** Runs what is handed to it only when told: the test decides when the "pool" works. */
    private static final class ByHand implements java.util.concurrent.Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            tasks.add(r);
        }

        /** Runs every task, including those the tasks hand in, until none is left. */
        void drain() {
            for (Runnable r = poll(); r != null; r = poll()) {
                r.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    /** An instance's bytes that count what was read of them and whether they were closed. */
    private static final class Counted extends FilterInputStream {
        final AtomicLong read;
        final AtomicInteger closed;

        Counted(InputStream in, AtomicLong read, AtomicInteger closed) {
            super(in);
            this.read = read;
            this.closed = closed;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            closed.incrementAndGet();
            super.close();
        }
    }

    private static byte[] instance(int n, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (n * 31 + i / 1000);
        }
        return b;
    }

    private static byte[] readPart(ReadAhead<?> r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.next().transferTo(out);
        return out.toByteArray();
    }

    @Test
    void instancesComeInTheirOrderWhole() throws Exception {
        int[] sizes = {0, 1, ReadAhead.CHUNK - 1, ReadAhead.CHUNK, ReadAhead.CHUNK + 1, 513 * 1024,
                ReadAhead.CHUNKS * ReadAhead.CHUNK * 3 + 17, 5, 700_000, 2};
        List<byte[]> instances = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            instances.add(instance(i, sizes[i]));
        }
        ExecutorService openers = Executors.newFixedThreadPool(3);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try (ReadAhead<byte[]> r = new ReadAhead<>(instances, ByteArrayInputStream::new, openers, readers)) {
            for (byte[] expected : instances) {
                assertThat(readPart(r)).isEqualTo(expected);
            }
            r.finish();
        } finally {
            openers.shutdownNow();
            readers.shutdownNow();
        }
    }

    @Test
    void instancesAheadAreReadBeforeTheFirstIsSentWithinTheirChunks() throws Exception {
        // ten instances of 4 MiB each, far more than a retrieval may hold
        int size = 4 * 1024 * 1024;
        List<byte[]> instances = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            instances.add(instance(i, size));
        }
        List<AtomicLong> read = new ArrayList<>();
        instances.forEach(i -> read.add(new AtomicLong()));
        AtomicInteger closed = new AtomicInteger();
        ByHand pool = new ByHand();
        try (ReadAhead<byte[]> r = new ReadAhead<>(instances,
                b -> new Counted(new ByteArrayInputStream(b), read.get(instances.indexOf(b)), closed), pool, pool)) {
            pool.drain();
            long chunks = (long) ReadAhead.CHUNKS * ReadAhead.CHUNK;
            // the pool read (and, with a verifying stream, hashed) three instances before the response took a byte
            for (int i = 0; i < 10; i++) {
                assertThat(read.get(i).get()).as("instance %d", i).isEqualTo(i < ReadAhead.INSTANCES ? chunks : 0);
            }
            InputStream first = r.next();
            // a byte past the first chunk: the response hands that chunk back to be filled again
            byte[] got = first.readNBytes(ReadAhead.CHUNK + 1);
            assertThat(got).isEqualTo(Arrays.copyOf(instances.get(0), ReadAhead.CHUNK + 1));
            pool.drain();
            assertThat(read.get(0).get()).as("a chunk handed back is filled again").isEqualTo(chunks + ReadAhead.CHUNK);
            assertThat(read.get(1).get()).isEqualTo(chunks);
        }
        pool.drain();
        assertThat(closed.get()).as("the streams opened are closed when the retrieval is cut short").isEqualTo(ReadAhead.INSTANCES);
    }

    @Test
    void aClientThatDoesNotReadHoldsNoThreadOfTheSharedPool() throws Exception {
        List<byte[]> instances = List.of(instance(1, 3_000_000), instance(2, 3_000_000), instance(3, 3_000_000),
                instance(4, 3_000_000));
        ExecutorService openers = Executors.newFixedThreadPool(2);
        ExecutorService one = Executors.newSingleThreadExecutor();
        try (ReadAhead<byte[]> stalled = new ReadAhead<>(instances, ByteArrayInputStream::new, openers, one);
             ReadAhead<byte[]> reading = new ReadAhead<>(instances, ByteArrayInputStream::new, openers, one)) {
            stalled.next().read();
            for (byte[] expected : instances) {
                assertThat(readPart(reading)).isEqualTo(expected);
            }
        } finally {
            openers.shutdownNow();
            one.shutdownNow();
            assertThat(one.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aDamagedInstanceFailsItsPartBeforeItEndsAndEveryReadAfter() throws Exception {
        byte[] good = instance(1, 600_000);
        byte[] damaged = instance(2, 600_000);
        List<byte[]> instances = List.of(good, damaged, instance(3, 10));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ReadAhead<byte[]> r = new ReadAhead<>(instances, b -> b == damaged ? failingAtItsEnd(b) : new ByteArrayInputStream(b),
                pool, pool)) {
            assertThat(readPart(r)).isEqualTo(good);
            InputStream part = r.next();
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            assertThatThrownBy(() -> part.transferTo(sent)).isInstanceOf(IOException.class).hasMessageContaining("SHA-256");
            assertThat(sent.size()).as("what was sent of it stops before its end").isLessThan(damaged.length);
            assertThatThrownBy(part::read).isInstanceOf(IOException.class);
            assertThatThrownBy(r::next).as("nor is the next instance sent").isInstanceOf(IOException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Like a verifying stream over bytes that no longer match: the failure comes with the end. */
    private static InputStream failingAtItsEnd(byte[] b) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    throw new IOException("SHA-256 does not match");
                }
                return n;
            }
        };
    }
}
