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
        System.out.println("| object | writers | spool objects/s | spool MB/s | spool fsyncs per commit | fsync-per-file objects/s | fsync-per-file MB/s | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|");
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
                double mb = size / (1024.0 * 1024.0);
                System.out.printf("| %s | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.2fx |%n",
                        size < 1 << 20 ? "0.5 MB" : "15 MB", writers, s, s * mb, median(syncsPerCommit), p, p * mb, s / p);
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
