package org.rdc.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
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
import org.rdc.reports.signing.KeyStoreDirectory;
import org.rdc.storage.InstanceStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The report lifecycle and the clinics' retrieval through the real application, driven as the web
 * workstation drives it: each person signs in with a session and sends the CSRF token with every
 * change; studies go in through the storage API and become reading tasks; reports are rendered,
 * signed (PAdES + timestamps, the application's own alliance CA), archived and read back from the
 * real object store and database. Facilities: {@code fx} (the patient's own clinic), {@code fy}
 * (shares its reports with the alliance), {@code fn} (does not), {@code fz} (another patient's).
 */
// Closed after the class: it writes into the class's temporary data directory, which JUnit then deletes.
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportFlowsApplicationTest {

    static final Path data = ApiClient.dataDirectory("rdc-report-flows");

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
        registry.add("rdc.reports.policy", () -> "fy:share=ALLIANCE;fn:share=NONE;fx:mark=HR");
    }

    @LocalServerPort
    int port;
    @Autowired
    InstanceStore store;
    @Autowired
    KeyStoreDirectory keys;
    private PdfTools poppler;

    ApiClient api;
    /** The tasks of the studies, by Study Instance UID. */
    final java.util.Map<String, Long> tasks = new java.util.LinkedHashMap<>();
    /** Reports the flows made, for the retrieval and audit checks. */
    long countersigned;
    long statReport;

    @BeforeAll
    void usersAndStudies() throws Exception {
        api = new ApiClient(port);
        poppler = new PdfTools(data, keys);
        api.createUser("rad.a", "\"SENIOR_READER\"", "\"RADIOLOGY\"", null, ",\"displayName\":\"王小明\",\"requiresCountersign\":true");
        api.createUser("senior.b", "\"SENIOR_READER\"", "\"RADIOLOGY\"", null, ",\"displayName\":\"陈主任\"");
        api.createUser("rad.c", "\"READER\"", "\"RADIOLOGY\"", null, ",\"displayName\":\"赵医生\"");
        api.createUser("ecg.d", "\"READER\"", "\"ECG\"", null, ",\"displayName\":\"孙医生\"");
        api.createUser("fx.clerk", "\"FACILITY_USER\"", "", "fx");
        api.createUser("fz.clerk", "\"FACILITY_USER\"", "", "fz");

        study("5.1.1", "fx", "PX1", null);    // the countersign flow
        study("5.1.2", "fx", "PX1", "STAT");  // preliminary, then a correction
        study("5.1.3", "fx", "PX3", null);    // the senior reader revises, then countersigns
        study("5.2.1", "fy", "PY1", null);    // the same person at a facility that shares
        study("5.3.1", "fn", "PN1", null);    // the same person at a facility that does not
        study("5.4.1", "fz", "PZ1", null);    // someone else
        for (String other : List.of("\"facilityId\":\"fy\",\"patientId\":\"PY1\"", "\"facilityId\":\"fn\",\"patientId\":\"PN1\"")) {
            Response link = api.call(ApiClient.ADMIN, "POST", "/api/admin/patient-links", "{\"first\":{\"facilityId\":\"fx\","
                    + "\"patientId\":\"PX1\",\"issuer\":\"HOSP\"},\"second\":{" + other + ",\"issuer\":\"HOSP\"},\"reason\":\"身份证核对为同一人\"}");
            assertThat(link.status()).as(link.body()).isEqualTo(201);
        }
    }

    private void study(String uid, String facility, String patient, String priority) throws Exception {
        tasks.put(uid, api.dxStudy(store, uid, facility, patient, priority));
    }

    /** Claims the study's task, starts its report and saves a complete chest DR draft; the report's id. */
    private long draft(Session reader, String study, String impression) throws Exception {
        JsonNode report = reader.startReport(tasks.get(study));
        assertThat(report.get("version").get("templateId").asString()).isEqualTo("dr-chest-pa");
        long id = report.get("id").asLong();
        save(reader, id, report.get("version").get("draftRevision").asInt(), impression);
        return id;
    }

    private JsonNode save(Session reader, long id, int revision, String impression) throws Exception {
        Response saved = reader.put("/api/reports/" + id + "/draft", "{\"baseRevision\":" + revision + ",\"findings\":\"两肺纹理清晰，右下肺野见斑片影。\","
                + "\"impression\":\"" + impression + "\",\"fields\":{\"projection\":\"PA\",\"imageQuality\":\"GOOD\"}}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        return saved.json();
    }

    // ------------------------------------------------------------------ countersign

    @Test
    @Order(1)
    void aCountersignedReportGoesThroughTheSeniorReaderAndItsPdfPrintsAndCarriesBothSignatures() throws Exception {
        Session a = api.signIn("rad.a");
        Session b = api.signIn("senior.b");
        Session clerk = api.signIn("fx.clerk");
        long task = tasks.get("5.1.1");
        long id = draft(a, "5.1.1", "右下肺炎症。");
        countersigned = id;

        Response sign = a.post("/api/reports/" + id + "/sign", null);
        assertThat(sign.status()).as(sign.body()).isEqualTo(200);
        JsonNode signed = sign.json();
        assertThat(signed.get("state").asString()).isEqualTo("SIGNED");
        assertThat(signed.get("requiresVerification").asBoolean()).as("rad.a's account requires a countersignature").isTrue();
        Response own = a.post("/api/reports/" + id + "/verify", null);
        assertThat(own.status()).as(own.body()).isEqualTo(409);
        assertThat(own.body()).contains("\"code\":\"own-report\"");
        assertThat(clerk.get("/api/reports/" + id).status()).as("not released before it is verified").isEqualTo(404);

        Response done = a.post("/api/tasks/" + task + "/complete", null);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("state").asString()).isEqualTo("AWAITING_COUNTERSIGN");
        assertThat(a.post("/api/tasks/" + task + "/claim", null).status()).as("the author cannot take the countersign task").isEqualTo(409);

        Response next = b.post("/api/worklist/next?serviceLine=RADIOLOGY&queue=COUNTERSIGN", null);
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json().get("id").asLong()).isEqualTo(task);
        Response verified = b.post("/api/reports/" + id + "/verify", null);
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        JsonNode v = verified.json();
        assertThat(v.get("state").asString()).isEqualTo("FINAL");
        assertThat(v.get("verifierName").asString()).isEqualTo("陈主任");
        Response completed = b.post("/api/tasks/" + task + "/complete", null);
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(completed.json().get("state").asString()).isEqualTo("COMPLETED");

        Response pdf = clerk.get("/api/reports/" + id + "/versions/1/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("X-Report-Current")).isEqualTo("true");
        String text = PdfTools.text(pdf.bytes(), data);
        assertThat(text).contains("报告医师：").contains("王小明").contains("签名时间：" + minutes(v.get("signedAt")))
                .contains("审核医师：").contains("陈主任").contains("签名时间：" + minutes(v.get("verifiedAt")));
        List<String> signatures = poppler.signatures(pdf.bytes());
        assertThat(signatures).filteredOn(s -> s.contains("Common Name: 王小明") && s.contains("SHA-256")).singleElement().asString()
                .contains("Signature is Valid.").contains("Certificate is Trusted.");
        assertThat(signatures).filteredOn(s -> s.contains("Common Name: 陈主任") && s.contains("SHA-256")).singleElement().asString()
                .contains("Signature is Valid.").contains("Certificate is Trusted.").contains("Total document signed");
        Files.write(data.resolve("countersigned.pdf"), pdf.bytes());
    }

    @Test
    @Order(1)
    void aSeniorReaderRevisesTheSignedVersionAndCountersignsTheRevisionNamingBothWhileTheReadersTextIsKept() throws Exception {
        Session a = api.signIn("rad.a");
        Session b = api.signIn("senior.b");
        Session c = api.signIn("rad.c");
        Session ecg = api.signIn("ecg.d");
        Session clerk = api.signIn("fx.clerk");
        long task = tasks.get("5.1.3");
        long id = draft(a, "5.1.3", "右下肺炎症。");
        Response sign = a.post("/api/reports/" + id + "/sign", null);
        assertThat(sign.status()).as(sign.body()).isEqualTo(200);
        JsonNode readers = sign.json();
        assertThat(a.post("/api/tasks/" + task + "/complete", null).json().get("state").asString()).isEqualTo("AWAITING_COUNTERSIGN");

        // who may not: a reader who is no senior, another line, the author, a senior not holding the countersign task
        assertThat(c.post("/api/reports/" + id + "/revise", null).status()).isEqualTo(403);
        assertThat(ecg.post("/api/reports/" + id + "/revise", null).status()).isEqualTo(404);
        Response own = a.post("/api/reports/" + id + "/revise", null);
        assertThat(own.status()).as(own.body()).isEqualTo(409);
        assertThat(own.body()).contains("\"code\":\"own-report\"");
        Response unclaimed = b.post("/api/reports/" + id + "/revise", null);
        assertThat(unclaimed.status()).as(unclaimed.body()).isEqualTo(409);
        assertThat(unclaimed.body()).contains("\"code\":\"not-task-holder\"");
        assertThat(b.get("/api/reports/" + id).json().get("latestVersion").asInt()).as("nothing changed").isEqualTo(1);

        Response claimed = b.post("/api/tasks/" + task + "/claim", null);
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        Response revise = b.post("/api/reports/" + id + "/revise", null);
        assertThat(revise.status()).as(revise.body()).isEqualTo(201);
        JsonNode rev = revise.json();
        assertThat(rev.get("number").asInt()).isEqualTo(2);
        assertThat(rev.get("state").asString()).isEqualTo("REVISING");
        assertThat(rev.get("follows").asInt()).isEqualTo(1);
        assertThat(rev.get("author").asString()).isEqualTo("rad.a");
        assertThat(rev.get("verifier").asString()).isEqualTo("senior.b");
        Response again = b.post("/api/reports/" + id + "/revise", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("\"code\":\"already-revising\"");
        Response readerSigns = a.post("/api/reports/" + id + "/sign", null);
        assertThat(readerSigns.status()).isEqualTo(409);
        assertThat(readerSigns.body()).contains("\"code\":\"revision-countersigned\"");

        String body = "{\"baseRevision\":0,\"findings\":\"两肺纹理清晰，右下肺野见斑片影，边缘模糊。\","
                + "\"impression\":\"右下肺炎，建议抗感染治疗后复查。\",\"fields\":{\"projection\":\"PA\",\"imageQuality\":\"GOOD\"}}";
        Response readerEdits = a.put("/api/reports/" + id + "/draft", body);
        assertThat(readerEdits.status()).isEqualTo(409);
        assertThat(readerEdits.body()).contains("\"code\":\"not-reviser\"");
        Response saved = b.put("/api/reports/" + id + "/draft", body);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("draftRevision").asInt()).isEqualTo(1);

        Response verified = b.post("/api/reports/" + id + "/verify", null);
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        JsonNode v = verified.json();
        assertThat(v.get("number").asInt()).isEqualTo(2);
        assertThat(v.get("state").asString()).isEqualTo("FINAL");
        assertThat(v.get("authorName").asString()).isEqualTo("王小明");
        assertThat(v.get("verifierName").asString()).isEqualTo("陈主任");
        assertThat(v.get("signedAt").asString()).isEqualTo(readers.get("signedAt").asString());
        Response completed = b.post("/api/tasks/" + task + "/complete", null);
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(completed.json().get("state").asString()).isEqualTo("COMPLETED");

        Response pdf = clerk.get("/api/reports/" + id + "/versions/2/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("X-Report-Current")).isEqualTo("true");
        String text = PdfTools.text(pdf.bytes(), data);
        assertThat(text).contains("右下肺炎，建议抗感染治疗后复查。").doesNotContain("右下肺炎症。")
                .contains("审核修改").contains("报告医师：").contains("王小明").contains("签名时间：" + minutes(v.get("signedAt")))
                .contains("审核医师：").contains("陈主任").contains("签名时间：" + minutes(v.get("verifiedAt")));
        assertThat(poppler.signatures(pdf.bytes())).singleElement().asString().contains("Common Name: 陈主任").contains("Signature is Valid.")
                .contains("Certificate is Trusted.");
        // the printed code's public page: this version, current, the senior's signature as 审核医师
        String code = null;
        for (JsonNode d : b.get("/api/reports/" + id).json().get("documents")) {
            if (d.get("version").asInt() == 2) {
                assertThat(d.get("role").asString()).isEqualTo("VERIFIER");
                code = d.get("verificationCode").asString();
            }
        }
        Response page = api.call(null, "GET", "/verify/" + code, null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode check = page.json();
        assertThat(check.get("outcome").asString()).as(page.body()).isEqualTo("VALID_CURRENT");
        assertThat(check.get("version").asInt()).isEqualTo(2);
        assertThat(check.get("current").asBoolean()).isTrue();
        assertThat(check.get("signatures")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.get("roleZh").asString()).isEqualTo("审核医师");
            assertThat(s.get("signer").asString()).isEqualTo("陈主任");
        });
        assertThat(check.get("valid").asBoolean()).isTrue();
        // the reader's signed version: kept as signed, with their wording, and never released to the clinic
        JsonNode first = b.get("/api/reports/" + id + "/versions/1").json();
        assertThat(first.get("state").asString()).isEqualTo("SIGNED");
        assertThat(first.get("sections").get("impression").asString()).isEqualTo("右下肺炎症。");
        Response firstPdf = b.get("/api/reports/" + id + "/versions/1/pdf");
        assertThat(firstPdf.status()).isEqualTo(200);
        assertThat(PdfTools.text(firstPdf.bytes(), data)).contains("右下肺炎症。").contains("王小明");
        assertThat(clerk.get("/api/reports/" + id + "/versions/1/pdf").status()).isEqualTo(404);
        assertThat(api.call(null, "GET", "/v3/api-docs", null).body()).as("documented like its neighbours")
                .contains("\"/api/reports/{id}/revise\"").contains("审核修改");
    }

    // ------------------------------------------------------------------ STAT preliminary, then a correction

    @Test
    @Order(2)
    void aStatPreliminaryIsReleasedToTheFacilityAtOnceAndSupersededByTheSignedVersion() throws Exception {
        Session c = api.signIn("rad.c");
        Session clerk = api.signIn("fx.clerk");
        long id = draft(c, "5.1.2", "右下肺斑片影，考虑炎症（初步）。");
        statReport = id;
        assertThat(clerk.get("/api/reports/" + id).status()).as("a draft is not released").isEqualTo(404);

        Response preliminary = c.post("/api/reports/" + id + "/preliminary", null);
        assertThat(preliminary.status()).as(preliminary.body()).isEqualTo(200);
        assertThat(preliminary.json().get("state").asString()).isEqualTo("PRELIMINARY");

        assertThat(clerk.get("/api/reports").body()).as("the facility lists it").contains("\"id\":" + id + ",");
        Response early = clerk.get("/api/reports/" + id + "/versions/1/pdf");
        assertThat(early.status()).as(early.body()).isEqualTo(200);
        assertThat(early.header("X-Report-Current")).isEqualTo("false");
        assertThat(early.header("Content-Disposition")).contains("preliminary");
        String earlyText = PdfTools.text(early.bytes(), data);
        assertThat(earlyText).contains("初步报告，以正式报告为准").contains("考虑炎症（初步）");

        JsonNode open = c.get("/api/reports/" + id).json().get("version");
        save(c, id, open.get("draftRevision").asInt(), "右下肺炎症。");
        Response signed = c.post("/api/reports/" + id + "/sign", null);
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        assertThat(signed.json().get("state").asString()).isEqualTo("FINAL");
        assertThat(c.post("/api/tasks/" + tasks.get("5.1.2") + "/complete", null).status()).isEqualTo(200);

        JsonNode seen = clerk.get("/api/reports/" + id).json();
        assertThat(seen.get("currentVersion").asInt()).isEqualTo(1);
        assertThat(seen.get("versions").get(0).get("current").asBoolean()).isTrue();
        Response fin = clerk.get("/api/reports/" + id + "/versions/1/pdf");
        assertThat(fin.header("X-Report-Current")).isEqualTo("true");
        String finalText = PdfTools.text(fin.bytes(), data);
        assertThat(finalText).doesNotContain("初步报告").doesNotContain("（初步）").contains("右下肺炎症。").contains("赵医生");
        assertThat(clerk.get("/api/reports/" + id + "/versions/1/pdf?role=PRELIMINARY").bytes())
                .as("the preliminary release stays as it was").isEqualTo(early.bytes());
    }

    @Test
    @Order(3)
    void aCorrectionAfterFinalIsANewVersionAndTheEarlierStaysDownloadableMarkedNotCurrent() throws Exception {
        Session c = api.signIn("rad.c");
        Session clerk = api.signIn("fx.clerk");
        long id = statReport;
        byte[] before = clerk.get("/api/reports/" + id + "/versions/1/pdf").bytes();
        Response amend = c.post("/api/reports/" + id + "/versions", "{\"kind\":\"CORRECTION\",\"reason\":\"侧别更正：病变位于左下肺。\"}");
        assertThat(amend.status()).as(amend.body()).isEqualTo(201);
        JsonNode v2 = amend.json();
        assertThat(v2.get("number").asInt()).isEqualTo(2);
        assertThat(v2.get("follows").asInt()).isEqualTo(1);
        assertThat(v2.get("kind").asString()).isEqualTo("CORRECTION");
        assertThat(clerk.get("/api/reports/" + id + "/versions/2/pdf").status()).as("not released while a draft").isEqualTo(404);
        save(c, id, v2.get("draftRevision").asInt(), "左下肺炎症。");
        Response signed = c.post("/api/reports/" + id + "/sign", null);
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        assertThat(signed.json().get("state").asString()).isEqualTo("FINAL");

        JsonNode seen = clerk.get("/api/reports/" + id).json();
        assertThat(seen.get("currentVersion").asInt()).isEqualTo(2);
        assertThat(seen.get("versions")).hasSize(2);
        assertThat(seen.get("versions").get(0).get("current").asBoolean()).isFalse();
        assertThat(seen.get("versions").get(1).get("current").asBoolean()).isTrue();
        assertThat(seen.get("versions").get(1).get("follows").asInt()).isEqualTo(1);

        Response old = clerk.get("/api/reports/" + id + "/versions/1/pdf");
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.header("X-Report-Current")).isEqualTo("false");
        assertThat(old.bytes()).as("a signed version never changes").isEqualTo(before);
        Response oldJson = clerk.get("/api/reports/" + id + "/versions/1/json");
        assertThat(oldJson.status()).isEqualTo(200);
        assertThat(oldJson.header("X-Report-Current")).isEqualTo("false");
        Response current = clerk.get("/api/reports/" + id + "/versions/2/pdf");
        assertThat(current.header("X-Report-Current")).isEqualTo("true");
        assertThat(PdfTools.text(current.bytes(), data)).contains("更正报告 第 2 版（更正第 1 版）").contains("侧别更正").contains("左下肺炎症。");
        Response currentJson = clerk.get("/api/reports/" + id + "/versions/2/json");
        assertThat(currentJson.header("X-Report-Current")).isEqualTo("true");
        assertThat(currentJson.body()).contains("左下肺炎症");
    }

    // ------------------------------------------------------------------ clinic retrieval

    @Test
    @Order(4)
    void aClinicSeesItsOwnReportsAndAnotherFacilitysOnlyWhenThatFacilityShares() throws Exception {
        Session c = api.signIn("rad.c");
        long shared = draft(c, "5.2.1", "双肺未见明显异常。");
        assertThat(c.post("/api/reports/" + shared + "/sign", null).json().get("state").asString()).isEqualTo("FINAL");
        long unshared = draft(c, "5.3.1", "心影稍大。");
        assertThat(c.post("/api/reports/" + unshared + "/sign", null).json().get("state").asString()).isEqualTo("FINAL");

        Session clerk = api.signIn("fx.clerk");
        Response own = clerk.get("/api/reports");
        assertThat(own.status()).isEqualTo(200);
        assertThat(ids(own)).contains(countersigned, statReport).doesNotContain(shared, unshared);
        assertThat(ids(clerk.get("/api/reports?patient=PX1"))).contains(countersigned, statReport);
        assertThat(ids(clerk.get("/api/reports?patient=NOBODY"))).isEmpty();
        Response json = clerk.get("/api/reports/" + countersigned + "/versions/1/json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("X-Report-Current")).isEqualTo("true");
        assertThat(json.body()).contains("陈主任");

        Response priors = clerk.get("/api/studies/5.1.1/reports");
        assertThat(priors.status()).isEqualTo(200);
        assertThat(ids(priors)).as("the same person's reports: its own and the sharing facility's")
                .contains(countersigned, statReport, shared).doesNotContain(unshared);
        assertThat(clerk.get("/api/reports/" + shared).status()).isEqualTo(200);
        assertThat(clerk.get("/api/reports/" + shared + "/versions/1/pdf").status()).isEqualTo(200);
        for (String path : List.of("", "/versions/1", "/versions/1/pdf", "/versions/1/json")) {
            assertThat(clerk.get("/api/reports/" + unshared + path).status()).as("fn does not share: " + path).isEqualTo(404);
        }

        Session other = api.signIn("fz.clerk");
        assertThat(ids(other.get("/api/reports"))).doesNotContain(countersigned, statReport, shared, unshared);
        List<String> paths = new ArrayList<>(List.of("/api/studies/5.1.1/reports", "/api/tasks/" + tasks.get("5.1.1"),
                "/api/tasks/" + tasks.get("5.1.1") + "/report"));
        for (long r : List.of(countersigned, statReport, shared, unshared)) {
            for (String p : List.of("", "/versions/1", "/versions/1/pdf", "/versions/1/json", "/deliveries")) {
                paths.add("/api/reports/" + r + p);
            }
        }
        for (String p : paths) {
            Response r = other.get(p);
            assertThat(r.status()).as("fz.clerk " + p + ": " + r.body()).isEqualTo(404);
        }
    }

    @Test
    @Order(5)
    void aReaderOfAnotherServiceLineSeesAndEditsNothing() throws Exception {
        Session ecg = api.signIn("ecg.d");
        long task = tasks.get("5.4.1");
        assertThat(ecg.get("/api/tasks/" + task).status()).isEqualTo(404);
        assertThat(ecg.get("/api/tasks/" + task + "/report").status()).isEqualTo(404);
        assertThat(ecg.post("/api/tasks/" + task + "/claim", null).status()).isEqualTo(404);
        assertThat(ecg.post("/api/tasks/" + task + "/report", "{}").status()).isEqualTo(404);
        assertThat(ids(ecg.get("/api/reports"))).doesNotContain(countersigned, statReport);
        assertThat(ids(ecg.get("/api/studies/5.1.1/reports"))).doesNotContain(countersigned, statReport);
        for (long r : List.of(countersigned, statReport)) {
            for (String p : List.of("", "/versions/1", "/versions/1/pdf", "/versions/1/json")) {
                assertThat(ecg.get("/api/reports/" + r + p).status()).as(p).isEqualTo(404);
            }
            assertThat(ecg.put("/api/reports/" + r + "/draft", "{\"baseRevision\":0,\"findings\":\"改\"}").status()).isEqualTo(404);
            for (String action : List.of("sign", "verify", "preliminary", "versions")) {
                Response refused = ecg.post("/api/reports/" + r + "/" + action, "{\"kind\":\"ADDENDUM\",\"reason\":\"x\"}");
                assertThat(refused.status()).as(action + ": " + refused.body()).isEqualTo(404);
            }
        }
        JsonNode unchanged = api.call(ApiClient.ADMIN, "GET", "/api/reports/" + statReport, null).json();
        assertThat(unchanged.get("latestVersion").asInt()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ audit

    @Test
    @Order(6)
    void everyReadOfAReportATaskOrTheWorklistIsInTheAccessLog() throws Exception {
        Session clerk = api.signIn("fx.clerk");
        long task = tasks.get("5.1.1");
        Instant start = Instant.now().minusSeconds(1);
        List<String> reads = List.of("/api/worklist", "/api/tasks/" + task, "/api/tasks/" + task + "/report",
                "/api/reports", "/api/reports/" + countersigned, "/api/reports/" + countersigned + "/versions/1",
                "/api/reports/" + countersigned + "/versions/1/pdf", "/api/reports/" + countersigned + "/versions/1/json",
                "/api/studies/5.1.1/reports", "/api/facilities/fx/qc-returns");
        for (String p : reads) {
            assertThat(clerk.get(p).status()).as(p).isEqualTo(200);
        }
        Session other = api.signIn("fz.clerk");
        assertThat(other.get("/api/reports/" + countersigned + "/versions/1/pdf").status()).isEqualTo(404);

        List<String> missing = new ArrayList<>(reads);
        JsonNode log = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            log = api.call(ApiClient.ADMIN, "GET", "/api/admin/access-log?user=fx.clerk&from=" + start + "&limit=500", null).json();
            missing = new ArrayList<>(reads);
            for (JsonNode e : log) {
                if (e.get("status").asInt() == 200 && e.get("authentication").asString().equals("session")) {
                    missing.remove(e.get("path").asString());
                }
            }
        }
        assertThat(missing).as("reads not in the access log: " + log).isEmpty();
        for (JsonNode e : log) {
            assertThat(e.get("username").asString()).isEqualTo("fx.clerk");
            assertThat(Instant.parse(e.get("at").asString())).isAfterOrEqualTo(start);
        }
        assertThat(log).anySatisfy(e -> {
            assertThat(e.get("path").asString()).isEqualTo("/api/studies/5.1.1/reports");
            assertThat(e.get("studyUid").asString()).isEqualTo("5.1.1");
            assertThat(e.get("action").asString()).isEqualTo("API_REPORTS");
        });
        assertThat(log).anySatisfy(e -> assertThat(e.get("action").asString()).isEqualTo("API_TASKS"));
        assertThat(log).anySatisfy(e -> assertThat(e.get("action").asString()).isEqualTo("API_WORKLIST"));

        JsonNode refused = null;
        deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode fz = api.call(ApiClient.ADMIN, "GET", "/api/admin/access-log?user=fz.clerk&from=" + start, null).json();
            for (JsonNode e : fz) {
                if (e.get("path").asString().equals("/api/reports/" + countersigned + "/versions/1/pdf")) {
                    refused = e;
                }
            }
            if (refused != null) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(refused).as("the refused read is recorded too").isNotNull();
        assertThat(refused.get("status").asInt()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ helpers


    private static List<Long> ids(Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<Long> out = new ArrayList<>();
        list.json().forEach(n -> out.add(n.get("id").asLong()));
        return out;
    }

    /** An instant of the API as the report prints it: to the minute, in the centre's zone. */
    private static String minutes(JsonNode instant) {
        return MINUTES.format(Instant.parse(instant.asString()).atZone(CHINA));
    }
}
