package org.rdc.app.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.rdc.app.DemoEcgDoor;
import org.rdc.app.RdcApplication;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.http.EcgHttpServer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 14's full-disclosure goal as a reader's browser meets it: a page of 1 min x 3 leads of a 24 h, 256 Hz
 * recording ({@code GET /api/studies/{uid}/holter/strip?seconds=60}, JSON with samples and beats) over loopback HTTP
 * against the real application (embedded S3 + H2), the recording uploaded by tus with the demo device's key. Starts
 * are random over the day, so most pages are read from the stored object by seeking. Run by bench/holter-strip.sh.
 *
 * <p>Arguments: [hours], [requests].
 */
public final class HolterStripBenchmark {

    public static void main(String[] args) throws Exception {
        double hours = args.length > 0 ? Double.parseDouble(args[0]) : 24;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path data = Files.createTempDirectory("rdc-holter-strip-bench");
        String[] props = {"--rdc.data-dir=" + data, "--server.address=127.0.0.1", "--server.port=0", "--management.server.port=0",
                "--rdc.demo=true", "--rdc.admin.user=admin", "--rdc.admin.password=bench-pass-word", "--rdc.dicom.enabled=false",
                "--rdc.ecg.address=127.0.0.1", "--rdc.ecg.port=0", "--rdc.security.bcrypt-strength=4", "--logging.level.root=WARN"};
        try (ConfigurableApplicationContext app = SpringApplication.run(RdcApplication.class, props)) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            Path file = HolterTestFiles.syntheticIshne(data.resolve("day.ecg"), hours, 3, 256);
            long t0 = System.nanoTime();
            String study = DemoEcgDoor.uploadByTus(app.getBean(EcgHttpServer.class).port(), file);
            System.out.printf("# %.0f h x 3 leads x 256 Hz (%d bytes) uploaded and analysed in %.1f s; %s%n", hours, Files.size(file),
                    (System.nanoTime() - t0) / 1e9, System.getProperty("java.version"));
            String admin = "Basic " + Base64.getEncoder().encodeToString("admin:bench-pass-word".getBytes(StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newHttpClient();
            Random random = new Random(14);
            double lastStart = hours * 3600 - 60;
            long[] nanos = new long[requests];
            long bytes = 0;
            for (int i = -requests / 5; i < requests; i++) {
                double start = Math.floor(random.nextDouble() * lastStart);
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/studies/" + study + "/holter/strip?seconds=60&start="
                        + start)).header("Authorization", admin).header("Accept", "application/json").build();
                long t = System.nanoTime();
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                t = System.nanoTime() - t;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("strip at " + start + " s: " + r.statusCode() + " "
                            + new String(r.body(), StandardCharsets.UTF_8));
                }
                if (i >= 0) {
                    nanos[i] = t;
                    bytes = Math.max(bytes, r.body().length);
                }
            }
            Arrays.sort(nanos);
            System.out.printf("holter-strip-http pages=%d median_ms=%.2f p95_ms=%.2f max_ms=%.2f max_bytes=%d%n", requests,
                    nanos[requests / 2] / 1e6, nanos[(int) (requests * 0.95)] / 1e6, nanos[requests - 1] / 1e6, bytes);
        }
    }
}
