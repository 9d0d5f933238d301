package org.rdc.ecg.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.holter.HolterReader;
import org.rdc.ecg.holter.HolterRecording;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.holter.StreamingBeatDetector;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.DeviceDirectory;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.EcgMetrics;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.intake.HolterUploads;
import org.rdc.ecg.intake.RecordUids;
import org.rdc.ecg.json.EcgJson;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.storage.Sha256;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.catalog.AttachmentSummary;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 14 point 2: tus 1.0.0 uploads of Holter recordings against the real Netty listener, the real
 * storage stack (S3Proxy, H2, spool) and the real outbox, with the JDK's HTTP client and, for a
 * connection cut in the middle of a PATCH, a raw socket. The recording is MIT-BIH record 100 as EDF+.
 */
@Timeout(300)
class HolterTusUploadTest {

    static final String KEY = "holter-key";
    static final String OTHER_KEY = "other-facility-key";
    static final DeviceDirectory DEVICES = (key, source, tls, certificate) -> switch (key) {
        case KEY -> DeviceDirectory.Authentication.of(new Device("demo", "DEMO_HOLTER"));
        case OTHER_KEY -> DeviceDirectory.Authentication.of(new Device("elsewhere", "OTHER_HOLTER"));
        default -> DeviceDirectory.Authentication.refused("the API key belongs to no registered device");
    };
    static final long LIMIT = 8L * 1024 * 1024;

