package org.rdc.app.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.ApiClient;
import org.rdc.app.ApiClient.Response;
import org.rdc.app.RdcApplication;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.TestStreams;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.workstation.worklist.StudyRouter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The worklist through the real application over HTTP: studies created through the storage API
 * become tasks in the right service line with the right priority and due time, and the
 * authorization matrix over every endpoint of issue 6.
 */
// Closed after the class: it writes into the class\'s temporary data directory, which JUnit then deletes.
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorklistApiTest {

    static final Path data = ApiClient.dataDirectory("rdc-worklist-api");

    static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";
    static final String US = "1.2.840.10008.5.1.4.1.1.6.1";
    static final String ECG = "1.2.840.10008.5.1.4.1.1.9.1.1";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
        registry.add("rdc.worklist.facilities", () -> "th01:priority=INPATIENT,quiet=2s");
    }

    @LocalServerPort
    int port;
    @Autowired
    InstanceStore store;
    @Autowired
    StudyRouter router;
    @Autowired
    List<GatewayListener> gatewayListeners;
    @Autowired
    javax.sql.DataSource dataSource;

    private final Map<String, Long> tasks = new LinkedHashMap<>();
    private ApiClient api;

    @BeforeAll
    void studiesArriveAndBecomeTasks() throws Exception {
        api = new ApiClient(port);
        api.createUser("rad", "\"READER\"", "\"RADIOLOGY\"", null);
        api.createUser("sono", "\"READER\"", "\"ULTRASOUND\"", null);
        api.createUser("cardio", "\"READER\"", "\"ECG\"", null);
        api.createUser("senior", "\"SENIOR_READER\"", "\"RADIOLOGY\"", null);
        api.createUser("demo.clerk", "\"FACILITY_USER\"", "", "demo");
        api.createUser("th01.clerk", "\"FACILITY_USER\"", "", "th01");

        // Created through the storage API, readiness as the gateway and the ECG intake signal it.
        store.store(ApiClient.instance("2.1.1", "demo", "DX", DX, "PA"), TestStreams.content(1, 2000));
        // the gateway's events, as after a Storage Commitment covering the study and the end of a STOW-RS request
        gatewayListeners.forEach(l -> l.storageCommitted(new GatewayListener.StorageCommitted("demo", "DEMO_DR", "1.2.3.9",
                java.util.Set.of("2.1.1"), List.of("2.1.1.1.1"), List.of())));
        store.store(ApiClient.instance("2.1.2", "th01", "DX", DX, "PB"), TestStreams.content(2, 2000));
        gatewayListeners.forEach(l -> l.stowCompleted(new GatewayListener.StowCompleted("th01", "TH01_DR", java.util.Set.of("2.1.2"), 1, 0)));
        store.store(ApiClient.instance("2.1.3", "th01", "US", US, "PB"), TestStreams.content(3, 2000)); // ready by th01's 2 s quiet period
        store.store(ApiClient.instance("2.1.4", "demo", "ECG", ECG, "PC"), TestStreams.content(4, 2000));
        store.catalog().markReady("2.1.4", "ECG_UPLOAD");
        api.awaitTask("2.1.4");
        store.store(ApiClient.instance("2.1.5", "th01", "ECG", ECG, "PD"), TestStreams.content(5, 2000));
        router.hint("2.1.5", null, true, "ST elevation V1-V4"); // what the ECG intake reports for a critical analysis
        store.catalog().markReady("2.1.5", "ECG_UPLOAD");
        for (String s : List.of("2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5")) {
            tasks.put(s, api.awaitTask(s));
        }
    }

    @Test
    void studiesBecomeTasksInTheRightServiceLineWithPriorityAndDueTime() throws Exception {
        Response dx = api.call("rad", "GET", "/api/tasks/" + tasks.get("2.1.1"), null);
        assertThat(dx.status()).isEqualTo(200);
        assertThat(dx.body()).contains("\"serviceLine\":\"RADIOLOGY\"").contains("\"priority\":\"OUTPATIENT\"")
                .contains("\"readyReason\":\"STORAGE_COMMITMENT\"").contains("\"studyInstanceUid\":\"2.1.1\"")
                .contains("\"patientName\":\"李^四\"");
        assertThat(Duration.between(arrived(dx.body()), due(dx.body()))).isEqualTo(Duration.ofMinutes(240));

        assertThat(api.call("rad", "GET", "/api/tasks/" + tasks.get("2.1.2"), null).body()).contains("\"readyReason\":\"STOW_RS\"");
        Response us = api.call("sono", "GET", "/api/tasks/" + tasks.get("2.1.3"), null);
        assertThat(us.body()).contains("\"serviceLine\":\"ULTRASOUND\"").contains("\"priority\":\"INPATIENT\"")
                .contains("\"readyReason\":\"QUIET_PERIOD\"");
        assertThat(Duration.between(arrived(us.body()), due(us.body()))).isEqualTo(Duration.ofMinutes(120));
        // priors: the same patient's DX from the same facility
        assertThat(us.body()).contains("\"priors\":[{\"studyInstanceUid\":\"2.1.2\"");

        Response ecg = api.call("cardio", "GET", "/api/tasks/" + tasks.get("2.1.5"), null);
        assertThat(ecg.body()).contains("\"serviceLine\":\"ECG\"").contains("\"priority\":\"STAT\"").contains("\"critical\":true");
        assertThat(Duration.between(arrived(ecg.body()), due(ecg.body()))).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void criticalEcgIsFirstInTheEcgQueue() throws Exception {
        Response list = api.call("cardio", "GET", "/api/worklist?serviceLine=ECG", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().indexOf("\"studyInstanceUid\":\"2.1.5\"")).isPositive()
                .isLessThan(list.body().indexOf("\"studyInstanceUid\":\"2.1.4\""));
        assertThat(list.body()).doesNotContain("\"studyInstanceUid\":\"2.1.1\"");
    }

    private static java.time.Instant due(String json) {
        return field(json, "dueAt");
    }

    private static java.time.Instant arrived(String json) {
        return field(json, "arrivedAt");
    }

    private static java.time.Instant field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return java.time.Instant.parse(m.group(1));
    }

    @Test
    void anonymousGets401OnEveryEndpoint() throws Exception {
        long t = tasks.get("2.1.1");
        List<String[]> endpoints = List.of(
                new String[] {"GET", "/api/studies"}, new String[] {"GET", "/api/studies/2.1.1"},
                new String[] {"GET", "/api/instances/2.1.1.1.1/file"}, new String[] {"GET", "/api/worklist"},
                new String[] {"POST", "/api/worklist/next"}, new String[] {"GET", "/api/worklist/qc-reasons"},
                new String[] {"GET", "/api/tasks/" + t}, new String[] {"POST", "/api/tasks/" + t + "/claim"},
                new String[] {"POST", "/api/tasks/" + t + "/renew"}, new String[] {"POST", "/api/tasks/" + t + "/release"},
                new String[] {"POST", "/api/tasks/" + t + "/complete"}, new String[] {"POST", "/api/tasks/" + t + "/return-for-qc"},
                new String[] {"POST", "/api/tasks/" + t + "/escalate"}, new String[] {"POST", "/api/tasks/" + t + "/reassign"},
                new String[] {"POST", "/api/tasks/" + t + "/cancel"}, new String[] {"GET", "/api/facilities/demo/qc-returns"},
                new String[] {"GET", "/api/admin/users"}, new String[] {"POST", "/api/admin/users"},
                new String[] {"GET", "/api/admin/users/rad"}, new String[] {"PUT", "/api/admin/users/rad"},
                new String[] {"GET", "/api/session"}, new String[] {"GET", "/dicomweb/studies"},
                new String[] {"POST", "/dicomweb/studies"}, new String[] {"GET", "/actuator/env"});
        List<String> wrong = new ArrayList<>();
        for (String[] e : endpoints) {
            Response r = api.call(null, e[0], e[1], e[0].equals("GET") ? null : "{}");
            if (r.status() != 401) {
                wrong.add(e[0] + " " + e[1] + " -> " + r.status());
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(api.call(null, "GET", "/actuator/health", null).status()).isEqualTo(200);
        Response docs = api.call(null, "GET", "/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/worklist/next").contains("/api/tasks/{id}/return-for-qc")
                .contains("/api/facilities/{facilityId}/qc-returns").contains("/api/admin/users")
                .contains("\"scheme\":\"basic\"");
    }

    @Test
    void facilityUserOfANeverSeesFacilityBsStudiesOrTasks() throws Exception {
        long th01Task = tasks.get("2.1.2");
        long demoTask = tasks.get("2.1.1");
        Response list = api.call("demo.clerk", "GET", "/api/worklist", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"facilityId\":\"demo\"").doesNotContain("\"facilityId\":\"th01\"");
        assertThat(api.call("demo.clerk", "GET", "/api/worklist?facility=th01", null).status()).isEqualTo(403);
        assertThat(api.call("demo.clerk", "GET", "/api/tasks/" + th01Task, null).status()).isEqualTo(404);
        assertThat(api.call("demo.clerk", "GET", "/api/tasks/" + demoTask, null).status()).isEqualTo(200);
        Response studies = api.call("demo.clerk", "GET", "/api/studies", null);
        assertThat(studies.body()).contains("2.1.1").doesNotContain("\"facilityId\":\"th01\"");
        assertThat(api.call("demo.clerk", "GET", "/api/studies?facility=th01", null).status()).isEqualTo(403);
        assertThat(api.call("demo.clerk", "GET", "/api/studies/2.1.2", null).status()).isEqualTo(404);
        assertThat(api.call("demo.clerk", "GET", "/api/instances/2.1.2.1.1/file", null).status()).isEqualTo(404);
        assertThat(api.call("demo.clerk", "GET", "/api/instances/2.1.1.1.1/file", null).status()).isEqualTo(200);
        assertThat(api.call("demo.clerk", "GET", "/api/facilities/th01/qc-returns", null).status()).isEqualTo(403);
        assertThat(api.call("demo.clerk", "GET", "/api/facilities/demo/qc-returns", null).status()).isEqualTo(200);
        // priors of a th01 patient are not shown to... th01 only sees its own; demo clerk cannot even open the task
        for (String action : List.of("claim", "renew", "release", "complete", "escalate", "reassign", "cancel")) {
            assertThat(api.call("demo.clerk", "POST", "/api/tasks/" + th01Task + "/" + action, "{\"reason\":\"x\"}").status())
                    .as(action).isIn(403, 404);
            assertThat(api.call("demo.clerk", "POST", "/api/tasks/" + demoTask + "/" + action, "{\"reason\":\"x\"}").status())
                    .as(action).isIn(403, 409);
        }
        assertThat(api.call("demo.clerk", "POST", "/api/worklist/next", null).status()).isEqualTo(403);
        assertThat(api.call("demo.clerk", "GET", "/api/admin/users", null).status()).isEqualTo(403);
        Response th01 = api.call("th01.clerk", "GET", "/api/worklist", null);
        assertThat(th01.body()).contains("\"facilityId\":\"th01\"").doesNotContain("\"facilityId\":\"demo\"");
    }

    /** Scoping is the catalog's: even a task whose own copy of the facility is wrong shows nothing of another facility's study. */
    @Test
    void theCatalogDecidesWhatAFacilityUserSeesOfATask() throws Exception {
        store.store(ApiClient.instance("2.1.9", "demo", "DX", DX, "PE"), TestStreams.content(9, 2000));
        store.catalog().markReady("2.1.9", "STORAGE_COMMITMENT");
        long task = api.awaitTask("2.1.9");
        org.springframework.jdbc.core.simple.JdbcClient.create(dataSource)
                .sql("UPDATE reading_task SET facility_id = 'th01' WHERE id = ?").param(task).update();
        assertThat(api.call("th01.clerk", "GET", "/api/tasks/" + task, null).status()).isEqualTo(404);
        assertThat(api.call("th01.clerk", "GET", "/api/worklist", null).body()).doesNotContain("2.1.9");
        assertThat(api.call("th01.clerk", "GET", "/api/studies/2.1.9", null).status()).isEqualTo(404);
        assertThat(api.call("demo.clerk", "GET", "/api/studies/2.1.9", null).status()).isEqualTo(200);
    }

    @Test
    void anAdministratorLinksTwoFacilitiesPatientsAndUndoesItBothRecorded() throws Exception {
        store.store(ApiClient.instance("2.3.1", "demo", "DX", DX, "PX"), TestStreams.content(31, 2000));
        store.store(ApiClient.instance("2.3.2", "th01", "DX", DX, "PY"), TestStreams.content(32, 2000));
        store.catalog().markReady("2.3.1", "STOW_RS");
        store.catalog().markReady("2.3.2", "STOW_RS");
        long task = api.awaitTask("2.3.1");
        api.awaitTask("2.3.2");
        assertThat(api.call("rad", "GET", "/api/tasks/" + task, null).body()).contains("\"priors\":[]");

        String pair = "\"first\":{\"facilityId\":\"demo\",\"patientId\":\"PX\",\"issuer\":\"HOSP\"},"
                + "\"second\":{\"facilityId\":\"th01\",\"patientId\":\"PY\",\"issuer\":\"HOSP\"}";
        assertThat(api.call("rad", "POST", "/api/admin/patient-links", "{" + pair + ",\"reason\":\"x\"}").status()).isEqualTo(403);
        assertThat(api.call("demo.clerk", "POST", "/api/admin/patient-links", "{" + pair + ",\"reason\":\"x\"}").status()).isEqualTo(403);
        assertThat(api.call(ApiClient.ADMIN, "POST", "/api/admin/patient-links", "{" + pair + "}").status()).isEqualTo(400);
        Response link = api.call(ApiClient.ADMIN, "POST", "/api/admin/patient-links", "{" + pair + ",\"reason\":\"身份证复印件核对为同一人\"}");
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        assertThat(link.body()).contains("\"action\":\"LINK\"").contains("\"actor\":\"admin\"");
        assertThat(api.call("rad", "GET", "/api/tasks/" + task, null).body()).contains("\"priors\":[{\"studyInstanceUid\":\"2.3.2\"");
        assertThat(api.call("demo.clerk", "GET", "/api/tasks/" + task, null).body()).as("never another facility's study")
                .contains("\"priors\":[]");

        Response undo = api.call(ApiClient.ADMIN, "POST", "/api/admin/patient-links/unlink", "{" + pair + ",\"reason\":\"核对有误\"}");
        assertThat(undo.status()).as(undo.body()).isEqualTo(200);
        assertThat(api.call("rad", "GET", "/api/tasks/" + task, null).body()).contains("\"priors\":[]");
        Response history = api.call(ApiClient.ADMIN, "GET", "/api/admin/patient-links?facilityId=th01&patientId=PY&issuer=HOSP", null);
        assertThat(history.body()).containsSubsequence("\"action\":\"LINK\"", "身份证复印件核对为同一人",
                "\"action\":\"UNLINK\"", "\"actor\":\"admin\"", "核对有误");
        assertThat(api.call(ApiClient.ADMIN, "GET", "/api/admin/patient-links?facilityId=th01&patientId=NOBODY", null).status()).isEqualTo(404);

        // a resident identity number with a wrong check character is flagged on the study
        InstanceAttributes a = ApiClient.instance("2.3.3", "demo", "DX", DX, "PZ");
        store.store(new InstanceAttributes(a.patientId(), a.issuerOfPatientId(), a.patientName(), a.patientSex(),
                a.patientBirthDate(), a.studyInstanceUid(), a.accessionNumber(), a.studyDate(), a.studyTime(), a.studyDescription(),
                a.seriesInstanceUid(), a.modality(), a.bodyPartExamined(), a.seriesNumber(), a.seriesDescription(), a.sopClassUid(),
                a.sopInstanceUid(), a.instanceNumber(), a.transferSyntaxUid(), a.facilityId(), a.sourceAeTitle(),
                a.requestedPriority(), "110105194912310021"), TestStreams.content(33, 2000));
        assertThat(api.call("rad", "GET", "/api/studies/2.3.3", null).body()).contains("\"identityFlag\":\"RESIDENT_ID_INVALID\"");
    }

    @Test
    void readersOnlyGetTasksOfTheirServiceLines() throws Exception {
        Response list = api.call("rad", "GET", "/api/worklist", null);
        assertThat(list.body()).contains("\"serviceLine\":\"RADIOLOGY\"").doesNotContain("\"serviceLine\":\"ECG\"")
                .doesNotContain("\"serviceLine\":\"ULTRASOUND\"");
        assertThat(api.call("rad", "GET", "/api/worklist?serviceLine=ECG", null).status()).isEqualTo(403);
        assertThat(api.call("rad", "POST", "/api/worklist/next?serviceLine=ECG", null).status()).isEqualTo(403);
        assertThat(api.call("rad", "GET", "/api/tasks/" + tasks.get("2.1.5"), null).status()).isEqualTo(404);
        assertThat(api.call("rad", "POST", "/api/tasks/" + tasks.get("2.1.5") + "/claim", null).status()).isEqualTo(404);
        assertThat(api.call("rad", "POST", "/api/tasks/" + tasks.get("2.1.1") + "/reassign", "{\"user\":\"rad\"}").status()).isEqualTo(403);
        assertThat(api.call("rad", "POST", "/api/tasks/" + tasks.get("2.1.1") + "/cancel", "{\"reason\":\"x\"}").status()).isEqualTo(403);
        assertThat(api.call("rad", "GET", "/api/admin/users", null).status()).isEqualTo(403);
        assertThat(api.call("rad", "POST", "/api/admin/users", "{\"username\":\"evil\",\"password\":\"12345678\",\"roles\":[\"ADMIN\"]}").status())
                .isEqualTo(403);
        assertThat(api.call("bad-user", "GET", "/api/worklist", null).status()).isEqualTo(401);
        Response badState = api.call("rad", "GET", "/api/worklist?state=DONE", null);
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.body()).contains("parameter 'state'").contains("SCHEDULED").contains("RETURNED_FOR_QC");
        assertThat(api.call("rad", "GET", "/api/worklist?size=0", null).status()).isEqualTo(400);
    }

    @Test
    void aReaderWorksThroughTheQueueOverHttp() throws Exception {
        // the ECG reader's next is the critical ECG; a second next the other one; then nothing
        Response first = api.call("cardio", "POST", "/api/worklist/next", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("\"studyInstanceUid\":\"2.1.5\"").contains("\"state\":\"IN_PROGRESS\"").contains("\"holder\":\"cardio\"");
        long id = tasks.get("2.1.5");
        assertThat(api.call("cardio", "POST", "/api/tasks/" + id + "/renew", null).status()).isEqualTo(200);
        assertThat(api.call("cardio", "POST", "/api/tasks/" + id + "/claim", null).status()).isEqualTo(409);
        // complete needs a signed report: written, autosaved and signed through the report API (real PDF, signature, archive)
        Response unsigned = api.call("cardio", "POST", "/api/tasks/" + id + "/complete", "{}");
        assertThat(unsigned.status()).as(unsigned.body()).isEqualTo(409);
        assertThat(unsigned.body()).contains("no signed report");
        Response report = api.call("cardio", "POST", "/api/tasks/" + id + "/report", "{}");
        assertThat(report.status()).as(report.body()).isEqualTo(201);
        assertThat(report.body()).contains("\"templateId\":\"ecg-resting-12\"").contains("\"state\":\"DRAFT\"");
        String reportId = report.body().replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1");
        Response wrongType = api.call("cardio", "PUT", "/api/reports/" + reportId + "/draft",
                "{\"baseRevision\":0,\"findings\":\"窦性心律\",\"impression\":\"正常心电图。\",\"fields\":{\"heartRateBpm\":\"fast\"}}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).contains("\"code\":\"field-type\"");
        Response saved = api.call("cardio", "PUT", "/api/reports/" + reportId + "/draft",
                "{\"baseRevision\":0,\"findings\":\"窦性心律\",\"impression\":\"正常心电图。\",\"fields\":{\"rhythm\":\"SINUS_RHYTHM\",\"heartRateBpm\":72}}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        Response signed = api.call("cardio", "POST", "/api/reports/" + reportId + "/sign", "{}");
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        assertThat(signed.body()).contains("\"state\":\"FINAL\"");
        Response edit = api.call("cardio", "PUT", "/api/reports/" + reportId + "/draft", "{\"baseRevision\":1,\"findings\":\"改\"}");
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.body()).contains("\"code\":\"version-final\"");
        Response pdf = api.call("th01.clerk", "GET", "/api/reports/" + reportId + "/versions/1/pdf", null);
        assertThat(pdf.status()).as("the facility's clerk downloads its signed report").isEqualTo(200);
        assertThat(pdf.body()).startsWith("%PDF-");
        assertThat(api.call("demo.clerk", "GET", "/api/reports/" + reportId, null).status()).as("another facility's: not found").isEqualTo(404);
        Response done = api.call("cardio", "POST", "/api/tasks/" + id + "/complete", "{}");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("\"state\":\"COMPLETED\"");
        Response again = api.call("cardio", "POST", "/api/tasks/" + id + "/complete", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("\"status\":409").contains("COMPLETED");

        long other = tasks.get("2.1.4");
        assertThat(api.call("cardio", "POST", "/api/tasks/" + other + "/claim", null).status()).isEqualTo(200);
        Response bad = api.call("cardio", "POST", "/api/tasks/" + other + "/return-for-qc", "{\"reason\":\"blurry\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("LEAD_MISPLACEMENT");
        Response qc = api.call("cardio", "POST", "/api/tasks/" + other + "/return-for-qc", "{\"reason\":\"LEAD_MISPLACEMENT\",\"text\":\"V1/V2 reversed\"}");
        assertThat(qc.status()).isEqualTo(200);
        assertThat(qc.body()).contains("\"state\":\"RETURNED_FOR_QC\"");
        assertThat(api.call("demo.clerk", "GET", "/api/facilities/demo/qc-returns", null).body()).contains("V1/V2 reversed");
        assertThat(api.call("cardio", "POST", "/api/worklist/next", null).status()).isEqualTo(204);
        Response history = api.call("cardio", "GET", "/api/tasks/" + other, null);
        assertThat(history.body()).contains("\"action\":\"ROUTED\"").contains("\"action\":\"CLAIM\"")
                .contains("\"action\":\"RETURN_FOR_QC\"").contains("\"actor\":\"cardio\"");
    }

    @Test
    void theWebUiSignsInWithASessionAndNeedsTheCsrfTokenForChanges() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> wrong = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=sono&password=nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=sono&password=" + URLEncoder.encode("sono-password", StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(204);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("JSESSIONID").contains("HttpOnly"));
        HttpResponse<String> me = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"sono\"").contains("\"csrfHeader\":\"X-CSRF-TOKEN\"");
        Matcher m = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(me.body());
        assertThat(m.find()).isTrue();
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/worklist")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/worklist/next"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF");
        HttpResponse<String> next = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/worklist/next"))
                .header("X-CSRF-TOKEN", m.group(1)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).contains("\"studyInstanceUid\":\"2.1.3\"").contains("\"holder\":\"sono\"");
        HttpResponse<String> logout = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/worklist")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
    }

    /**
     * Issue 13 screen 7: the SLA matrix is changed over HTTP by an administrator (session and CSRF token as the
     * web UI sends it), refusals store nothing, every change is recorded, new tasks follow it and queued ones do not.
     */
    @Test
    void anAdministratorChangesTheSlaMatrixRecordedAndOnlyNewTasksFollowIt() throws Exception {
        long queued = api.dxStudy(store, "2.9.1", "demo", "PS1", "LOW"); // RADIOLOGY, CHECKUP: 1440 min by default
        Response q = api.call("rad", "GET", "/api/tasks/" + queued, null);
        assertThat(Duration.between(arrived(q.body()), due(q.body()))).isEqualTo(Duration.ofMinutes(1440));
        String before = api.call(ApiClient.ADMIN, "GET", "/api/admin/sla", null).body();
        assertThat(before).contains("\"RADIOLOGY\":{\"STAT\":30,\"INPATIENT\":120,\"OUTPATIENT\":240,\"CHECKUP\":1440}");

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"CT\":{\"STAT\":20}}", "unknown service line 'CT' (known: RADIOLOGY, ULTRASOUND, ECG)");
        refused.put("{\"ECG\":{\"URGENT\":20}}", "unknown priority of ECG 'URGENT' (known: STAT, INPATIENT, OUTPATIENT, CHECKUP)");
        refused.put("{\"ECG\":{\"STAT\":0}}", "ECG.STAT: minutes must be from 1 to 43200 (30 days), not 0");
        refused.put("{\"ECG\":{\"STAT\":-5}}", "not -5");
        refused.put("{\"ECG\":{\"STAT\":43201}}", "not 43201");
        refused.put("{\"ECG\":{\"STAT\":99999999999999999999999}}", "(30 days)");
        refused.put("{\"ECG\":{\"STAT\":1.5}}", "whole number");
        refused.put("{\"ECG\":{\"STAT\":\"15\"}}", "whole number");
        refused.put("{\"ECG\":15}", "expected an object");
        refused.put("{}", "no cell to change");
        // a good cell with a bad one: nothing of it is stored
        refused.put("{\"RADIOLOGY\":{\"CHECKUP\":600},\"ECG\":{\"STAT\":0}}", "ECG.STAT");
        for (Map.Entry<String, String> r : refused.entrySet()) {
            Response bad = api.call(ApiClient.ADMIN, "PUT", "/api/admin/sla", r.getKey());
            assertThat(bad.status()).as(r.getKey() + ": " + bad.body()).isEqualTo(400);
            assertThat(bad.body()).as(r.getKey()).contains(r.getValue());
        }
        assertThat(api.call(ApiClient.ADMIN, "PUT", "/api/admin/sla", "{\"ECG\":").status()).isEqualTo(400);
        assertThat(api.call("rad", "PUT", "/api/admin/sla", "{\"RADIOLOGY\":{\"CHECKUP\":1}}").status()).isEqualTo(403);
        assertThat(api.call("rad", "GET", "/api/admin/sla/changes", null).status()).isEqualTo(403);
        assertThat(api.call(ApiClient.ADMIN, "GET", "/api/admin/sla", null).body()).isEqualTo(before);
        assertThat(api.call(ApiClient.ADMIN, "GET", "/api/admin/sla/changes", null).body()).isEqualTo("[]");

        // the web UI's way: a session, and the CSRF token on the change
        api.createUser("sla.admin", "\"ADMIN\"", "", null);
        ApiClient.Session admin = api.signIn("sla.admin");
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String base = "http://127.0.0.1:" + port;
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=sla.admin&password=sla.admin-password")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/sla"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"RADIOLOGY\":{\"CHECKUP\":600}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403); // a session without the CSRF token
        assertThat(forged.body()).contains("CSRF");
        assertThat(api.call(ApiClient.ADMIN, "GET", "/api/admin/sla/changes", null).body()).isEqualTo("[]");
        Response changed = admin.put("/api/admin/sla", "{\"RADIOLOGY\":{\"CHECKUP\":600}}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).contains("\"RADIOLOGY\":{\"STAT\":30,\"INPATIENT\":120,\"OUTPATIENT\":240,\"CHECKUP\":600}")
                .contains("\"ECG\":{\"STAT\":10,");
        assertThat(api.call(ApiClient.ADMIN, "GET", "/api/admin/sla", null).body()).isEqualTo(changed.body());

        var changes = api.call(ApiClient.ADMIN, "GET", "/api/admin/sla/changes", null).json();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("actor").asString()).isEqualTo("sla.admin");
        assertThat(changes.get(0).get("serviceLine").asString()).isEqualTo("RADIOLOGY");
        assertThat(changes.get(0).get("priority").asString()).isEqualTo("CHECKUP");
        assertThat(changes.get(0).get("oldMinutes").asLong()).isEqualTo(1440);
        assertThat(changes.get(0).get("newMinutes").asLong()).isEqualTo(600);

        long fresh = api.dxStudy(store, "2.9.2", "demo", "PS2", "LOW");
        Response n = api.call("rad", "GET", "/api/tasks/" + fresh, null);
        assertThat(Duration.between(arrived(n.body()), due(n.body()))).isEqualTo(Duration.ofMinutes(600));
        Response again = api.call("rad", "GET", "/api/tasks/" + queued, null);
        assertThat(due(again.body())).isEqualTo(due(q.body()));
    }

    @Test
    void disabledUsersAreLockedOutAtOnce() throws Exception {
        api.createUser("temp", "\"READER\"", "\"RADIOLOGY\"", null);
        assertThat(api.call("temp", "GET", "/api/worklist", null).status()).isEqualTo(200);
        assertThat(api.call(ApiClient.ADMIN, "PUT", "/api/admin/users/temp", "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(api.call("temp", "GET", "/api/worklist", null).status()).isEqualTo(401);
        Response weak = api.call(ApiClient.ADMIN, "POST", "/api/admin/users", "{\"username\":\"weak\",\"password\":\"short\",\"roles\":[\"READER\"],\"serviceLines\":[\"ECG\"]}");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("at least 8 characters");
        Response dup = api.call(ApiClient.ADMIN, "POST", "/api/admin/users", "{\"username\":\"rad\",\"password\":\"12345678\",\"roles\":[\"READER\"],\"serviceLines\":[\"ECG\"]}");
        assertThat(dup.status()).isEqualTo(409);
        Response noFacility = api.call(ApiClient.ADMIN, "POST", "/api/admin/users", "{\"username\":\"x1\",\"password\":\"12345678\",\"roles\":[\"FACILITY_USER\"]}");
        assertThat(noFacility.status()).isEqualTo(400);
        assertThat(noFacility.body()).contains("facilityId");
    }
}
