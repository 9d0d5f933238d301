package org.rdc.reports.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.rdc.reports.pdf.ReportPdf;
import org.rdc.reports.pdf.SampleReports;
import org.rdc.reports.signing.SignerRole;
import org.rdc.reports.signing.SigningFixture;

/**
 * bench/reports-sign.sh: render (ReportPdf, the chest DR sample) + the author's PAdES and SM2
 * signatures with their two RFC 3161 timestamps (embedded TSA), then verify; p50/p95 over 200 runs
 * after 30 warm-up runs. Runs only with -Drdc.bench=true.
 */
class SigningBenchmark {

    @Test
    void renderSignVerify() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("rdc.bench"), "benchmark: -Drdc.bench=true");
        Path dir = Files.createTempDirectory("rdc-sign-bench");
        SigningFixture f = new SigningFixture(dir).withUsers();
        ReportPdf pdf = new ReportPdf();
        int warmup = 30;
        int runs = 200;
        long[] sign = new long[runs];
        long[] verify = new long[runs];
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            byte[] signed = f.signer.sign(pdf.render(SampleReports.chestDr()), "zhang.author", SignerRole.AUTHOR);
            long t1 = System.nanoTime();
            if (!f.verifier.verify(signed).intact()) {
                throw new AssertionError("not intact");
            }
            long t2 = System.nanoTime();
            if (i >= warmup) {
                sign[i - warmup] = t1 - t0;
                verify[i - warmup] = t2 - t1;
            }
        }
        System.out.printf("BENCH render+sign (PAdES RSA + SM2, 2 timestamps): p50 %.1f ms, p95 %.1f ms%n", p(sign, 50), p(sign, 95));
        System.out.printf("BENCH verify (3 checks of 2 signatures + timestamps): p50 %.1f ms, p95 %.1f ms%n", p(verify, 50), p(verify, 95));
    }

    private static double p(long[] nanos, int percentile) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(percentile / 100.0 * s.length) - 1)] / 1e6;
    }
}
