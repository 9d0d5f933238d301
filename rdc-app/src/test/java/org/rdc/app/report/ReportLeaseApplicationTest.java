package org.rdc.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.ApiClient;
import org.rdc.app.ApiClient.Response;
import org.rdc.app.ApiClient.Session;
import org.rdc.app.RdcApplication;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.TestStreams;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worklist's lease rules for a report, through the real task gate of the running application
 * (README "Lifecycle": only the holder of the task, with a live lease, writes and signs its report).
 * A reader of the same service line who has not claimed the task, and the holder after the lease
 * ran out (the router has put the task back in its queue by then), each get their own RFC 9457
 * problem, and the stored report stays as it was. The lease is set to a few seconds here.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportLeaseApplicationTest {

    static final Path data = ApiClient.dataDirectory("rdc-report-lease");
    static final Duration LEASE = Duration.ofSeconds(4);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
        registry.add("rdc.worklist.lease", () -> LEASE.toSeconds() + "s");
    }

    @LocalServerPort
    int port;
    @Autowired
    InstanceStore store;

    ApiClient api;
    long task;

    @BeforeAll
    void readersAndAStudy() throws Exception {
        api = new ApiClient(port);
        api.createUser("rad.a", "\"READER\"", "\"RADIOLOGY\"", null, ",\"displayName\":\"王医生\"");
        api.createUser("rad.b", "\"READER\"", "\"RADIOLOGY\"", null, ",\"displayName\":\"李医生\"");
        store.store(ApiClient.instance("6.1.1", "fx", "DX", "1.2.840.10008.5.1.4.1.1.1.1", "PL1"), TestStreams.content(61, 2000));
        store.catalog().markReady("6.1.1", "STOW_RS");
        task = api.awaitTask("6.1.1");
    }

    @Test
    void anotherReaderAndTheHolderAfterTheLeaseRanOutAreRefusedEachWithItsProblemAndNothingChanges() throws Exception {
        Session a = api.signIn("rad.a");
        Session b = api.signIn("rad.b");
        assertThat(a.post("/api/tasks/" + task + "/claim", null).status()).isEqualTo(200);
        Response created = a.post("/api/tasks/" + task + "/report", "{}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = json(created).get("id").asLong();
        Response saved = a.put("/api/reports/" + id + "/draft", draft(0, "两肺纹理清晰。", "双肺未见明显异常。"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        JsonNode before = stored(id);
        assertThat(before.get("version").get("draftRevision").asInt()).isEqualTo(1);

        // a reader of the same line who has not claimed the task (while rad.a's lease lasts)
        assertProblem(b.put("/api/reports/" + id + "/draft", draft(1, "改写的所见。", "改写的诊断。")), "not-task-holder");
        assertProblem(b.post("/api/reports/" + id + "/sign", null), "not-task-holder");
        assertThat(stored(id)).as("nothing stored changed").isEqualTo(before);

        // rad.a's lease runs out and the router puts the task back in its queue
        long deadline = System.nanoTime() + LEASE.plusSeconds(20).toNanos();
        String state = null;
        while (System.nanoTime() < deadline && !"SCHEDULED".equals(state)) {
            Thread.sleep(200);
            state = json(api.call(ApiClient.ADMIN, "GET", "/api/tasks/" + task, null)).get("task").get("state").asString();
        }
        assertThat(state).as("the expired lease gives the task back").isEqualTo("SCHEDULED");
        assertProblem(a.put("/api/reports/" + id + "/draft", draft(1, "迟到的所见。", "迟到的诊断。")), "lease-expired");
        assertProblem(a.post("/api/reports/" + id + "/sign", null), "lease-expired");
        assertThat(stored(id)).as("nothing stored changed").isEqualTo(before);

        // rad.b takes the task: rad.a is no longer the one whose lease ran out, and rad.b goes on with the kept draft
        assertThat(b.post("/api/tasks/" + task + "/claim", null).status()).isEqualTo(200);
        assertProblem(a.put("/api/reports/" + id + "/draft", draft(1, "迟到的所见。", "迟到的诊断。")), "not-task-holder");
        Response taken = b.put("/api/reports/" + id + "/draft", draft(1, "两肺纹理清晰，右下肺野见斑片影。", "右下肺炎症。"));
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        assertThat(json(taken).get("sections").get("findings").asString()).isEqualTo("两肺纹理清晰，右下肺野见斑片影。");
    }

    private static String draft(int revision, String findings, String impression) {
        return "{\"baseRevision\":" + revision + ",\"findings\":\"" + findings + "\",\"impression\":\"" + impression
                + "\",\"fields\":{\"projection\":\"PA\",\"imageQuality\":\"GOOD\"}}";
    }

    /** The report as the administrator reads it: versions, documents and history. */
    private JsonNode stored(long id) throws Exception {
        Response r = api.call(ApiClient.ADMIN, "GET", "/api/reports/" + id, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode report = json(r);
        assertThat(report.get("version").get("state").asString()).isEqualTo("DRAFT");
        assertThat(report.get("documents")).as("nothing signed").isEmpty();
        return report;
    }

    private static void assertProblem(Response r, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.get("code").asString()).isEqualTo(code);
        assertThat(p.get("type").asString()).isEqualTo("urn:rdc:problem:report:" + code);
        assertThat(p.get("status").asInt()).isEqualTo(409);
    }

    private static JsonNode json(Response r) {
        return JSON.readTree(r.body());
    }
}
