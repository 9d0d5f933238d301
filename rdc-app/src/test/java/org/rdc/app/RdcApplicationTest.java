package org.rdc.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.Sha256;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.StoredInstance;
import org.rdc.storage.TestStreams;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole centre with its embedded defaults: embedded S3, H2 file database, spool, all under a temporary data directory. */
// Closed after the class: it writes into the class\'s temporary data directory, which JUnit then deletes.
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RdcApplicationTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("rdc.spool.max-retry-backoff", () -> "200ms");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> ADMIN_PASSWORD);
    }

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "correct horse battery";
    static final String BASIC = "Basic " + java.util.Base64.getEncoder()
            .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    InstanceStore store;
    @Autowired
    EmbeddedS3 embeddedS3;

    private final HttpClient http = HttpClient.newHttpClient();

    /** The API as the first administrator (created from rdc.admin.*); actuator anonymously, as load balancers call it. */
    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (path.startsWith("/api/")) {
            b.header("Authorization", BASIC);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiNeedsAuthenticationButHealthDoesNot() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/studies")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"rdc\"");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/studies"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(get("/api/studies").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/env").statusCode()).isEqualTo(401);
    }

    @Test
    void healthIsUpWithDatabaseObjectStoreAndSpoolComponents() throws Exception {
        HttpResponse<String> r = get("/actuator/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"")
                .contains("\"db\":{").contains("\"objectStore\":{").contains("\"spool\":{");
        assertThat(data.resolve("spool")).isDirectory();
        assertThat(data.resolve("db")).isDirectory();
        assertThat(data.resolve("objects")).isDirectory();
    }

    @Test
    void deadLettersAreListedForAdministrators() throws Exception {
        HttpResponse<String> r = get("/api/admin/dead-letters");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/admin/dead-letters")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void prometheusListensOnlyOnTheManagementPort() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("rdc_spool_pending").contains("rdc_spool_uploads_total").contains("rdc_spool_dead_letters");
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> onApiPort = get("/actuator/prometheus");
        assertThat(onApiPort.statusCode()).as("the public HTTP port serves no metrics").isIn(401, 404);
        assertThat(onApiPort.body()).doesNotContain("rdc_spool_pending");
        // load balancers still find the health on the HTTP port, and on the management port
        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void storedStudyIsListedWithItsDecodedNameAndItsBytesAreServed() throws Exception {
        var a = StorageFixture.dx("1.2.840.99.1", 1);
        StoredInstance s = store.store(a, TestStreams.content(5, 300_000));

        HttpResponse<String> list = get("/api/studies?patientId=" + a.patientId());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"studyInstanceUid\":\"1.2.840.99.1\"").contains("张^三")
                .contains("\"modalities\":[\"DX\"]").contains("\"instanceCount\":1").contains("\"facilityId\":\"demo\"")
                .contains("\"studyDate\":\"2026-11-23\"");
        assertThat(get("/api/studies?facility=elsewhere").body()).isEqualTo("[]");

        HttpResponse<String> detail = get("/api/studies/1.2.840.99.1");
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains(a.sopInstanceUid()).contains(s.sha256());

        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/instances/" + a.sopInstanceUid() + "/file"))
                        .header("Authorization", BASIC).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).contains("application/dicom");
        assertThat(Sha256.of(file.body())).isEqualTo(s.sha256());

        assertThat(store.mover().awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(get("/api/studies/1.2.840.99.1").body()).contains("\"status\":\"STORED\"");
    }

    @Test
    void badRequestsGetSpecificErrors() throws Exception {
        HttpResponse<String> badDate = get("/api/studies?from=2026-13-01");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("parameter 'from'").contains("ISO date");
        HttpResponse<String> reversed = get("/api/studies?from=2026-11-23&to=2026-11-01");
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(reversed.body()).contains("from 2026-11-23 is after to 2026-11-01");
        assertThat(get("/api/studies?size=100000").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = get("/api/instances/1.2.3.4/file");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no instance 1.2.3.4");
    }

    @Test
    void healthIsDownWhileTheObjectStoreIsDown() throws Exception {
        embeddedS3.stop();
        try {
            HttpResponse<String> r = get("/actuator/health");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"objectStore\":{").contains("\"status\":\"DOWN\"");
        } finally {
            embeddedS3.start();
        }
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    }
}
