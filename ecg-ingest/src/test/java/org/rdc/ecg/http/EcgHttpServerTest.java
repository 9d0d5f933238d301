package org.rdc.ecg.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.TestData;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.DeviceDirectory;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.EcgMetrics;
import org.rdc.ecg.json.EcgJson;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.storage.StorageFixture;
import tools.jackson.databind.node.ObjectNode;

/** A real HTTP client against the real Netty listener on 127.0.0.1, storing into the real storage stack. */
class EcgHttpServerTest {

    static final String KEY = "demo-ecg-key";
    static final DeviceDirectory DEVICES = (key, source, tls, certificate) -> KEY.equals(key)
            ? DeviceDirectory.Authentication.of(new Device("demo", "DEMO_ECG"))
            : DeviceDirectory.Authentication.refused("the API key belongs to no registered device");
    static final int LIMIT = 2 * 1024 * 1024;

    @TempDir
    static Path dir;
    static StorageFixture storage;
    static SimpleMeterRegistry meters = new SimpleMeterRegistry();
    static EcgHttpServer server;
    static HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        storage = new StorageFixture(dir);
        EcgIntake intake = new EcgIntake(storage.store, EcgReader.standard(), AnalysisSettings.defaults(), new EcgRenderer(),
                new EcgMetrics(meters), EcgIntake.Listener.NONE);
        server = new EcgHttpServer(intake, DEVICES, new EcgHttpServer.Settings("127.0.0.1", 0, LIMIT, 2, 4,
                Duration.ofSeconds(20))).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        storage.close();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<String> post(byte[] body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/ecg")).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static ObjectNode json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return EcgJson.parseObject(r.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void uploadIsCreatedThenTheSameContentGivesTheSameRecord() throws Exception {
        byte[] scp = TestData.bytes("ecg/ecgtoolkit/Example.scp");
        HttpResponse<String> first = post(scp, KEY);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        ObjectNode a = json(first);
        assertThat(a.get("created").asBoolean()).isTrue();
        assertThat(a.get("format").asString()).isEqualTo("SCP_ECG");
        assertThat(a.get("facilityId").asString()).isEqualTo("demo");
        assertThat(a.get("studyInstanceUid").asString()).startsWith("2.25.");
        ObjectNode analysis = (ObjectNode) a.get("analysis");
        for (String field : List.of("heartRateBpm", "prMs", "qrsMs", "qtMs", "qtcBazettMs", "qtcFridericiaMs", "pAxisDeg",
                "qrsAxisDeg", "tAxisDeg", "rhythm", "criticalFlags", "leads", "sampleRateHz", "format")) {
            assertThat(analysis.has(field)).as(field).isTrue();
        }
        assertThat(analysis.get("qrsMs").asDouble()).isEqualTo(120.0);

        HttpResponse<String> again = post(scp, KEY);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        ObjectNode b = json(again);
        assertThat(b.get("created").asBoolean()).isFalse();
        assertThat(b.get("id").asString()).isEqualTo(a.get("id").asString());
        assertThat(b.get("studyInstanceUid").asString()).isEqualTo(a.get("studyInstanceUid").asString());
        assertThat(storage.catalog.study(a.get("studyInstanceUid").asString())).isPresent();
        assertThat(meters.get("rdc.ecg.uploads").tags("outcome", "created", "format", "SCP_ECG").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("rdc.ecg.uploads").tags("outcome", "duplicate").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("rdc.ecg.analysis").timer().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void missingOrUnknownKeyIs401BeforeTheBodyMatters() throws Exception {
        byte[] scp = TestData.bytes("ecg/ecgtoolkit/Example.scp");
        HttpResponse<String> none = post(scp, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(none).get("reason").asString()).contains("no Authorization header");
        HttpResponse<String> wrong = post(scp, "not-a-key");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("reason").asString()).contains("belongs to no registered device");
        HttpResponse<String> basic = client.send(HttpRequest.newBuilder(uri("/api/ecg"))
                .header("Authorization", "Basic ZGVtbzpkZW1v").POST(HttpRequest.BodyPublishers.ofByteArray(scp)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(meters.get("rdc.ecg.failures").tags("reason", "unauthorized").counter().count()).isGreaterThanOrEqualTo(3.0);
    }

    @Test
    void unsupportedAndBrokenFilesGetTheDecodersReason() throws Exception {
        HttpResponse<String> text = post("just some text, no ECG".getBytes(StandardCharsets.UTF_8), KEY);
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(json(text).get("reason").asString()).startsWith("unsupported ECG format");

        byte[] scp = TestData.bytes("ecg/ecgtoolkit/Example.scp");
        byte[] broken = scp.clone();
        broken[400] ^= 0x5A;
        HttpResponse<String> crc = post(broken, KEY);
        assertThat(crc.statusCode()).isEqualTo(422);
        assertThat(json(crc).get("reason").asString()).contains("SCP-ECG file CRC mismatch");

        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<AnnotatedECG xmlns=\"urn:hl7-org:v3\">&x;</AnnotatedECG>";
        HttpResponse<String> hostile = post(xxe.getBytes(StandardCharsets.UTF_8), KEY);
        assertThat(hostile.statusCode()).isEqualTo(422);
        assertThat(hostile.body()).doesNotContain("root:");

        HttpResponse<String> ct = post(ctImage(), KEY);
        assertThat(ct.statusCode()).isEqualTo(415);
        assertThat(json(ct).get("reason").asString()).contains("not an ECG waveform");
    }

    private static byte[] ctImage() {
        org.rdc.dicom.object.DataSet ds = new org.rdc.dicom.object.DataSet();
        ds.setString(org.rdc.dicom.core.Tag.SOPClassUID, org.rdc.dicom.core.VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(org.rdc.dicom.core.Tag.SOPInstanceUID, org.rdc.dicom.core.VR.UI, "2.25.77");
        return org.rdc.ecg.format.dicom.DicomWaveformWriter.toPart10(ds);
    }

    @Test
    void aDicomEcgIntoAnotherFacilitysStudyIs409() throws Exception {
        byte[] dcm = TestData.bytes("ecg/pydicom/waveform_ecg.dcm");
        String study = "1.3.76.13.65829.2.20130125082826.1072139.2";  // the file's own Study Instance UID
        // another facility already has a study under that UID
        storage.store.store(new org.rdc.storage.catalog.InstanceAttributes("0001", null, "Other^Patient", "F", null, study,
                null, null, null, null, study + ".77", "ECG", null, null, null, "1.2.840.10008.5.1.4.1.1.9.1.1", study + ".77.1",
                1, "1.2.840.10008.1.2.1", "other", "OTHER_ECG", null), new ByteArrayInputStream(new byte[100]));

        HttpResponse<String> r = post(dcm, KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(json(r).get("reason").asString()).contains("belongs to another facility: Study Instance UID " + study);
        assertThat(storage.catalog.study(study).orElseThrow().study().facilityId()).isEqualTo("other");
        assertThat(storage.catalog.study(study).orElseThrow().study().instanceCount()).isEqualTo(1);
        assertThat(meters.get("rdc.ecg.failures").tags("reason", "uid_conflict").counter().count()).isEqualTo(1.0);
    }

    @Test
    void tooLargeIs413WhetherDeclaredOrChunked() throws Exception {
        byte[] big = new byte[LIMIT + 1];
        HttpResponse<String> declared = post(big, KEY);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(json(declared).get("reason").asString()).contains("over the limit of " + LIMIT);

        HttpRequest chunked = HttpRequest.newBuilder(uri("/api/ecg")).header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpResponse<String> r = client.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).get("reason").asString()).contains("larger than the limit");
    }

    @Test
    void wrongPathOrMethodIsNamed() throws Exception {
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri("/api/ecg")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> other = client.send(HttpRequest.newBuilder(uri("/api/other")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void keepAliveConnectionCarriesSeveralUploads() throws Exception {
        byte[] xml = TestData.bytes("ecg/philips-sierra/2020-5-18_15-48-11.xml");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 2; i++) {
                out.write(("POST /api/ecg HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY + "\r\nContent-Length: " + xml.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(xml);
                out.flush();
                String head = readHead(in);
                assertThat(head).startsWith(i == 0 ? "HTTP/1.1 201" : "HTTP/1.1 200");
                int len = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
                assertThat(in.readNBytes(len)).hasSize(len);
            }
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString().toLowerCase(java.util.Locale.ROOT).replace("http/1.1", "HTTP/1.1");
    }

    /** Workers and queue full: the next upload is refused with 503 at once, not queued without bound. */
    @Test
    void aFullWorkerPoolAnswers503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        SimpleMeterRegistry m = new SimpleMeterRegistry();
        EcgIntake blocking = new EcgIntake(storage.store, EcgReader.standard(), AnalysisSettings.defaults(), new EcgRenderer(),
                new EcgMetrics(m), r -> {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        try (EcgHttpServer small = new EcgHttpServer(blocking, DEVICES, new EcgHttpServer.Settings("127.0.0.1", 0, LIMIT, 1, 1,
                Duration.ofSeconds(20))).start()) {
            URI u = URI.create("http://127.0.0.1:" + small.port() + "/api/ecg");
            List<byte[]> files = List.of(TestData.bytes("ecg/philips-sierra/129DYPRG.XML"),
                    TestData.bytes("ecg/ecgtoolkit/Example.xml"), TestData.bytes("ecg/philips-sierra/repbeats_example.xml"));
            List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
            pending.add(client.sendAsync(HttpRequest.newBuilder(u).header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(files.get(0))).build(), HttpResponse.BodyHandlers.ofString()));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();  // the one worker is busy
            pending.add(client.sendAsync(HttpRequest.newBuilder(u).header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(files.get(1))).build(), HttpResponse.BodyHandlers.ofString()));
            for (int i = 0; i < 600 && small.queued() < 1; i++) {
                Thread.sleep(50);  // until the second upload waits in the queue
            }
            assertThat(small.queued()).isEqualTo(1);
            HttpResponse<String> third = client.send(HttpRequest.newBuilder(u).header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(files.get(2))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(json(third).get("reason").asString()).contains("busy");
            assertThat(m.get("rdc.ecg.failures").tags("reason", "overloaded").counter().count()).isGreaterThanOrEqualTo(1.0);
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> f : pending) {
                assertThat(f.get(60, TimeUnit.SECONDS).statusCode()).isIn(200, 201);
            }
        } finally {
            release.countDown();
        }
    }
}
