package org.rdc.reports.bench;

import java.util.Arrays;
import java.util.function.Supplier;
import org.rdc.reports.pdf.ReportDocument;
import org.rdc.reports.pdf.ReportFont;
import org.rdc.reports.pdf.ReportPdf;
import org.rdc.reports.pdf.SampleReports;

/**
 * Issue 16 benchmark, rendering part: one A4 page (the chest DR example: header, patient block,
 * three sections, two signers, QR code) to PDF/A-2b bytes, single thread, after warm-up; then the
 * same on two threads at once. Signing is measured with it by the signing benchmark, which calls
 * {@link #render()} the same way. Usage: ReportPdfBenchmark [RUNS]
 */
public final class ReportPdfBenchmark {

    private static final ReportPdf PDF = new ReportPdf(ReportFont.configured());

    /** One render of the one-page example, for other benchmarks to time with their own steps. */
    public static byte[] render() {
        return PDF.render(SampleReports.chestDr());
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.out.println("font " + ReportFont.configured().file() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, load average " + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        byte[] one = render();
        System.out.println("one-page report: " + one.length + " bytes");
        for (int i = 0; i < Math.max(50, runs / 3); i++) {
            render();
        }
        System.out.println("| case | runs | p50 ms | p95 ms | max ms |");
        System.out.println("|---|---|---|---|---|");
        report("one page, 1 thread", time(runs, ReportPdfBenchmark::render));
        ReportDocument longer = SampleReports.abdomenUs();
        report("one page with fields (abdomen US), 1 thread", time(runs, () -> PDF.render(longer)));
        long[] parallel = new long[runs];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int offset = t;
            threads[t] = new Thread(() -> {
                for (int i = offset; i < runs; i += threads.length) {
                    long start = System.nanoTime();
                    render();
                    parallel[i] = System.nanoTime() - start;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        report("one page, 2 threads at once", parallel);
    }

    private static long[] time(int runs, Supplier<byte[]> work) {
        long[] ns = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.get();
            ns[i] = System.nanoTime() - start;
        }
        return ns;
    }

    private static void report(String name, long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", name, sorted.length, ms(sorted[sorted.length / 2]),
                ms(sorted[(int) Math.ceil(sorted.length * 0.95) - 1]), ms(sorted[sorted.length - 1]));
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }
}
