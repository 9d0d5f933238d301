package org.rdc.app.ecg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.rdc.app.ApiClient;
import org.rdc.app.DemoEcgApplication;
import org.rdc.app.DemoEcgDoor;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.json.EcgJson;
import org.rdc.storage.catalog.AttachmentSummary;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 point 5, last part: the reader relabels a template or one beat through {@code POST /api/studies/{uid}/holter/relabel}
 * and every count follows. A synthetic 25 min ISHNE recording with a VT run (a ventricular template) uploaded by tus;
 * each relabel is a new newest HOLTER_ANALYSIS attachment, the earlier kept; the summary, strips and events read the
 * newest. Refusals (bad bodies, a facility user, another facility, a signed report) store nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HolterRelabelApiTest extends DemoEcgApplication {

    private ApiClient api;
    private String study;

    @BeforeAll
    void upload() throws Exception {
        api = new ApiClient(port);
        DemoEcgDoor.readerAndClerks(api);
        api.createUser("li.rad", "\"READER\"", "\"RADIOLOGY\"", null);
        Path file = HolterTestFiles.syntheticIshneWithClinicalEvents(Files.createDirectories(data.resolve("files")).resolve("vt.ecg"),
                25.0 / 60, 256);
        study = DemoEcgDoor.uploadByTus(ecg.port(), file);
    }

    private JsonNode summary() throws Exception {
        ApiClient.Response r = api.call("wang.ecg", "GET", "/api/studies/" + study + "/holter", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private ApiClient.Response relabel(String user, String body) throws Exception {
        return api.call(user, "POST", "/api/studies/" + study + "/holter/relabel", body);
    }

    /** The SHA-256 of each stored analysis, oldest first (the mover may take them to the object store meanwhile). */
    private List<String> analyses() {
        return store.catalog().attachments(study, HolterIntake.ANALYSIS).stream().map(AttachmentSummary::sha256).toList();
    }

    private static JsonNode template(JsonNode summary, int id) {
        return StreamSupport.stream(summary.get("templates").spliterator(), false).filter(t -> t.get("id").asInt() == id)
                .findFirst().orElseThrow();
    }

    /** The letter the strip around a beat shows for it. */
    private String stripLetter(double atS, long frame) throws Exception {
        double start = Math.max(0, atS - 5);
        ApiClient.Response r = api.call("wang.ecg", "GET", "/api/studies/" + study + "/holter/strip?start=" + start + "&seconds=10", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return StreamSupport.stream(r.json().get("beats").spliterator(), false).filter(b -> b.get("frame").asLong() == frame)
                .findFirst().orElseThrow().get("beatClass").asString();
    }

    @Test
    @Order(1)
    void aVentricularTemplateRelabelledNormalTakesExactlyItsVentricularMembersOutOfTheCount() throws Exception {
        JsonNode before = summary();
        List<String> stored = analyses();
        JsonNode v = StreamSupport.stream(before.get("templates").spliterator(), false)
                .filter(t -> t.get("label").asString().equals("VENTRICULAR") && t.path("counts").path("VENTRICULAR").asInt() > 0)
                .findFirst().orElseThrow(() -> new AssertionError("the VT run's template: " + before.get("templates")));
        int id = v.get("id").asInt();
        int members = v.path("counts").path("VENTRICULAR").asInt();
        int ventricular = before.get("beats").get("VENTRICULAR").asInt();
        int total = before.get("beats").get("total").asInt();
        JsonNode rep = v.get("representativeBeats").get(0);
        long repFrame = Math.round(rep.get("atS").asDouble() * before.get("sampleRateHz").asDouble());
        assertThat(stripLetter(rep.get("atS").asDouble(), repFrame)).isEqualTo("V");

        ApiClient.Response r = relabel("wang.ecg", "{\"template\": " + id + ", \"class\": \"N\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode after = r.json();
        assertThat(after.get("beats").get("VENTRICULAR").asInt()).isEqualTo(ventricular - members);
        assertThat(after.get("beats").get("NORMAL").asInt() + after.get("beats").get("SUPRAVENTRICULAR").asInt())
                .as("the members are normal-shaped now, early ones supraventricular")
                .isEqualTo(before.get("beats").get("NORMAL").asInt() + before.get("beats").get("SUPRAVENTRICULAR").asInt() + members);
        assertThat(after.get("beats").get("total").asInt()).isEqualTo(total);
        assertThat(template(after, id).get("label").asString()).isEqualTo("NORMAL");
        assertThat(template(after, id).get("relabelled").asBoolean()).isTrue();
        assertThat(template(after, id).path("counts").path("VENTRICULAR").asInt()).isZero();
        assertThat(after.get("episodes").get("vt").size()).as("the VT run was this template's").isLessThan(before.get("episodes").get("vt").size());
        assertThat(after.has("rebuild")).isFalse();
        assertThat(after.get("originalSha256").asString()).isEqualTo(before.get("originalSha256").asString());

        // the summary, strips and every other read show the newest
        JsonNode shown = summary();
        assertThat(shown.get("beats")).isEqualTo(after.get("beats"));
        assertThat(shown.get("ventricular")).isEqualTo(after.get("ventricular"));
        assertThat(stripLetter(rep.get("atS").asDouble(), repFrame)).isIn("N", "S");
        assertThat(api.call("wang.ecg", "GET", "/api/studies/" + study + "/holter/events", null).status()).isEqualTo(200);

        // a new newest attachment that follows the earlier one, which is kept as it was
        List<String> now = analyses();
        assertThat(now).hasSize(stored.size() + 1);
        assertThat(now.subList(0, stored.size())).isEqualTo(stored);
        assertThat(shown.get("follows").asString()).isEqualTo(stored.get(stored.size() - 1));
        try (InputStream in = store.openAttachment(study, HolterIntake.ANALYSIS, stored.get(stored.size() - 1))) {
            JsonNode earlier = EcgJson.parseObject(in.readAllBytes());
            assertThat(earlier.get("beats").get("VENTRICULAR").asInt()).isEqualTo(ventricular);
        }
    }

    @Test
    @Order(2)
    void oneBeatRelabelledVentricular() throws Exception {
        JsonNode before = summary();
        JsonNode normal = StreamSupport.stream(before.get("templates").spliterator(), false)
                .filter(t -> t.get("automaticLabel").asString().equals("NORMAL") && !t.get("relabelled").asBoolean())
                .max((a, b) -> Integer.compare(a.get("members").asInt(), b.get("members").asInt())).orElseThrow();
        // a representative of the dominant template that the strip shows as N
        int beat = -1;
        long frame = 0;
        for (JsonNode rep : normal.get("representativeBeats")) {
            long f = Math.round(rep.get("atS").asDouble() * before.get("sampleRateHz").asDouble());
            if (stripLetter(rep.get("atS").asDouble(), f).equals("N")) {
                beat = rep.get("beat").asInt();
                frame = f;
                break;
            }
        }
        assertThat(beat).as("a normal representative").isNotNegative();
        int count = analyses().size();

        ApiClient.Response r = relabel("wang.ecg", "{\"beat\": " + beat + ", \"class\": \"VENTRICULAR\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode after = r.json();
        assertThat(after.get("beats").get("VENTRICULAR").asInt()).isEqualTo(before.get("beats").get("VENTRICULAR").asInt() + 1);
        assertThat(after.get("beats").get("NORMAL").asInt()).isEqualTo(before.get("beats").get("NORMAL").asInt() - 1);
        final int relabelled = beat;
        assertThat(StreamSupport.stream(after.get("beatRelabels").spliterator(), false)
                .anyMatch(x -> x.get("beat").asInt() == relabelled && x.get("label").asString().equals("VENTRICULAR"))).isTrue();
        assertThat(summary().get("beats")).isEqualTo(after.get("beats"));
        assertThat(stripLetter(frame / before.get("sampleRateHz").asDouble(), frame)).isEqualTo("V");
        assertThat(analyses()).hasSize(count + 1);
        // the template relabel before it is still there: relabels build on each other
        assertThat(StreamSupport.stream(after.get("templates").spliterator(), false).filter(t -> t.get("relabelled").asBoolean()).count())
                .isEqualTo(StreamSupport.stream(before.get("templates").spliterator(), false).filter(t -> t.get("relabelled").asBoolean()).count());
    }

    @Test
    @Order(3)
    void refusalsSayWhatIsWrongAndStoreNothing() throws Exception {
        List<String> stored = analyses();
        JsonNode before = summary();
        int beats = before.get("beats").get("total").asInt() + before.get("beats").get("artefact").asInt();
        int templates = before.get("templates").size();
        record Bad(String body, String code, String detail) {
        }
        for (Bad b : List.of(
                new Bad("{\"template\": " + templates + ", \"class\": \"N\"}", "holter-template", "no template " + templates),
                new Bad("{\"beat\": " + beats + ", \"class\": \"N\"}", "holter-beat", "no beat " + beats),
                new Bad("{\"beat\": -1, \"class\": \"N\"}", "holter-beat", "no beat -1"),
                new Bad("{\"template\": 0, \"class\": \"X\"}", "holter-relabel-class", "X"),
                new Bad("{\"template\": 0, \"class\": \"PACED\"}", "holter-relabel-class", "PACED"),
                new Bad("{\"template\": 0}", "holter-relabel-class", "missing"),
                new Bad("{\"template\": 0, \"beat\": 1, \"class\": \"N\"}", "holter-relabel-target", "not both"),
                new Bad("{\"class\": \"N\"}", "holter-relabel-target", "\"template\""),
                new Bad("{\"template\": \"0\", \"class\": \"N\"}", "holter-relabel-target", "whole number"),
                new Bad("{\"template\": 0, \"class\": \"N\", \"reason\": \"x\"}", "holter-relabel-body", "reason"),
                new Bad("[]", "holter-relabel-body", "JSON object"))) {
            ApiClient.Response r = relabel("wang.ecg", b.body());
            assertThat(r.status()).as(b.body() + " -> " + r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("code").asString()).as(b.body()).isEqualTo(b.code());
            assertThat(r.json().get("detail").asString()).as(b.body()).contains(b.detail());
        }
        // the facility's own user reads the study but does not relabel; another facility does not see it; a radiologist is no ECG reader
        assertThat(relabel("demo.clerk", "{\"template\": 0, \"class\": \"N\"}").status()).isEqualTo(403);
        ApiClient.Response foreign = relabel("other.clerk", "{\"template\": 0, \"class\": \"N\"}");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("beats");
        assertThat(relabel("li.rad", "{\"template\": 0, \"class\": \"N\"}").status()).isEqualTo(403);
        assertThat(relabel(null, "{\"template\": 0, \"class\": \"N\"}").status()).isEqualTo(401);
        assertThat(api.call("wang.ecg", "POST", "/api/studies/1.2.3.4.5/holter/relabel", "{\"template\": 0, \"class\": \"N\"}").status())
                .isEqualTo(404);

        assertThat(analyses()).as("nothing stored").isEqualTo(stored);
        assertThat(summary().get("beats")).isEqualTo(before.get("beats"));

        JsonNode log = api.call(ApiClient.ADMIN, "GET", "/api/admin/access-log?study=" + study + "&limit=500", null).json();
        List<String> posts = StreamSupport.stream(log.spliterator(), false)
                .filter(x -> x.get("action").asString().equals("API_HOLTER") && x.get("httpMethod").asString().equals("POST"))
                .map(x -> x.get("username").asString() + " " + x.get("status").asInt()).toList();
        assertThat(posts).contains("wang.ecg 200", "wang.ecg 400", "demo.clerk 403", "other.clerk 404");
    }

    @Test
    @Order(4)
    void onceTheReportIsSignedTheFiguresAreNoLongerRelabelled() throws Exception {
        long task = api.awaitTask(study);
        ApiClient.Session reader = api.signIn("wang.ecg");
        JsonNode report = reader.startReport(task);
        long id = report.get("id").asLong();
        // the Holter template, its required figures pre-filled from the analysis
        assertThat(report.get("version").get("templateId").asString()).isEqualTo("ecg-holter-24h");
        ApiClient.Response saved = reader.put("/api/reports/" + id + "/draft", "{\"baseRevision\":"
                + report.get("version").get("draftRevision").asInt() + ",\"findings\":\"动态心电图：窦性心律。\",\"impression\":\"室性心动过速短阵。\","
                + "\"fields\":" + report.get("version").get("fields") + "}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        ApiClient.Response signed = reader.post("/api/reports/" + id + "/sign", null);
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        List<String> stored = analyses();

        ApiClient.Response r = relabel("wang.ecg", "{\"template\": 0, \"class\": \"V\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().get("code").asString()).isEqualTo("holter-report-signed");
        assertThat(r.json().get("detail").asString()).contains("report " + id);
        assertThat(analyses()).isEqualTo(stored);
    }
}
