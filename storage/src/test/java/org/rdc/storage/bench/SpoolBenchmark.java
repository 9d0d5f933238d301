package org.rdc.storage.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolConfig;
import org.rdc.storage.spool.SpoolEntry;
import org.rdc.storage.spool.SpoolWriter;

/**
 * Durable writes per second through the spool (group commit) next to the plain way on the same
 * disk in the same run: each writer writes its own file and fsyncs it. Run by bench/spool.sh.
 * The last columns are the disk's own ceiling for durable writes: each writer writes the objects
 * into a preallocated file of its own with O_DIRECT and O_DSYNC (no page cache, no fsync call, no
 * hashing): no spool can be faster than that on this disk.
 *
 * <p>Arguments: directory, seconds per measurement, repetitions.
 */
public final class SpoolBenchmark {

    private static final byte[] DATA = new byte[1 << 20];

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/spool-bench");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        new Random(42).nextBytes(DATA);
        Files.createDirectories(dir);
        System.out.printf("# %s, %.0f s per measurement, median of %d%n", dir.toAbsolutePath(), seconds, reps);
        System.out.println("| object | writers | spool objects/s | spool MB/s | spool fsyncs per commit | fsync-per-file objects/s"
                + " | fsync-per-file MB/s | ratio | disk ceiling objects/s | ceiling / fsync-per-file |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (long size : new long[] {512 * 1024, 15L * 1024 * 1024}) {
            for (int writers : new int[] {1, 4}) {
                double[] spool = new double[reps];
                double[] syncsPerCommit = new double[reps];
                double[] plain = new double[reps];
                for (int r = 0; r < reps; r++) {
                    // Alternate the order so neither side always runs on a warmer disk.
                    if (r % 2 == 0) {
                        double[] s = spoolRate(dir.resolve("spool"), size, writers, seconds);
                        spool[r] = s[0];
                        syncsPerCommit[r] = s[1];
                        plain[r] = fsyncPerFileRate(dir.resolve("files"), size, writers, seconds);
                    } else {
                        plain[r] = fsyncPerFileRate(dir.resolve("files"), size, writers, seconds);
                        double[] s = spoolRate(dir.resolve("spool"), size, writers, seconds);
                        spool[r] = s[0];
                        syncsPerCommit[r] = s[1];
                    }
                }
                double s = median(spool);
                double p = median(plain);
                double c = ceilingRate(dir.resolve("ceiling"), size, writers, seconds);
                double mb = size / (1024.0 * 1024.0);
                System.out.printf("| %s | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.2fx | %s | %s |%n",
                        size < 1 << 20 ? "0.5 MB" : "15 MB", writers, s, s * mb, median(syncsPerCommit), p, p * mb, s / p,
                        c > 0 ? String.format("%.1f", c) : "n/a", c > 0 ? String.format("%.2fx", c / p) : "n/a");
            }
        }
    }

    /** Objects per second and fsyncs per commit. */
    private static double[] spoolRate(Path dir, long size, int writers, double seconds) throws Exception {
        deleteTree(dir);
        try (Spool spool = Spool.open(SpoolConfig.defaults(dir).withMinFreeBytes(0))) {
            java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
            double rate = run(writers, seconds, () -> {
                SpoolWriter w = spool.newWriter();
                write(w, size);
                SpoolEntry e = w.commit(sha -> "bench/" + sha, new byte[0]);
                // Released at once, as the mover would: keeps the spool (and the disk) small.
                spool.release(e);
                commits.incrementAndGet();
                return null;
            });
            return new double[] {rate, (double) spool.syncCount() / commits.get()};
        } finally {
            deleteTree(dir);
        }
    }

    private static double fsyncPerFileRate(Path dir, long size, int writers, double seconds) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        try {
            return run(writers, seconds, () -> {
                Path f = dir.resolve("obj-" + n.incrementAndGet());
                try (FileOutputStream out = new FileOutputStream(f.toFile())) {
                    write(out, size);
                    out.getFD().sync();
                }
                Files.delete(f);
                return null;
            });
        } finally {
            deleteTree(dir);
        }
    }

    /** Objects per second written with O_DIRECT + O_DSYNC, one preallocated file per writer; 0 where O_DIRECT is refused. */
    private static double ceilingRate(Path dir, long size, int writers, double seconds) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        long fileSize = Math.max(256L << 20, 8 * size);
        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<java.nio.channels.FileChannel> channels = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Path f = dir.resolve("ceiling-" + i);
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocateDirect(1 << 20);
                    for (long pos = 0; pos < fileSize; pos += zeros.capacity()) {
                        ch.write(zeros.clear(), pos);
                    }
                    ch.force(true);
                }
                channels.add(java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.DSYNC, com.sun.nio.file.ExtendedOpenOption.DIRECT));
            }
            ThreadLocal<long[]> position = ThreadLocal.withInitial(() -> new long[] {0, ids.getAndIncrement()});
            ThreadLocal<java.nio.ByteBuffer> buffers = ThreadLocal.withInitial(() -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect((int) Math.min(size, 4 << 20) + 4096).alignedSlice(4096);
                b.put(DATA, 0, Math.min(b.capacity(), DATA.length));
                return b;
            });
            try {
                return run(writers, seconds, () -> {
                    long[] p = position.get();
                    java.nio.channels.FileChannel ch = channels.get((int) p[1]);
                    java.nio.ByteBuffer b = buffers.get();
                    if (p[0] + size > fileSize) {
                        p[0] = 0;
                    }
                    for (long left = size; left > 0; ) {
                        b.clear().limit((int) Math.min(left, b.capacity() - b.capacity() % 4096));
                        while (b.hasRemaining()) {
                            int n = ch.write(b, p[0]);
                            p[0] += n;
                            left -= n;
                        }
                    }
                    return null;
                });
            } finally {
                for (java.nio.channels.FileChannel ch : channels) {
                    ch.close();
                }
            }
        } catch (IOException e) {
            System.out.println("# O_DIRECT refused here (" + e.getMessage() + "): no ceiling measured");
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    private static void write(java.io.OutputStream out, long size) throws IOException {
        long left = size;
        while (left > 0) {
            int n = (int) Math.min(DATA.length, left);
            out.write(DATA, 0, n);
            left -= n;
        }
    }

    /** Objects per second over {@code seconds}, all writers together. */
    private static double run(int writers, double seconds, Callable<Void> oneObject) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<Long>> counts = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < writers; i++) {
            counts.add(pool.submit(() -> {
                long c = 0;
                while (System.nanoTime() < end) {
                    oneObject.call();
                    c++;
                }
                return c;
            }));
        }
        long total = 0;
        for (Future<Long> f : counts) {
            total += f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return total / elapsed;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
