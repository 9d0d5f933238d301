package org.rdc.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rdc.app.ApiClient;
import org.rdc.app.ApiClient.Response;
import org.rdc.app.ApiClient.Session;
import org.rdc.app.DemoEcgApplication;
import org.rdc.app.DemoEcgDoor;
import org.rdc.app.PdfTools;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.reports.signing.KeyStoreDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 14 point 6 through the real application: MIT-BIH record 100 as EDF+ uploaded by tus with the demo device's key
 * becomes an ECG reading task; the report started on it uses the Holter template, pre-filled with the figures of the
 * analysis the review API shows; signed, its PDF's signature is valid and trusted (pdfsig) and the page prints the
 * figures and the representative strips' page.
 */
class HolterReportApplicationTest extends DemoEcgApplication {

    @Autowired
    KeyStoreDirectory keys;

    @Test
    void anUploadedRecordingIsReportedWithTheHolterTemplatePreFilledSignedAndItsPdfPrintsTheFigures() throws Exception {
        ApiClient api = new ApiClient(port);
        api.createUser("holter.r", "\"READER\"", "\"ECG\"", null, ",\"displayName\":\"孙医生\"");
        Path edf = HolterTestFiles.mitdb100AsEdf(Files.createDirectories(data.resolve("files")).resolve("100.edf"));
        String study = DemoEcgDoor.uploadByTus(ecg.port(), edf);
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
        assertThat(new PdfTools(data, keys).signatures(pdf.bytes())).singleElement().asString().contains("Common Name: 孙医生")
                .contains("Signature is Valid.").contains("Certificate is Trusted.");
        String text = PdfTools.text(pdf.bytes(), data);
        assertThat(text).contains("动态心电图检查报告单").contains("总心搏数：" + fields.get("totalBeats").asLong() + " 次")
                .contains("平均心率：" + fields.get("meanHr").asLong() + " 次/分").contains("最慢心率：" + fields.get("minHr").asLong())
                .contains("心率变异性 SDNN：" + fields.get("sdnn").asString()).contains("逐时心率表")
                .contains("动态心电图典型片段").contains("窦性心律，偶发房性早搏。").contains("孙医生");
    }
}
