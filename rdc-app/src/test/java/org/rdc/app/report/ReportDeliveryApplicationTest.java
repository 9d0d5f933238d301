package org.rdc.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.rdc.app.ApiClient;
import org.rdc.app.ApiClient.Response;
import org.rdc.app.ApiClient.Session;
import org.rdc.app.PdfTools;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.iod.EncapsulatedPdf;
import org.rdc.dicom.object.DataSet;
import org.rdc.gateway.Peers;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.TestStreams;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports written with the shipped templates, signed through the API of the running application and
 * delivered by it: the facility {@code fd} has a {@code reportDestination} (dcmtk storescp on
 * loopback), so each signature goes through the release step ({@code DeliveryRelease}) and the
 * delivery outbox to that PACS, as an Encapsulated PDF in the images' study holding the very PDF
 * the API serves. The {@code rdc_report_delivery_state} gauge on the management port follows the
 * deliveries, a PACS that is down included. Template versions: a report keeps the version it was
 * started with when an administrator adds a new one, and an invalid upload changes nothing.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportDeliveryApplicationTest {

    static final Path data = ApiClient.dataDirectory("rdc-report-delivery");
    static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";
    static final String US = "1.2.840.10008.5.1.4.1.1.6.1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
        // a PACS that is down is tried again soon, so that the test sees it recover
        registry.add("rdc.reports.delivery.retry-delay", () -> "300ms");
        registry.add("rdc.reports.delivery.max-retry-delay", () -> "1s");
        registry.add("rdc.reports.delivery.timeout", () -> "5s");
    }

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    InstanceStore store;

    ApiClient api;
    final HttpClient http = HttpClient.newHttpClient();
    final java.util.Map<String, Long> tasks = new java.util.HashMap<>();
    final int pacsPort = freePort();
    final Path received = data.resolve("pacs");
    Peers.Child pacs;
    long limbReport;

    @BeforeAll
    void facilityPacsReadersAndStudies() throws Exception {
        api = new ApiClient(port);
        pacs = Peers.storescp("FD_PACS", pacsPort, received);
        Response facility = api.call(ApiClient.ADMIN, "PUT", "/api/admin/facilities/fd", "{\"name\":\"竹山县人民医院\","
                + "\"reportDestination\":{\"aeTitle\":\"FD_PACS\",\"host\":\"127.0.0.1\",\"port\":" + pacsPort + "}}");
        assertThat(facility.status()).as(facility.body()).isEqualTo(200);
        api.createUser("rad", "\"READER\"", "\"RADIOLOGY\"", null, ",\"displayName\":\"王医生\"");
        api.createUser("sono", "\"READER\"", "\"ULTRASOUND\"", null, ",\"displayName\":\"刘医生\"");
        study("7.1.1", "DX", DX);  // limb and joint, delivered
        study("7.2.1", "US", US);  // abdomen, while the PACS is down
        study("7.1.2", "DX", DX);  // started before the template's new version
        study("7.1.3", "DX", DX);  // started after it
    }

    @AfterAll
    void stopPacs() {
        if (pacs != null) {
            pacs.close();
        }
    }

    private void study(String uid, String modality, String sopClass) throws Exception {
        store.store(ApiClient.instance(uid, "fd", modality, sopClass, "PD1"), TestStreams.content(uid.hashCode(), 2000));
        store.catalog().markReady(uid, "STOW_RS");
        tasks.put(uid, api.awaitTask(uid));
    }

    // ------------------------------------------------------------------ sign -> storescp

    @Test
    @Order(1)
    void aLimbJointReportSignedThroughTheApiReachesTheFacilitysPacsInItsStudyAsTheSignedPdf() throws Exception {
        assertThat(gauge("dicom", "sent")).isZero();
        Session rad = api.signIn("rad");
        long id = start(rad, "7.1.1", "dr-limb-joint", 1);
        limbReport = id;
        save(rad, id, 0, "左膝关节诸骨骨质结构完整，关节间隙内侧变窄，关节边缘骨质增生。", "左膝关节退行性骨关节病。", "建议骨科就诊。",
                "{\"bodyPart\":\"KNEE\",\"side\":\"LEFT\",\"fracture\":false,\"dislocation\":false,\"degenerative\":\"MODERATE\"}");
        JsonNode signed = sign(rad, id);
        assertThat(signed.get("templateVersion").asInt()).isEqualTo(1);
        assertThat(signed.get("fields").get("degenerative").asString()).isEqualTo("MODERATE");

        byte[] pdf = pdf(id, 1);
        String text = PdfTools.text(pdf, data);
        assertThat(text).contains("四肢关节 DR").contains("左膝关节退行性骨关节病。").contains("建议骨科就诊。");
        assertThat(text).containsPattern("检查部位\\s*[：:]?\\s*膝关节").containsPattern("侧别\\s*[：:]?\\s*左")
                .containsPattern("骨折\\s*[：:]?\\s*否").containsPattern("退行性变\\s*[：:]?\\s*中度");

        DataSet got = awaitDelivered(id, 1);
        assertThat(got.getString(Tag.SOPClassUID)).isEqualTo(EncapsulatedPdf.SOP_CLASS_UID);
        assertThat(got.getString(Tag.StudyInstanceUID)).as("in the images' study").isEqualTo("7.1.1");
        assertThat(got.getString(Tag.SeriesInstanceUID)).isNotEqualTo("7.1.1.1");
        assertThat(got.getString(Tag.PatientID)).isEqualTo("PD1");
        assertThat(got.getString(Tag.Modality)).isEqualTo("DOC");
        int length = got.getInt(Tag.EncapsulatedDocumentLength, -1);
        assertThat(Arrays.copyOf(got.getBytes(Tag.EncapsulatedDocument), length)).as("the signed PDF, byte for byte").isEqualTo(pdf);
        assertThat(gauge("dicom", "sent")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ the delivery state gauge

    @Test
    @Order(2)
    void theDeliveryStateGaugeFollowsAnAbdomenReportThroughAPacsThatIsDownUntilItIsSent() throws Exception {
        assertThat(gauge("dicom", "sent")).isEqualTo(1);
        assertThat(gauge("dicom", "retrying")).isZero();
        assertThat(gauge("dicom", "pending")).isZero();
        pacs.close();
        pacs = null;

        Session sono = api.signIn("sono");
        long id = start(sono, "7.2.1", "us-abdomen", 1);
        save(sono, id, 0, "肝脏形态大小正常，实质回声细密增强，后方回声衰减。胆囊腔内见强回声团，后伴声影，随体位移动。",
                "脂肪肝（轻度）。胆囊结石。", "建议肝胆外科就诊。",
                "{\"liverEchotexture\":\"FATTY_MILD\",\"liverRightLobeObliqueMm\":142,\"gallbladderStones\":true,\"commonBileDuctMm\":5.5,"
                        + "\"spleenThicknessMm\":32,\"ascites\":false}");
        JsonNode signed = sign(sono, id);
        assertThat(signed.get("fields").get("liverRightLobeObliqueMm").asInt()).isEqualTo(142);
        assertThat(signed.get("fields").get("commonBileDuctMm").asDouble()).isEqualTo(5.5);
        String text = PdfTools.text(pdf(id, 1), data);
        assertThat(text).contains("腹部彩超").contains("脂肪肝（轻度）。胆囊结石。");
        assertThat(text).containsPattern("肝实质回声\\s*[：:]?\\s*轻度脂肪肝").containsPattern("肝右叶斜径\\s*[：:]?\\s*142 mm")
                .containsPattern("胆囊结石\\s*[：:]?\\s*是").containsPattern("胆总管内径\\s*[：:]?\\s*5\\.5 mm")
                .containsPattern("脾厚\\s*[：:]?\\s*32 mm").containsPattern("腹水\\s*[：:]?\\s*否");

        waitFor(() -> gauge("dicom", "retrying") == 1, "the gauge counts the delivery retrying");
        assertThat(gauge("dicom", "sent")).isEqualTo(1);
        pacs = Peers.storescp("FD_PACS", pacsPort, received);
        DataSet got = awaitDelivered(id, 1);
        assertThat(got.getString(Tag.StudyInstanceUID)).isEqualTo("7.2.1");
        waitFor(() -> gauge("dicom", "sent") == 2 && gauge("dicom", "retrying") == 0, "sent 2, retrying 0");
        assertThat(gauge("dicom", "failed")).isZero();
    }

    // ------------------------------------------------------------------ template versions

    @Test
    @Order(3)
    void aReportKeepsItsTemplateVersionWhenANewOneIsAddedAndAnInvalidUploadChangesNothing() throws Exception {
        Session rad = api.signIn("rad");
        long before = start(rad, "7.1.2", "dr-limb-joint", 1);
        String v1 = api.call(ApiClient.ADMIN, "GET", "/api/report-templates/dr-limb-joint", null).body();

        // version 2: a new name and a new field
        tools.jackson.databind.node.ObjectNode v2 = (tools.jackson.databind.node.ObjectNode) JSON.readTree(v1);
        v2.put("version", 2);
        v2.put("nameZh", "四肢关节 X 线摄影");
        ((tools.jackson.databind.node.ArrayNode) v2.get("fields")).add(JSON.readTree(
                "{\"key\":\"softTissueSwelling\",\"nameZh\":\"软组织肿胀\",\"nameEn\":\"Soft tissue swelling\",\"type\":\"BOOLEAN\"}"));
        Response added = api.call(ApiClient.ADMIN, "POST", "/api/admin/report-templates", JSON.writeValueAsString(v2));
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        // refused by the server, each with its problem, and the versions stay 1 and 2
        tools.jackson.databind.node.ObjectNode noName = v2.deepCopy();
        noName.put("version", 3);
        noName.remove("nameZh");
        tools.jackson.databind.node.ObjectNode noPhrases = v2.deepCopy();
        noPhrases.put("version", 3);
        noPhrases.set("phrases", JSON.createArrayNode());
        for (String bad : List.of(JSON.writeValueAsString(noName), JSON.writeValueAsString(noPhrases), "{\"id\":\"dr-limb-joint\",")) {
            Response refused = api.call(ApiClient.ADMIN, "POST", "/api/admin/report-templates", bad);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("code").asString()).isEqualTo("template-invalid");
        }
        Response again = api.call(ApiClient.ADMIN, "POST", "/api/admin/report-templates", JSON.writeValueAsString(v2));
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("code").asString()).isEqualTo("template-version");
        JsonNode versions = JSON.readTree(api.call(ApiClient.ADMIN, "GET", "/api/report-templates/dr-limb-joint/versions", null).body());
        assertThat(versions).extracting(v -> v.get("version").asInt()).containsExactly(1, 2);
        assertThat(versions.get(1).get("nameZh").asString()).isEqualTo("四肢关节 X 线摄影");

        // the report started on version 1 stays on it, is checked against it, and prints its name
        Response unknown = rad.put("/api/reports/" + before + "/draft", draftBody(0, "右腕关节骨质未见异常。", "右腕关节未见明显异常。", "",
                "{\"bodyPart\":\"WRIST\",\"side\":\"RIGHT\",\"softTissueSwelling\":true}"));
        assertThat(unknown.status()).as("version 2's field is not version 1's: " + unknown.body()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("code").asString()).isEqualTo("field-unknown");
        save(rad, before, 0, "右腕关节骨质未见异常。", "右腕关节未见明显异常。", "", "{\"bodyPart\":\"WRIST\",\"side\":\"RIGHT\"}");
        JsonNode signed = sign(rad, before);
        assertThat(signed.get("templateId").asString()).isEqualTo("dr-limb-joint");
        assertThat(signed.get("templateVersion").asInt()).isEqualTo(1);
        assertThat(PdfTools.text(pdf(before, 1), data)).contains("四肢关节 DR").doesNotContain("四肢关节 X 线摄影").containsPattern("检查部位\\s*[：:]?\\s*腕关节");
        JsonNode first = JSON.readTree(api.call(ApiClient.ADMIN, "GET", "/api/reports/" + limbReport, null).body());
        assertThat(first.get("version").get("templateVersion").asInt()).as("the signed one too").isEqualTo(1);

        // a report started now takes version 2
        long after = start(rad, "7.1.3", "dr-limb-joint", 2);
        save(rad, after, 0, "右踝关节外侧软组织肿胀，骨质未见异常。", "右踝关节软组织肿胀。", "",
                "{\"bodyPart\":\"ANKLE\",\"side\":\"RIGHT\",\"softTissueSwelling\":true}");
        assertThat(sign(rad, after).get("templateVersion").asInt()).isEqualTo(2);
        assertThat(PdfTools.text(pdf(after, 1), data)).contains("四肢关节 X 线摄影").containsPattern("软组织肿胀\\s*[：:]?\\s*是");
    }

    // ------------------------------------------------------------------ helpers

    /** Claims the study's task and starts its report with the template; checks the template version it got. */
    private long start(Session reader, String study, String template, int version) throws Exception {
        long task = tasks.get(study);
        assertThat(reader.post("/api/tasks/" + task + "/claim", null).status()).isEqualTo(200);
        Response created = reader.post("/api/tasks/" + task + "/report", "{\"templateId\":\"" + template + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode r = JSON.readTree(created.body());
        assertThat(r.get("version").get("templateId").asString()).isEqualTo(template);
        assertThat(r.get("version").get("templateVersion").asInt()).isEqualTo(version);
        return r.get("id").asLong();
    }

    private static String draftBody(int revision, String findings, String impression, String recommendation, String fields) {
        return "{\"baseRevision\":" + revision + ",\"findings\":\"" + findings + "\",\"impression\":\"" + impression
                + "\",\"recommendation\":\"" + recommendation + "\",\"fields\":" + fields + "}";
    }

    private static void save(Session reader, long id, int revision, String findings, String impression, String recommendation,
                             String fields) throws Exception {
        Response saved = reader.put("/api/reports/" + id + "/draft", draftBody(revision, findings, impression, recommendation, fields));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    private static JsonNode sign(Session reader, long id) throws Exception {
        Response signed = reader.post("/api/reports/" + id + "/sign", null);
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        JsonNode v = JSON.readTree(signed.body());
        assertThat(v.get("state").asString()).isEqualTo("FINAL");
        return v;
    }

    private byte[] pdf(long id, int version) throws Exception {
        Response r = api.call(ApiClient.ADMIN, "GET", "/api/reports/" + id + "/versions/" + version + "/pdf", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.bytes();
    }

    /**
     * The report's DICOM delivery once it is SENT (within 30 s), and what storescp stored under its
     * SOP Instance UID: exactly one file.
     */
    private DataSet awaitDelivered(long id, int version) throws Exception {
        JsonNode[] delivery = new JsonNode[1];
        waitFor(() -> {
            Response r = call("/api/reports/" + id + "/deliveries");
            for (JsonNode d : JSON.readTree(r.body())) {
                if (d.get("channel").asString().equals("DICOM") && d.get("version").asInt() == version
                        && d.get("state").asString().equals("SENT")) {
                    delivery[0] = d;
                }
            }
            return delivery[0] != null;
        }, "report " + id + " delivered");
        String sop = delivery[0].get("key").asString();
        List<Path> files;
        try (Stream<Path> s = Files.list(received)) {
            files = s.filter(p -> p.getFileName().toString().contains(sop)).toList();
        }
        assertThat(files).as("stored once by storescp").hasSize(1);
        DataSet got = new Part10Reader().read(files.get(0)).dataSet();
        assertThat(got.getString(Tag.SOPInstanceUID)).isEqualTo(sop);
        return got;
    }

    private Response call(String path) {
        try {
            return api.call(ApiClient.ADMIN, "GET", path, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** rdc_report_delivery_state{channel, state} as Prometheus scrapes it from the management port. */
    private double gauge(String channel, String state) {
        String text;
        try {
            text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Matcher m = Pattern.compile("(?m)^rdc_report_delivery_state\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (m.find()) {
            if (m.group(1).contains("channel=\"" + channel + "\"") && m.group(1).contains("state=\"" + state + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no rdc_report_delivery_state for " + channel + "/" + state + " in:\n" + text);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() {
        try {
            return Peers.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