    @TempDir
    static Path dir;
    static StorageFixture storage;
    static HolterUploads uploads;
    static JobWorkers workers;
    static EcgHttpServer server;
    static byte[] recording;
    static HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        storage = new StorageFixture(dir.resolve("storage"));
        uploads = new HolterUploads(dir.resolve("uploads"), LIMIT, storage.jobs, Clock.systemUTC());
        HolterIntake holter = new HolterIntake(storage.store, uploads, EcgIntake.Listener.NONE, 2.0);
        workers = new JobWorkers(storage.jobs, HolterUploads.KIND, job -> holter.process(job.key()),
                new JobOutbox.Retry(3, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMinutes(5)), Duration.ofMillis(100))
                .start(1);
        EcgIntake intake = new EcgIntake(storage.store, EcgReader.standard(), AnalysisSettings.defaults(), new EcgRenderer(),
                new EcgMetrics(new SimpleMeterRegistry()), EcgIntake.Listener.NONE);
        server = new EcgHttpServer(intake, DEVICES, new EcgHttpServer.Settings("127.0.0.1", 0, 2 * 1024 * 1024, 2, 4,
                Duration.ofSeconds(20)), null, uploads).start();
        recording = Files.readAllBytes(HolterTestFiles.mitdb100AsEdf(dir.resolve("100.edf")));
    }

    @AfterAll
    static void stop() {
        server.close();
        workers.close();
        storage.close();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder tus(String path, String key) {
        return HttpRequest.newBuilder(uri(path)).header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer " + key);
    }

    static String create(long length, String key) throws Exception {
        HttpResponse<String> r = send(tus(TusUploadHandler.PATH, key).header("Upload-Length", String.valueOf(length))
                .header("Upload-Metadata", "filename " + Base64.getEncoder().encodeToString("100.edf".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
        return r.headers().firstValue("Location").orElseThrow();
    }

    static HttpResponse<String> patch(String location, long offset, byte[] bytes, String key) throws Exception {
        return send(tus(location, key).header("Upload-Offset", String.valueOf(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    static long head(String location) throws Exception {
        HttpResponse<String> r = send(tus(location, KEY).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    static ObjectNode status(String location) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(location)).header("Authorization", "Bearer " + KEY)
                .header("Accept", "application/json").GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return EcgJson.parseObject(r.body().getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode awaitOutcome(String location) throws Exception {
        for (int i = 0; i < 1200; i++) {
            ObjectNode s = status(location);
            String state = s.get("state").asString();
            if (state.equals("DONE") || state.equals("FAILED")) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("upload " + location + " not processed: " + status(location));
    }

    /** Sends the head of a PATCH and only part of its body, then drops the connection. */
    static void interruptedPatch(String location, long offset, byte[] body, int sent) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\nAuthorization: Bearer " + KEY
                    + "\r\nUpload-Offset: " + offset + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, sent);
            out.flush();
        }
    }

    @Test
    void chunkedUploadInterruptedAndResumedBecomesAnAnalysedStudyOfTheDevicesFacility() throws Exception {
        int n = recording.length;
        String location = create(n, KEY);
        assertThat(status(location).get("state").asString()).isEqualTo("RECEIVING");
        int first = 300_000;
        HttpResponse<String> p1 = patch(location, 0, Arrays.copyOfRange(recording, 0, first), KEY);
        assertThat(p1.statusCode()).as(p1.body()).isEqualTo(204);
        assertThat(p1.headers().firstValue("Upload-Offset")).hasValue(String.valueOf(first));

        // the uplink breaks 200 000 bytes into a 600 000-byte PATCH: what arrived is kept, HEAD says how much
        interruptedPatch(location, first, Arrays.copyOfRange(recording, first, first + 600_000), 200_000);
        long resumed = head(location);
        for (int i = 0; i < 100 && resumed < first + 200_000; i++) {
            Thread.sleep(50);
            resumed = head(location);
        }
        assertThat(resumed).isEqualTo(first + 200_000);
        ObjectNode progress = status(location);
        assertThat(progress.get("bytesReceived").asLong()).isEqualTo(resumed);
        assertThat(progress.get("totalBytes").asLong()).isEqualTo(n);

        int middle = (int) resumed + (n - (int) resumed) / 2;
        HttpResponse<String> p2 = patchOnceFree(location, resumed, Arrays.copyOfRange(recording, (int) resumed, middle));
        assertThat(p2.headers().firstValue("Upload-Offset")).hasValue(String.valueOf(middle));
        HttpResponse<String> p3 = patch(location, middle, Arrays.copyOfRange(recording, middle, n), KEY);
        assertThat(p3.statusCode()).as(p3.body()).isEqualTo(204);
        assertThat(p3.headers().firstValue("Upload-Offset")).hasValue(String.valueOf(n));

        ObjectNode done = awaitOutcome(location);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("format").asString()).isEqualTo("EDF_PLUS");
        String sha = Sha256.of(recording);
        String study = RecordUids.of("demo", sha).study();
        assertThat(done.get("studyInstanceUid").asString()).isEqualTo(study);

        StudyDetail detail = storage.catalog.study(study).orElseThrow();
        assertThat(detail.study().facilityId()).isEqualTo("demo");
        assertThat(detail.series()).singleElement().satisfies(series -> {
            assertThat(series.modality()).isEqualTo("ECG");
            // an ECG waveform SOP class (PS3.4 B.5): the worklist's rule for the ECG line
            assertThat(series.instances()).singleElement().satisfies(i ->
                    assertThat(i.sopClassUid()).startsWith("1.2.840.10008.5.1.4.1.1.9.1."));
        });
        assertThat(storage.catalog.readiness(study)).hasValueSatisfying(r -> assertThat(r.getValue()).isEqualTo(HolterIntake.READY_REASON));
        AttachmentSummary original = storage.catalog.attachments(study, HolterIntake.ORIGINAL).get(0);
        assertThat(original.sha256()).as("the stored recording is the bytes sent").isEqualTo(sha);
        assertThat(original.name()).isEqualTo("100.edf");
        AttachmentSummary analysisRef = storage.catalog.attachments(study, HolterIntake.ANALYSIS).get(0);
        ObjectNode analysis;
        try (InputStream in = storage.store.openAttachment(study, HolterIntake.ANALYSIS, analysisRef.sha256())) {
            analysis = EcgJson.parseObject(in.readAllBytes());
        }
        long direct;
        try (HolterRecording rec = HolterReader.open(dir.resolve("100.edf"))) {
            direct = StreamingBeatDetector.detect(rec).length;
        }
        assertThat(analysis.path("beats").path("total").asLong()).isEqualTo(direct).isBetween(2260L, 2290L);
        // one shape: HolterJson.stored, which reads back into the analysis with every beat
        assertThat(org.rdc.ecg.json.HolterJson.read(analysis).beats().size()).isEqualTo((int) direct);
        assertThat(analysis.path("rebuild").path("beats").path("count").asInt()).isEqualTo((int) direct);
        assertThat(analysis.has("beatFrames")).as("no second summary shape").isFalse();
        assertThat(analysis.path("ventricular").path("isolated").asInt()).isEqualTo(1);
        assertThat(analysis.path("hourly").size()).isEqualTo(1);
        assertThat(analysis.path("hrv").path("sdnnMs").asDouble()).isPositive();
        assertThat(analysis.path("studyInstanceUid").asString()).isEqualTo(study);
        assertThat(Files.exists(uploads.data(location.substring(location.lastIndexOf('/') + 1))))
                .as("the part file is gone once the recording is stored").isFalse();

        // the facility's other device sees nothing of it; another facility's device gets 404
        HttpResponse<String> foreign = send(tus(location, OTHER_KEY).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(foreign.statusCode()).isEqualTo(404);
    }

    /** A PATCH right after a dropped connection may find the upload still held for a moment (409 "another PATCH"). */
    private static HttpResponse<String> patchOnceFree(String location, long offset, byte[] bytes) throws Exception {
        HttpResponse<String> r = patch(location, offset, bytes, KEY);
        for (int i = 0; i < 50 && r.statusCode() == 409 && r.body().contains("another PATCH"); i++) {
            Thread.sleep(100);
            r = patch(location, offset, bytes, KEY);
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        return r;
    }

    @Test
    void wrongOffsetIs409AndChangesNothing() throws Exception {
        String location = create(1000, KEY);
        assertThat(patch(location, 0, new byte[100], KEY).statusCode()).isEqualTo(204);
        HttpResponse<String> wrong = patch(location, 50, new byte[100], KEY);
        assertThat(wrong.statusCode()).isEqualTo(409);
        assertThat(wrong.body()).contains("Upload-Offset 50 is not the upload's offset 100");
        assertThat(head(location)).isEqualTo(100);
    }

    @Test
    void unknownDeviceIsRefusedAndTheProtocolIsChecked() throws Exception {
        HttpResponse<String> unknown = send(tus(TusUploadHandler.PATH, "no-such-key").header("Upload-Length", "10")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("belongs to no registered device");
        HttpResponse<String> none = send(HttpRequest.newBuilder(uri(TusUploadHandler.PATH)).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "10").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(none.statusCode()).isEqualTo(401);

        HttpResponse<String> options = send(HttpRequest.newBuilder(uri(TusUploadHandler.PATH))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        assertThat(options.headers().firstValue("Tus-Extension")).hasValue("creation,termination");
        assertThat(options.headers().firstValue("Tus-Max-Size")).hasValue(String.valueOf(LIMIT));

        HttpResponse<String> oldVersion = send(HttpRequest.newBuilder(uri(TusUploadHandler.PATH)).header("Tus-Resumable", "0.2.2")
                .header("Authorization", "Bearer " + KEY).header("Upload-Length", "10").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(oldVersion.statusCode()).isEqualTo(412);

        HttpResponse<String> tooLarge = send(tus(TusUploadHandler.PATH, KEY).header("Upload-Length", String.valueOf(LIMIT + 1))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("over the limit of " + LIMIT + " bytes");

        String location = create(100, KEY);
        HttpResponse<String> overLength = patch(location, 0, new byte[101], KEY);
        assertThat(overLength.statusCode()).isEqualTo(413);
        assertThat(overLength.body()).contains("only 100 of the declared Upload-Length 100 remain");
        HttpResponse<String> wrongType = send(tus(location, KEY).header("Upload-Offset", "0")
                .header("Content-Type", "application/octet-stream").method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[10])));
        assertThat(wrongType.statusCode()).isEqualTo(415);

        HttpResponse<String> deleted = send(tus(location, KEY).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        HttpResponse<String> gone = send(tus(location, KEY).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(gone.statusCode()).isEqualTo(404);
    }

    @Test
    void aFileThatIsNoHolterRecordingIsRefusedWithItsReasonAndNothingIsCatalogued() throws Exception {
        byte[] text = "this is a township clinic's discharge letter, not a recording\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        String location = create(text.length, KEY);
        assertThat(patch(location, 0, text, KEY).statusCode()).isEqualTo(204);
        ObjectNode outcome = awaitOutcome(location);
        assertThat(outcome.get("state").asString()).isEqualTo("FAILED");
        assertThat(outcome.get("error").asString()).contains("not a Holter recording");
        assertThat(outcome.has("studyInstanceUid")).isFalse();
        String study = RecordUids.of("demo", Sha256.of(text)).study();
        assertThat(storage.catalog.study(study)).isEmpty();
        assertThat(storage.catalog.attachments(study, null)).isEmpty();
    }
}
