package org.rdc.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rdc.app.ApiClient;
import org.rdc.app.ApiClient.Response;
import org.rdc.app.ApiClient.Session;
import org.rdc.app.RdcApplication;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.reports.signing.KeyStoreDirectory;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 14 point 6 through the real application: MIT-BIH record 100 as EDF+ uploaded by tus with the demo device's key
 * becomes an ECG reading task; the report started on it uses the Holter template, pre-filled with the figures of the
 * analysis the review API shows; signed, its PDF's signature is valid and trusted (pdfsig) and the page prints the
 * figures and the representative strips' page.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HolterReportApplicationTest {

    static final Path data = ApiClient.dataDirectory("rdc-holter-report");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
        registry.add("rdc.demo", () -> "true");
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.port", () -> "0");
    }

    @LocalServerPort
    int port;
    @Autowired
    EcgHttpServer ecg;
    @Autowired
    KeyStoreDirectory keys;

    @Test
    void anUploadedRecordingIsReportedWithTheHolterTemplatePreFilledSignedAndItsPdfPrintsTheFigures() throws Exception {
        ApiClient api = new ApiClient(port);
        api.createUser("holter.r", "\"READER\"", "\"ECG\"", null, ",\"displayName\":\"孙医生\"");
        Path edf = HolterTestFiles.mitdb100AsEdf(Files.createDirectories(data.resolve("files")).resolve("100.edf"));
        String study = upload(Files.readAllBytes(edf));
        long task = api.awaitTask(study);
        Session reader = api.signIn("holter.r");
        Response shown = reader.get("/api/studies/" + study + "/holter");
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        JsonNode analysis = shown.json();  // the stored analysis, HolterJson.analysis's fields

        JsonNode report = reader.startReport(task);
        JsonNode version = report.get("version");
        assertThat(version.get("templateId").asString()).isEqualTo("ecg-holter-24h");
        JsonNode fields = version.get("fields");
        assertThat(fields.get("totalBeats").asLong()).isEqualTo(analysis.path("beats").path("total").asLong()).isBetween(2200L, 2300L);
        assertThat(fields.get("meanHr").asLong()).isEqualTo(Math.round(analysis.path("heartRate").path("meanBpm").asDouble()));
        assertThat(fields.get("minHr").asLong()).isEqualTo(analysis.path("heartRate").path("minBpm").asLong());
        assertThat(fields.get("maxHr").asLong()).isEqualTo(analysis.path("heartRate").path("maxBpm").asLong());
        assertThat(fields.get("supraventricularBeats").asLong()).isEqualTo(analysis.path("beats").path("SUPRAVENTRICULAR").asLong());
        assertThat(fields.get("sdnn").asDouble()).isEqualTo(analysis.path("hrv").path("sdnnMs").asDouble());
        assertThat(fields.get("recordingStart").asString()).isEqualTo("2026-12-02 08:30:15");

        long id = report.get("id").asLong();
        ObjectNode draft = JSON.createObjectNode();
        draft.put("baseRevision", version.get("draftRevision").asInt());
        draft.put("findings", "窦性心律，偶发房性早搏。");
        draft.put("impression", "1. 窦性心律。\n2. 偶发房性早搏。");
        draft.set("fields", fields);
        Response saved = reader.put("/api/reports/" + id + "/draft", draft.toString());
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        Response signed = reader.post("/api/reports/" + id + "/sign", null);
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        assertThat(signed.json().get("state").asString()).isEqualTo("FINAL");

        Response pdf = reader.get("/api/reports/" + id + "/versions/1/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        Files.write(data.resolve("holter-report.pdf"), pdf.bytes());
        assertThat(pdfsig(pdf.bytes())).singleElement().asString().contains("Common Name: 孙医生")
                .contains("Signature is Valid.").contains("Certificate is Trusted.");
        String text = pdftotext(pdf.bytes());
        assertThat(text).contains("动态心电图检查报告单").contains("总心搏数：" + fields.get("totalBeats").asLong() + " 次")
                .contains("平均心率：" + fields.get("meanHr").asLong() + " 次/分").contains("最慢心率：" + fields.get("minHr").asLong())
                .contains("心率变异性 SDNN：" + fields.get("sdnn").asString()).contains("逐时心率表")
                .contains("动态心电图典型片段").contains("窦性心律，偶发房性早搏。").contains("孙医生");
    }

    /** One tus upload with the demo device's key, in one PATCH; the study once the intake is DONE. */
    private String upload(byte[] recording) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + ecg.port();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/ecg/holter/uploads"))
                .header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer demo-ecg-key")
                .header("Upload-Length", String.valueOf(recording.length)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> patched = http.send(HttpRequest.newBuilder(URI.create(base + location))
                .header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer demo-ecg-key").header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(recording)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
        JsonNode status = null;
        for (int i = 0; i < 1800 && (status == null || !status.path("state").asString().equals("DONE")); i++) {
            Thread.sleep(100);
            status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + location)).header("Accept", "application/json")
                    .header("Authorization", "Bearer demo-ecg-key").build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("DONE");
        return status.get("studyInstanceUid").asString();
    }

    private static String pdftotext(byte[] pdf) throws Exception {
        Path tool = Requires.program("pdftotext", "poppler-utils");
        Path file = Files.createTempFile(data, "report-", ".pdf");
        Files.write(file, pdf);
        return run(tool.toString(), "-layout", "-enc", "UTF-8", file.toString(), "-");
    }

    /** pdfsig's verdict per signature, with an NSS database that trusts the application's alliance CA. */
    private List<String> pdfsig(byte[] pdf) throws Exception {
        Path pdfsig = Requires.program("pdfsig", "poppler-utils");
        Path certutil = Requires.program("certutil", "libnss3-tools");
        Path nss = Files.createDirectories(data.resolve("nss"));
        run(certutil.toString(), "-N", "-d", "sql:" + nss, "--empty-password");
        run(certutil.toString(), "-A", "-d", "sql:" + nss, "-n", "alliance-ca", "-t", "CT,C,C",
                "-i", keys.caDirectory().resolve("rsa-ca.pem").toString());
        Path file = Files.createTempFile(data, "signed-", ".pdf");
        Files.write(file, pdf);
        List<String> blocks = new ArrayList<>();
        for (String block : run(pdfsig.toString(), "-nssdir", "sql:" + nss, file.toString()).split("(?m)^Signature #\\d+:")) {
            if (block.contains("Signature Field Name")) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
