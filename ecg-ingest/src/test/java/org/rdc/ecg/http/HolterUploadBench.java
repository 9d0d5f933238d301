package org.rdc.ecg.http;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.DeviceDirectory;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.EcgMetrics;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.intake.HolterUploads;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;

/**
 * A synthetic Holter recording uploaded by tus over loopback in PATCHes of 8 MiB (each body streamed
 * from the file, chunked), then stored, catalogued and analysed: how long each part takes, and the
 * peak heap of the whole process (client, server, intake) under the heap it was given. Run by
 * {@code bench/holter-upload.sh}. Usage: HolterUploadBench HOURS WORKDIR
 */
public final class HolterUploadBench {

    static final int PIECE = 8 * 1024 * 1024;

    private HolterUploadBench() {
    }

    public static void main(String[] args) throws Exception {
        double hours = Double.parseDouble(args[0]);
        Path dir = Path.of(args[1]);
        Path file = HolterTestFiles.syntheticIshne(dir.resolve("day.ecg"), hours, 3, 256);
        long n = Files.size(file);
        DeviceDirectory devices = (key, source, tls, cert) -> DeviceDirectory.Authentication.of(new Device("bench", "BENCH_HOLTER"));
        try (StorageFixture storage = new StorageFixture(dir.resolve("storage"))) {
            HolterUploads uploads = new HolterUploads(dir.resolve("uploads"), 8L << 30, storage.jobs, Clock.systemUTC());
            HolterIntake holter = new HolterIntake(storage.store, uploads, EcgIntake.Listener.NONE, 2.0);
            JobWorkers workers = new JobWorkers(storage.jobs, HolterUploads.KIND, job -> holter.process(job.key()),
                    new JobOutbox.Retry(1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(30)), Duration.ofMillis(50))
                    .start(1);
            EcgIntake intake = new EcgIntake(storage.store, EcgReader.standard(), AnalysisSettings.defaults(), new EcgRenderer(),
                    new EcgMetrics(new SimpleMeterRegistry()), EcgIntake.Listener.NONE);
            try (EcgHttpServer server = new EcgHttpServer(intake, devices, new EcgHttpServer.Settings("127.0.0.1", 0, 1 << 20, 1, 1,
                    Duration.ofSeconds(60)), null, uploads).start()) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String base = "http://127.0.0.1:" + server.port();
                long t0 = System.nanoTime();
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + TusUploadHandler.PATH))
                        .header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer bench").header("Upload-Length", String.valueOf(n))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                URI location = URI.create(base + created.headers().firstValue("Location").orElseThrow());
                for (long offset = 0; offset < n; offset += PIECE) {
                    long from = offset;
                    long length = Math.min(PIECE, n - offset);
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(location).header("Tus-Resumable", "1.0.0")
                            .header("Authorization", "Bearer bench").header("Upload-Offset", String.valueOf(offset))
                            .header("Content-Type", TusUploadHandler.OFFSET_OCTET_STREAM)
                            .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> range(file, from, length))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 204) {
                        throw new IllegalStateException("PATCH at " + offset + ": " + r.statusCode() + " " + r.body());
                    }
                }
                long t1 = System.nanoTime();
                String status = "";
                while (!status.contains("\"DONE\"") && !status.contains("\"FAILED\"")) {
                    Thread.sleep(50);
                    status = http.send(HttpRequest.newBuilder(location).header("Authorization", "Bearer bench").GET().build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                }
                long t2 = System.nanoTime();
                long peakHeap = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        peakHeap += pool.getPeakUsage().getUsed();
                    }
                }
                System.out.printf("holter-upload hours=%s bytes=%d pieces=%d upload_ms=%d upload_mb_s=%.1f intake_ms=%d "
                                + "peak_heap_mb=%d max_heap_mb=%d outcome=%s%n", args[0], n, (n + PIECE - 1) / PIECE,
                        (t1 - t0) / 1_000_000, n / 1e6 / ((t1 - t0) / 1e9), (t2 - t1) / 1_000_000, peakHeap >> 20,
                        Runtime.getRuntime().maxMemory() >> 20, status);
            } finally {
                workers.close();
            }
        }
    }

    private static InputStream range(Path file, long from, long length) {
        try {
            FileChannel c = FileChannel.open(file);
            c.position(from);
            return new java.io.FilterInputStream(Channels.newInputStream(c)) {
                private long left = length;

                @Override
                public int read() throws java.io.IOException {
                    return left-- > 0 ? super.read() : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int r = super.read(b, off, (int) Math.min(len, left));
                    left -= Math.max(r, 0);
                    return r;
                }
            };
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
