package org.rdc.ecg.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.TestData;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.EcgMetrics;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.storage.StorageFixture;

/** Graceful shutdown of the upload port: no new connections, the upload being processed is stored and answered. */
@Timeout(120)
class EcgShutdownTest {

    @TempDir
    Path dir;

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void drainingRefusesNewConnectionsAndLetsTheUploadInProgressFinish() throws Exception {
        CountDownLatch analysed = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        try (StorageFixture storage = new StorageFixture(dir)) {
            EcgIntake intake = new EcgIntake(storage.store, EcgReader.standard(), AnalysisSettings.defaults(), new EcgRenderer(),
                    new EcgMetrics(new SimpleMeterRegistry()), r -> {
                        analysed.countDown();
                        try {
                            goOn.await(60, TimeUnit.SECONDS); // the upload is in the middle of its work
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            EcgHttpServer server = new EcgHttpServer(intake, EcgHttpServerTest.DEVICES,
                    new EcgHttpServer.Settings("127.0.0.1", 0, EcgHttpServerTest.LIMIT, 2, 4, Duration.ofSeconds(20))).start();
            try {
                int port = server.port();
                HttpRequest upload = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ecg"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(TestData.bytes("ecg/ecgtoolkit/Example.scp")))
                        .header("Authorization", "Bearer " + EcgHttpServerTest.KEY).timeout(Duration.ofSeconds(60)).build();
                CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
                        .sendAsync(upload, HttpResponse.BodyHandlers.ofString());
                assertThat(analysed.await(60, TimeUnit.SECONDS)).isTrue();

                CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> server.drain(Duration.ofSeconds(60)));
                for (int i = 0; i < 300 && listening(port); i++) {
                    Thread.sleep(100);
                }
                assertThat(listening(port)).as("no new uploads once draining").isFalse();
                assertThat(drained).isNotDone();
                goOn.countDown();
                assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
                assertThat(drained.get(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                goOn.countDown();
                server.close();
            }
        }
    }
}
