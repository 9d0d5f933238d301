package org.rdc.reports.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.rdc.reports.pdf.ReportPdf;
import org.rdc.reports.pdf.SampleReports;
import org.rdc.reports.signing.SignerRole;
import org.rdc.reports.signing.SigningFixture;
import org.rdc.reports.signing.Verification;

/**
 * bench/reports-sign.sh: render (ReportPdf, the chest DR sample) + the author's PAdES (RSA) and SM2
 * signatures with their two RFC 3161 timestamps (embedded TSA), then verify; p50/p95/max over RUNS
 * runs after WARMUP runs, one thread, key store in a temporary directory (as in production: PKCS#12
 * files on disk, CRLs on disk). Usage: SigningBenchmark [RUNS] [WARMUP]. With {@code -Drdc.bench.jfr=FILE}
 * the timed runs only (not the key-store set-up and warm-up) are recorded by JFR with its "profile"
 * settings (CPU samples every 10 ms, allocation samples), for {@code bench/JfrTop.java}.
 */
public final class SigningBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.out.println("BENCH " + Runtime.getRuntime().availableProcessors() + " CPUs, load average at start "
                + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path dir = Files.createTempDirectory("rdc-sign-bench");
        SigningFixture f = new SigningFixture(dir).withUsers();
        ReportPdf pdf = new ReportPdf();
        String jfr = System.getProperty("rdc.bench.jfr", "");
        Recording recording = null;
        long[] sign = new long[runs];
        long[] verify = new long[runs];
        for (int i = 0; i < warmup + runs; i++) {
            if (i == warmup && !jfr.isBlank()) {
                recording = new Recording(Configuration.getConfiguration("profile"));
                recording.start();
            }
            long t0 = System.nanoTime();
            byte[] signed = f.signer.sign(pdf.render(SampleReports.chestDr()), "zhang.author", SignerRole.AUTHOR);
            long t1 = System.nanoTime();
            Verification v = f.verifier.verify(signed);
            if (!v.intact() || v.signatures().size() != 2) {
                throw new AssertionError("not intact, or not two signatures");
            }
            long t2 = System.nanoTime();
            if (i >= warmup) {
                sign[i - warmup] = t1 - t0;
                verify[i - warmup] = t2 - t1;
            }
        }
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(jfr));
            recording.close();
            System.out.println("BENCH JFR recording of the timed runs: " + jfr);
        }
        report("render+sign (PAdES RSA + SM2, 2 timestamps)", sign);
        report("verify (2 signatures + their timestamps)", verify);
        System.out.println("BENCH load average at end " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void report(String name, long[] nanos) {
        System.out.printf("BENCH %s: runs %d, p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", name, nanos.length, p(nanos, 50), p(nanos, 95),
                p(nanos, 100));
    }

    private static double p(long[] nanos, int percentile) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(percentile / 100.0 * s.length) - 1)] / 1e6;
    }
}
