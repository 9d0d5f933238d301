package org.rdc.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo facility's ECG door (README "ECG intake") as the ECG and Holter application tests use it: the application's
 * set-up with the demo devices and the ECG listener on a free loopback port, the users they read with, and the two ways a
 * device sends: one resting ECG in one POST, a Holter recording by tus. Shared so that each test does not copy it.
 */
public final class DemoEcgDoor {

    /** The demo ECG device's API key ({@code rdc.demo}). */
    public static final String KEY = "demo-ecg-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DemoEcgDoor() {
    }

    /** {@link ApiClient#properties}, the demo facility and its devices, the ECG listener on loopback at a free port. */
    public static void properties(DynamicPropertyRegistry registry, Path data) {
        ApiClient.properties(registry, data);
        registry.add("rdc.demo", () -> "true");
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.port", () -> "0");
    }

    /** An ECG reader (wang.ecg), a user of the demo facility (demo.clerk) and one of another facility (other.clerk, th02). */
    public static void readerAndClerks(ApiClient api) throws Exception {
        api.createUser("wang.ecg", "\"READER\"", "\"ECG\"", null);
        api.createUser("demo.clerk", "\"FACILITY_USER\"", "", "demo");
        api.createUser("other.clerk", "\"FACILITY_USER\"", "", "th02");
    }

    /** One resting ECG sent with the demo device's key in one POST; the door's answer as it came. */
    public static HttpResponse<String> post(int ecgPort, byte[] ecg) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ecgPort + "/api/ecg"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofByteArray(ecg))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One tus upload with the demo device's key, in one PATCH; the study once the intake is DONE. */
    public static String uploadByTus(int ecgPort, Path file) throws Exception {
        byte[] recording = Files.readAllBytes(file);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + ecgPort;
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/ecg/holter/uploads"))
                .header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer " + KEY)
                .header("Upload-Length", String.valueOf(recording.length)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> patched = http.send(HttpRequest.newBuilder(URI.create(base + location))
                .header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer " + KEY).header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(recording)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
        JsonNode status = null;
        for (int i = 0; i < 1800 && (status == null || !status.path("state").asString().equals("DONE")); i++) {
            Thread.sleep(100);
            status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + location)).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("DONE");
        return status.get("studyInstanceUid").asString();
    }
}
