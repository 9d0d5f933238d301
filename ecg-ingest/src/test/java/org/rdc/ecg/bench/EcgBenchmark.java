package org.rdc.ecg.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.EcgMetrics;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.ecg.render.Layout;
import org.rdc.storage.StorageFixture;

/**
 * Issue 5 benchmark: (1) parse + analyse + render of one 10 s 12-lead, per file, median and p95
 * over many runs after warm-up; (2) HTTP intake rate with concurrent clients against the real
 * listener and the real storage stack (S3Proxy, H2, spool on disk), every upload a new record.
 * Usage: EcgBenchmark TESTDATA_DIR WORK_DIR [RUNS] [HTTP_SECONDS] [CLIENTS]
 */
public final class EcgBenchmark {

    public static void main(String[] args) throws Exception {
        Path testdata = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        pipeline(testdata, runs);
        http(testdata, work, seconds, clients);
    }

    static void pipeline(Path testdata, int runs) throws Exception {
        EcgRenderer renderer = new EcgRenderer();
        EcgAnalyzer analyzer = new EcgAnalyzer();
        System.out.println("| file | samples | decode ms p50 | analyse ms p50 | render 3x4 screen (100 dpi) ms p50 | total p50 | total p95 | render 3x4 print (300 dpi) ms p50 |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String f : List.of("ecg/pydicom/waveform_ecg.dcm", "ecg/ecgtoolkit/Example.scp", "ecg/ecgtoolkit/Example.xml",
                "ecg/philips-sierra/3191723_ZZDEMOPTONLY_1-04_orig.xml")) {
            byte[] bytes = Files.readAllBytes(testdata.resolve(f));
            EcgReader reader = EcgReader.standard();
            for (int i = 0; i < Math.max(50, runs / 2); i++) {  // warm-up: JIT, OpenCV, font
                EcgRecord r = reader.read(bytes);
                renderer.render(r, analyzer.analyze(r, AnalysisSettings.defaults()), Layout.THREE_BY_FOUR_RHYTHM, 25, 10, 100);
            }
            double[] decode = new double[runs];
            double[] analyse = new double[runs];
            double[] render = new double[runs];
            double[] total = new double[runs];
            double[] print = new double[Math.max(1, runs / 10)];
            EcgRecord r = null;
            EcgAnalysis a = null;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                r = reader.read(bytes);
                long t1 = System.nanoTime();
                a = analyzer.analyze(r, AnalysisSettings.defaults());
                long t2 = System.nanoTime();
                renderer.render(r, a, Layout.THREE_BY_FOUR_RHYTHM, 25, 10, EcgRenderer.SCREEN_DPI);
                long t3 = System.nanoTime();
                decode[i] = (t1 - t0) / 1e6;
                analyse[i] = (t2 - t1) / 1e6;
                render[i] = (t3 - t2) / 1e6;
                total[i] = (t3 - t0) / 1e6;
            }
            for (int i = 0; i < print.length; i++) {
                long t = System.nanoTime();
                renderer.render(r, a, Layout.THREE_BY_FOUR_RHYTHM, 25, 10, EcgRenderer.PRINT_DPI);
                print[i] = (System.nanoTime() - t) / 1e6;
            }
            System.out.printf("| %s | %d x %d @ %.0f Hz | %.1f | %.1f | %.1f | **%.1f** | %.1f | %.1f |%n", f.substring(4),
                    r.rhythm().leads().size(), r.rhythm().sampleCount(), r.rhythm().sampleRateHz(), pct(decode, 50),
                    pct(analyse, 50), pct(render, 50), pct(total, 50), pct(total, 95), pct(print, 50));
        }
    }

    static void http(Path testdata, Path work, int seconds, int clients) throws Exception {
        String xml = Files.readString(testdata.resolve("ecg/ecgtoolkit/Example.xml"), StandardCharsets.UTF_8);
        Files.createDirectories(work);
        try (StorageFixture storage = new StorageFixture(Files.createTempDirectory(work, "ecg-bench"))) {
            EcgIntake intake = new EcgIntake(storage.store, EcgReader.standard(), AnalysisSettings.defaults(), new EcgRenderer(),
                    EcgMetrics.none(), EcgIntake.Listener.NONE);
            EcgHttpServer.Settings s = new EcgHttpServer.Settings("127.0.0.1", 0, 16 << 20, 2, 16, Duration.ofSeconds(60));
            try (EcgHttpServer server = new EcgHttpServer(intake, (key, source, tls, certificate) ->
                    org.rdc.ecg.intake.DeviceDirectory.Authentication.of(new Device("demo", "DEMO_ECG")), s).start()) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/ecg");
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                AtomicInteger seq = new AtomicInteger();
                // warm-up
                for (int i = 0; i < 20; i++) {
                    send(client, uri, variant(xml, seq.incrementAndGet()));
                }
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                List<Future<List<Double>>> results = new ArrayList<>();
                long start = System.nanoTime();
                for (int c = 0; c < clients; c++) {
                    results.add(pool.submit(() -> {
                        List<Double> lat = new ArrayList<>();
                        while (System.nanoTime() < end) {
                            byte[] body = variant(xml, seq.incrementAndGet());
                            long t = System.nanoTime();
                            int status = send(client, uri, body);
                            if (status != 201) {
                                throw new IllegalStateException("HTTP " + status);
                            }
                            lat.add((System.nanoTime() - t) / 1e6);
                        }
                        return lat;
                    }));
                }
                List<Double> all = new ArrayList<>();
                for (Future<List<Double>> f : results) {
                    all.addAll(f.get());
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                double[] lat = all.stream().mapToDouble(Double::doubleValue).toArray();
                // the same file again: answered from the catalog
                byte[] again = variant(xml, 1);
                double[] dup = new double[50];
                for (int i = 0; i < dup.length; i++) {
                    long t = System.nanoTime();
                    send(client, uri, again);
                    dup[i] = (System.nanoTime() - t) / 1e6;
                }
                System.out.println();
                System.out.println("| HTTP intake | clients | uploads | uploads/s | p50 ms | p95 ms | max ms |");
                System.out.println("|---|---|---|---|---|---|---|");
                System.out.printf("| new record each (aECG 12 x 5000 @ 500 Hz, %d bytes): decode, analyse, render, store DICOM + 3 attachments durably | %d | %d | **%.1f** | %.0f | %.0f | %.0f |%n",
                        again.length, clients, lat.length, lat.length / elapsed, pct(lat, 50), pct(lat, 95), pct(lat, 100));
                System.out.printf("| the same file again (200, answered from the catalog) | 1 | %d | %.1f | %.1f | %.1f | %.1f |%n",
                        dup.length, dup.length / (Arrays.stream(dup).sum() / 1000), pct(dup, 50), pct(dup, 95), pct(dup, 100));
            }
        }
    }

    private static byte[] variant(String xml, int n) {
        return (xml + "\n<!-- bench " + n + " -->\n").getBytes(StandardCharsets.UTF_8);
    }

    private static int send(HttpClient client, URI uri, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer bench")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
