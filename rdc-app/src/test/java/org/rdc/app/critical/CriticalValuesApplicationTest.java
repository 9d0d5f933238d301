package org.rdc.app.critical;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.rdc.app.RdcApplication;
import org.rdc.app.ecg.Testdata;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.ecg.format.EcgContent;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.format.dicom.DicomWaveformWriter;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.ecg.intake.EcgAnalysisJobs;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.reports.delivery.Hl7Receiver;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.TestStreams;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.test.Requires;
import org.rdc.workstation.worklist.Worklist;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Critical values (危急值) through the whole centre: a critical ECG uploaded from the cart (a real
 * Philips Sierra file whose analysis finds suspected STEMI) and a report signed with its critical
 * flag each raise one notification; the facility hears of it by HL7 (a HAPI MLLP receiver) and by
 * the signed webhook (a local HTTP server that checks the HMAC); a named facility user acknowledges;
 * another facility's user gets 404; an unacknowledged one turns LATE at its deadline (set short here)
 * and is escalated to the second contact and visible to the centre's senior readers.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CriticalValuesApplicationTest {

    static final Path data;

    static {
        try {
            data = java.nio.file.Files.createTempDirectory("rdc-critical");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String ADMIN = "admin";
    static final String PASSWORD = "critical-admin-password";
    static final String SECRET = "zhushan-webhook-secret-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("rdc.demo", () -> "true");  // the demo facility and its published ECG key
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> PASSWORD);
        registry.add("rdc.dicom.ae-title", () -> "RDC");  // the gateway (loopback, any free port: the tests' overlay)
        registry.add("rdc.worklist.poll-interval", () -> "100ms");
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.port", () -> "0");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
        registry.add("rdc.critical.deadline-ecg", () -> "1h");
        registry.add("rdc.critical.deadline-imaging", () -> "4s");  // short, so that the deadline passes within the test
        registry.add("rdc.critical.check-interval", () -> "200ms");
        registry.add("rdc.critical.retry-delay", () -> "200ms");
        registry.add("rdc.critical.duty-senior", () -> "陈主任");
    }

    @LocalServerPort
    int port;
    @Autowired
    EcgHttpServer ecg;
    @Autowired
    InstanceStore store;
    @Autowired
    Worklist worklist;
    @Autowired
    DicomGateway gateway;
    @Autowired
    EcgAnalysisJobs analyses;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Map.Entry<Map<String, List<String>>, byte[]>> webhooks = new CopyOnWriteArrayList<>();
    private Hl7Receiver hl7;
    private HttpServer webhook;
    private long ecgNotification;
    private long reportNotification;

    record Response(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Response call(String user, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        String password = user.equals(ADMIN) ? PASSWORD : user + "-password";
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    private void createUser(String name, String displayName, String roles, String lines, String facility) throws Exception {
        Response r = call(ADMIN, "POST", "/api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"" + name + "-password\","
                + "\"displayName\":\"" + displayName + "\",\"roles\":[" + roles + "],\"serviceLines\":[" + lines + "]"
                + (facility == null ? "" : ",\"facilityId\":\"" + facility + "\"") + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private JsonNode notification(long id) throws Exception {
        return call("senior", "GET", "/api/critical-values/" + id, null).json();
    }

    @BeforeAll
    void facilityWithCriticalValueChannels() throws Exception {
        hl7 = new Hl7Receiver();
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/", exchange -> {
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            headers.put(":path", List.of(exchange.getRequestURI().getPath()));
            webhooks.add(Map.entry(headers, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        String base = "http://127.0.0.1:" + webhook.getAddress().getPort();

        // the demo facility as the registry has it, plus its critical-value channels and second contact
        Response demo = call(ADMIN, "GET", "/api/admin/facilities/demo", null);
        assertThat(demo.status()).isEqualTo(200);
        tools.jackson.databind.node.ObjectNode body = (tools.jackson.databind.node.ObjectNode) demo.json();
        body.set("criticalValues", JSON.readTree("{\"webhook\":\"" + base + "/critical\",\"webhookSecret\":\"" + SECRET + "\","
                + "\"hl7\":{\"host\":\"127.0.0.1\",\"port\":" + hl7.port + "},\"escalation\":{\"name\":\"王院长\",\"phone\":\"0710-1234567\","
                + "\"webhook\":\"" + base + "/escalation\"}}"));
        Response put = call(ADMIN, "PUT", "/api/admin/facilities/demo", JSON.writeValueAsString(body));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).as("the webhook key is never answered").doesNotContain(SECRET).contains("\"webhookSecretSet\":true")
                .contains("王院长");
        // an edit that leaves the key out keeps it
        body.set("criticalValues", JSON.readTree(JSON.writeValueAsString(put.json().get("criticalValues"))));
        ((tools.jackson.databind.node.ObjectNode) body.get("criticalValues")).remove("webhookSecretSet");
        Response again = call(ADMIN, "PUT", "/api/admin/facilities/demo", JSON.writeValueAsString(body));
        assertThat(again.body()).contains("\"webhookSecretSet\":true").doesNotContain(SECRET);

        createUser("demo.nurse", "赵护士", "\"FACILITY_USER\"", "", "demo");
        createUser("other.clerk", "别院", "\"FACILITY_USER\"", "", "th02");
        createUser("rad", "李医生", "\"READER\"", "\"RADIOLOGY\"", null);
        createUser("senior", "陈主任", "\"SENIOR_READER\"", "\"RADIOLOGY\",\"ECG\"", null);
    }

    @AfterAll
    void stopReceivers() {
        hl7.close();
        webhook.stop(0);
    }

    private HttpResponse<String> upload(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ecg.port() + "/api/ecg"))
                .header("Authorization", "Bearer demo-ecg-key").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void aCriticalEcgUploadRaisesOneNotificationSentByHl7AndTheSignedWebhook() throws Exception {
        byte[] stemi = Testdata.bytes("ecg/philips-sierra/repbeats_example.xml");
        HttpResponse<String> first = upload(stemi);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.body()).contains("\"critical\":true").contains("SUSPECTED_STEMI");
        String study = JSON.readTree(first.body()).get("studyInstanceUid").asString();
        assertThat(upload(stemi).statusCode()).as("the same file again").isEqualTo(200);

        Response list = call("demo.nurse", "GET", "/api/critical-values", null);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        JsonNode n = list.json().get(0);
        ecgNotification = n.get("id").asLong();
        assertThat(n.get("source").asString()).isEqualTo("ECG");
        assertThat(n.get("studyInstanceUid").asString()).isEqualTo(study);
        assertThat(n.get("state").asString()).isEqualTo("OPEN");
        assertThat(n.get("category").asString()).isEqualTo("SUSPECTED_STEMI");
        assertThat(n.get("summary").asString()).contains("STEMI");
        assertThat(Duration.between(Instant.parse(n.get("raisedAt").asString()), Instant.parse(n.get("deadlineAt").asString())))
                .isEqualTo(Duration.ofHours(1));

        waitFor(() -> hl7.received.size() == 1 && webhooks.stream().anyMatch(w -> w.getKey().get(":path").get(0).equals("/critical")),
                "HL7 and webhook");
        assertThat(hl7.received.get(0)).contains("ORU^R01").contains("|AA|").contains(study.isEmpty() ? "x" : "CRIT-" + ecgNotification);
        var hook = webhooks.stream().filter(w -> w.getKey().get(":path").get(0).equals("/critical")).findFirst().orElseThrow();
        assertThat(verified(hook.getKey().get("X-RDC-Signature").get(0), hook.getValue())).isTrue();
        assertThat(JSON.readTree(hook.getValue()).get("studyInstanceUid").asString()).isEqualTo(study);
        waitFor(() -> {
            try {
                JsonNode steps = notification(ecgNotification).get("steps");
                return steps.size() == 3 && steps.get(1).get("kind").asString().equals("SENT") && steps.get(2).get("kind").asString().equals("SENT");
            } catch (Exception e) {
                return false;
            }
        }, "two SENT steps");
        assertThat(call("demo.nurse", "GET", "/api/critical-values?state=OPEN,LATE,ACKNOWLEDGED", null).json()).as("still one").hasSize(1);
    }

    @Test
    @Order(2)
    void anotherFacilitysUserSeesNothingAndOnlyANamedUserOfTheFacilityAcknowledgesOnce() throws Exception {
        assertThat(call("other.clerk", "GET", "/api/critical-values/" + ecgNotification, null).status()).isEqualTo(404);
        assertThat(call("other.clerk", "POST", "/api/critical-values/" + ecgNotification + "/acknowledge", "{}").status()).isEqualTo(404);
        assertThat(call("other.clerk", "GET", "/api/critical-values", null).json()).isEmpty();
        Response byReader = call("senior", "POST", "/api/critical-values/" + ecgNotification + "/acknowledge", "{}");
        assertThat(byReader.status()).as("the centre does not acknowledge for the facility").isEqualTo(403);

        Response ack = call("demo.nurse", "POST", "/api/critical-values/" + ecgNotification + "/acknowledge",
                "{\"informedClinician\":\"值班医生 刘医生\",\"note\":\"已电话通知\"}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        JsonNode a = ack.json();
        assertThat(a.get("state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(a.get("acknowledgement").get("username").asString()).isEqualTo("demo.nurse");
        assertThat(a.get("acknowledgement").get("name").asString()).isEqualTo("赵护士");
        assertThat(a.get("acknowledgement").get("informedClinician").asString()).isEqualTo("值班医生 刘医生");
        JsonNode steps = a.get("steps");
        assertThat(steps.get(steps.size() - 1).get("kind").asString()).isEqualTo("ACKNOWLEDGED");
        Response twice = call("demo.nurse", "POST", "/api/critical-values/" + ecgNotification + "/acknowledge", "{}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body()).contains("\"code\":\"critical-acknowledged\"").contains("demo.nurse");
        assertThat(call("demo.nurse", "GET", "/api/critical-values", null).json()).as("open and late only, by default").isEmpty();
    }

    @Test
    @Order(3)
    void aReportSignedCriticalRaisesItsNotificationWhichTurnsLateAndIsEscalated() throws Exception {
        store.store(new InstanceAttributes("P9", "HOSP", "王^五", "M", LocalDate.of(1960, 2, 3), "2.9.1", "ACC9", LocalDate.of(2026, 12, 4),
                "090000", "胸部正位", "2.9.1.1", "DX", null, 1, null, "1.2.840.10008.5.1.4.1.1.1.1", "2.9.1.1.1", 1, "1.2.840.10008.1.2.1",
                "demo", "DEMO_DR", null), TestStreams.content(9, 2000));
        store.catalog().markReady("2.9.1", "SENDER");
        waitFor(() -> worklist.findByStudy("2.9.1").isPresent(), "the task");
        long task = worklist.findByStudy("2.9.1").orElseThrow().id();
        assertThat(call("rad", "POST", "/api/tasks/" + task + "/claim", null).status()).isEqualTo(200);
        Response report = call("rad", "POST", "/api/tasks/" + task + "/report", "{\"templateId\":\"dr-chest-pa\"}");
        assertThat(report.status()).as(report.body()).isEqualTo(201);
        long reportId = report.json().get("id").asLong();
        Response saved = call("rad", "PUT", "/api/reports/" + reportId + "/draft", "{\"baseRevision\":0,\"findings\":\"右侧胸腔大量积气。\","
                + "\"impression\":\"右侧张力性气胸。\",\"fields\":{\"projection\":\"PA\",\"imageQuality\":\"GOOD\",\"cardiothoracicRatio\":0.45},"
                + "\"critical\":true,\"criticalCategory\":\"PNEUMOTHORAX_TENSION\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        Response signed = call("rad", "POST", "/api/reports/" + reportId + "/sign", "{}");
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);

        Response open = call("demo.nurse", "GET", "/api/critical-values?state=OPEN,LATE", null);
        assertThat(open.json()).hasSize(1);
        JsonNode n = open.json().get(0);
        reportNotification = n.get("id").asLong();
        assertThat(n.get("source").asString()).isEqualTo("REPORT");
        assertThat(n.get("reportId").asLong()).isEqualTo(reportId);
        assertThat(n.get("reportVersion").asInt()).isEqualTo(1);
        assertThat(n.get("category").asString()).isEqualTo("PNEUMOTHORAX_TENSION");
        assertThat(n.get("summary").asString()).isEqualTo("右侧张力性气胸。");

        // nobody acknowledges: at the (test's) 4 s deadline it is LATE and escalated
        waitFor(() -> {
            try {
                return notification(reportNotification).get("state").asString().equals("LATE");
            } catch (Exception e) {
                return false;
            }
        }, "LATE");
        JsonNode late = notification(reportNotification);
        assertThat(late.get("late").asBoolean()).isTrue();
        assertThat(late.get("escalationContact").get("name").asString()).isEqualTo("王院长");
        assertThat(late.get("escalationContact").get("phone").asString()).isEqualTo("0710-1234567");
        JsonNode escalated = null;
        for (JsonNode s : late.get("steps")) {
            if (s.get("kind").asString().equals("ESCALATED")) {
                escalated = s;
            }
        }
        assertThat(escalated).isNotNull();
        assertThat(escalated.get("detail").asString()).contains("王院长").contains("陈主任");
        assertThat(call("senior", "GET", "/api/critical-values?state=LATE", null).json()).extracting(x -> x.get("id").asLong())
                .containsExactly(reportNotification);
        assertThat(call("senior", "GET", "/api/critical-values/summary", null).json().get("late").asInt()).isEqualTo(1);
        assertThat(call("demo.nurse", "GET", "/api/critical-values/summary", null).body()).isEqualTo("{\"open\":0,\"late\":1}");
        assertThat(call("other.clerk", "GET", "/api/critical-values/summary", null).body()).isEqualTo("{\"open\":0,\"late\":0}");
        waitFor(() -> webhooks.stream().anyMatch(w -> w.getKey().get(":path").get(0).equals("/escalation")), "the escalation webhook");
        var esc = webhooks.stream().filter(w -> w.getKey().get(":path").get(0).equals("/escalation")).findFirst().orElseThrow();
        assertThat(esc.getKey().get("X-RDC-Event").get(0)).isEqualTo("critical-value.escalated");
        assertThat(verified(esc.getKey().get("X-RDC-Signature").get(0), esc.getValue())).isTrue();

        Response ack = call("demo.nurse", "POST", "/api/critical-values/" + reportNotification + "/acknowledge", "{\"name\":\"钱医生\"}");
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.json().get("state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(ack.json().get("late").asBoolean()).as("acknowledged after its deadline").isTrue();
    }

    @Test
    @Order(4)
    void readsOfNotificationsAreAuditedRefusalsIncluded() throws Exception {
        Response log = call(ADMIN, "GET", "/api/admin/access-log?user=other.clerk&limit=100", null);
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body()).contains("\"action\":\"API_CRITICAL\"").contains("/api/critical-values/" + ecgNotification)
                .contains("\"status\":404");
    }

    @Test
    @Order(5)
    void aCriticalEcgStoredThroughTheDicomGatewayRaisesExactlyOneNotificationAsTheUploadDoes() throws Exception {
        Requires.dcmtk("storescu");
        // the cart's STEMI recording of the upload test, as its 12-lead ECG Waveform object (PS3.3 A.34.3)
        String study = UidGenerator.newUid();
        Path file = data.resolve("stemi-12-lead.dcm");
        java.nio.file.Files.write(file, DicomWaveformWriter.toPart10(DicomWaveformWriter.build(
                EcgReader.standard().read(new EcgContent(Testdata.bytes("ecg/philips-sierra/repbeats_example.xml"))),
                new DicomWaveformWriter.Identity(study, study + ".1", study + ".1.1", "HOSP", "DEMO_ECG"))));
        int hl7Before = hl7.received.size();
        storescu(file);

        waitFor(() -> !ecgNotifications(study).isEmpty(), "the notification of the C-STORED ECG");
        List<JsonNode> raised = ecgNotifications(study);
        assertThat(raised).hasSize(1);
        JsonNode n = raised.get(0);
        assertThat(n.get("source").asString()).isEqualTo("ECG");
        assertThat(n.get("state").asString()).isEqualTo("OPEN");
        assertThat(n.get("category").asString()).isEqualTo("SUSPECTED_STEMI");
        assertThat(n.get("summary").asString()).contains("STEMI");
        assertThat(Duration.between(Instant.parse(n.get("raisedAt").asString()), Instant.parse(n.get("deadlineAt").asString())))
                .isEqualTo(Duration.ofHours(1));
        waitFor(() -> hl7.received.size() == hl7Before + 1, "its HL7 message");
        assertThat(hl7.received.get(hl7Before)).contains("ORU^R01").contains("CRIT-" + n.get("id").asLong());

        // the same object again, and its analysis run again: still one
        storescu(file);
        waitFor(() -> analyses.status(study).pending() == 0, "no analysis pending");
        assertThat(ecgNotifications(study)).hasSize(1);
    }

    /** The demo facility's notifications of the study, whatever their state. */
    private List<JsonNode> ecgNotifications(String study) {
        try {
            Response r = call("demo.nurse", "GET", "/api/critical-values?state=OPEN,LATE,ACKNOWLEDGED", null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return r.json().valueStream().filter(x -> x.get("studyInstanceUid").asString().equals(study)).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void storescu(Path file) throws Exception {
        List<String> command = List.of("storescu", "-aet", "DEMO_ECG", "-aec", "RDC", "127.0.0.1", String.valueOf(gateway.port()),
                file.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** A receiver's check (the README's recipe): HMAC-SHA256 with the facility's secret over "t.body", within 5 minutes. */
    static boolean verified(String header, byte[] body) {
        String t = header.replaceAll("^t=(\\d+),v1=[0-9a-f]{64}$", "$1");
        String v1 = header.replaceAll("^t=\\d+,v1=([0-9a-f]{64})$", "$1");
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return java.security.MessageDigest.isEqual(mac.doFinal(body), HexFormat.of().parseHex(v1));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
