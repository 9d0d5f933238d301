package org.rdc.app.workstation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdc.app.ApiClient;
import org.rdc.app.DemoEcgApplication;
import org.rdc.app.DemoEcgDoor;
import org.rdc.ecg.holter.HolterTestFiles;
import tools.jackson.databind.JsonNode;

/**
 * The Holter review screen in Debian's Chromium against the real application: a synthetic 25 min ISHNE recording with
 * a VT run and other clinical events uploaded by tus, a cardiologist claims its ECG task and gets the Holter review
 * instead of the resting viewer. Its figures are GET /holter's; an event opened from the keyboard draws its 10 s strip
 * (every lead, every sample, each beat's letter); full disclosure pages by the minute; relabelling the VT template
 * normal changes the ventricular count on screen to what the API then says; once the report is signed a relabel is
 * refused with its reason and nothing on screen changes. Any console or page error fails.
 * Screenshots: target/screenshots, a copy of holter-review.png in docs/workstation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HolterReviewScreenTest extends DemoEcgApplication {

    @RegisterExtension
    final WorkstationBrowser browser = new WorkstationBrowser();

    private ApiClient api;
    private Page reader;
    private String study;
    private JsonNode summary;

    @BeforeAll
    void setUp() throws Exception {
        api = new ApiClient(port);
        api.createUser("zhao.holter", "\"READER\"", "\"ECG\"", null, ",\"displayName\":\"赵医生\"");
        Path file = HolterTestFiles.syntheticIshneWithClinicalEvents(Files.createDirectories(data.resolve("files")).resolve("vt.ecg"),
                25.0 / 60, 256);
        study = DemoEcgDoor.uploadByTus(ecg.port(), file);
        summary = get("");
    }

    @Test
    @Order(1)
    void theClaimedHolterTaskShowsTheReviewWithTheSummaryFigures() throws Exception {
        reader = browser.page(new Browser.NewContextOptions().setViewportSize(1700, 1100).setDeviceScaleFactor(1));
        WorkstationBrowser.signIn(reader, base(), "zhao.holter", "zhao.holter-password");
        reader.waitForURL("**/worklist/ECG");
        long id = api.awaitTask(study);
        reader.navigate(base() + "/tasks/" + id);
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("领取")).click();
        assertThat(reader.getByTestId("lease")).isVisible();
        assertThat(reader.locator("#viewer-slot .holter-review")).isVisible();
        assertThat(reader.locator("#viewer-slot .ecg-viewer")).hasCount(0);

        JsonNode beats = summary.get("beats");
        JsonNode hr = summary.get("heartRate");
        assertThat(figure("total")).hasText(beats.get("total").asString());
        assertThat(figure("ventricular")).hasText(beats.get("VENTRICULAR").asString());
        assertThat(figure("supraventricular")).hasText(beats.get("SUPRAVENTRICULAR").asString());
        assertThat(figure("hrMean")).hasText(fixed(hr.get("meanBpm"), 0));
        assertThat(figure("hrMin")).hasText(Pattern.compile("^" + fixed(hr.get("minBpm"), 0) + " · .*\\(\\+" + elapsed(60 * hr.get("minMinute").asInt()) + "\\)$"));
        assertThat(figure("hrMax")).hasText(Pattern.compile("^" + fixed(hr.get("maxBpm"), 0) + " · .*\\(\\+" + elapsed(60 * hr.get("maxMinute").asInt()) + "\\)$"));
        JsonNode longest = summary.get("pauses").get("longestS");
        assertThat(figure("longestPause")).hasText(longest == null || longest.isNull() ? "—"
                : fixed(longest, 2) + " 秒（共 " + summary.get("pauses").get("count").asInt() + " 次）");
        assertThat(figure("vCoupletsRuns")).hasText(summary.get("ventricular").get("couplets").asInt() + " / "
                + summary.get("ventricular").get("runs").asInt());
        assertThat(figure("sCoupletsRuns")).hasText(summary.get("supraventricular").get("couplets").asInt() + " / "
                + summary.get("supraventricular").get("runs").asInt());
        JsonNode af = summary.get("afBurdenPercent");
        assertThat(figure("afBurden")).hasText(af == null || af.isNull() ? "—" : fixed(af, 1) + "%");
        assertThat(figure("sdnn")).hasText(fixed(summary.get("hrv").get("sdnnMs"), 1));
        assertThat(figure("rmssd")).hasText(fixed(summary.get("hrv").get("rmssdMs"), 1));

        assertThat(reader.locator("[data-testid='holter-hourly'] tbody tr")).hasCount(summary.get("hourly").size());
        JsonNode firstHour = summary.get("hourly").get(0);
        assertThat(reader.locator("[data-testid='holter-hourly'] tr[data-hour='0'] td").first()).hasText(firstHour.get("beats").asString());
        assertThat(reader.locator("[data-testid='holter-templates'] tbody tr")).hasCount(summary.get("templates").size());
        for (JsonNode t : summary.get("templates")) {
            assertThat(templateRow(t.get("id").asInt()).locator("td.members")).hasText(t.get("members").asString());
        }
    }

    @Test
    @Order(2)
    void anEventOpenedFromTheKeyboardDrawsItsStrip() throws Exception {
        JsonNode events = get("/events").get("events");
        Locator list = reader.getByTestId("holter-events").locator("button");
        assertThat(list).hasCount(events.size());
        int index = indexOf(events, "VENTRICULAR_TACHYCARDIA", "VENTRICULAR_RUN", "PAUSE");
        JsonNode event = events.get(index);
        double start = event.get("stripStartSeconds").asDouble();
        JsonNode strip = get("/strip?start=" + start + "&seconds=10");

        list.nth(index).focus();
        reader.keyboard().press("Enter");
        assertThat(list.nth(index)).hasAttribute("aria-pressed", "true");
        Locator shown = reader.getByTestId("holter-event-strip");
        assertThat(shown).hasAttribute("data-start-s", String.format(Locale.ROOT, "%.3f", strip.get("startSeconds").asDouble()));
        Locator traces = shown.locator("polyline.trace");
        assertThat(traces).hasCount(strip.get("leads").size());
        for (int i = 0; i < strip.get("leads").size(); i++) {
            assertThat(traces.nth(i)).hasAttribute("data-lead", strip.get("leads").get(i).get("name").asString());
            assertThat(pointCount(traces.nth(i))).as("every sample of 10 s drawn").isEqualTo(strip.get("frames").asInt());
        }
        // each beat's letter under it, in each lead's row
        List<String> letters = StreamSupport.stream(strip.get("beats").spliterator(), false).map(b -> b.get("beatClass").asString()).toList();
        assertThat(shown.locator("text.beat")).hasCount(letters.size() * strip.get("leads").size());
        assertThat(shown.locator("text.beat[data-class='V']").count()).isEqualTo(letters.stream().filter("V"::equals).count()
                * strip.get("leads").size());
        // the caption says when: the recorder's clock and the time from the start
        String from = elapsed(strip.get("startSeconds").asDouble());
        assertThat(reader.getByTestId("holter-event-time")).containsText("(+" + from + ")");
        // on the resting viewer's calibrated paper: 10 s at 25 mm/s across the 250 mm of trace, the 1 mV pulse 10 mm tall
        assertThat(shown.locator("svg.ecg-paper")).hasAttribute("data-layout", "strip");
        double pulse = ((Number) shown.locator("path.calibration").first().evaluate("p => p.getBBox().height")).doubleValue();
        assertThat(pulse).isEqualTo(10.0);
        reader.locator(".holter-event-strip").scrollIntoViewIfNeeded();
        reader.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "holter-review-event.png")).setFullPage(true));
    }

    @Test
    @Order(3)
    void fullDisclosurePagesByTheMinute() throws Exception {
        Locator page = reader.getByTestId("holter-disclosure-strip");
        assertThat(page).hasAttribute("data-start-s", "0.000");
        assertThat(page.locator("polyline.trace")).hasCount(6);
        JsonNode minute = get("/strip?start=0&seconds=60&leads=" + page.locator("polyline.trace").first().getAttribute("data-lead"));
        assertThat(pointCount(page.locator("polyline.trace").first())).isEqualTo(10 * minute.get("sampleRateHz").asInt());

        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("下一分钟")).click();
        assertThat(page).hasAttribute("data-start-s", "60.000");
        assertThat(reader.getByTestId("holter-goto")).hasValue("0:01:00");

        reader.getByTestId("holter-goto").fill("0:10:30");
        reader.getByTestId("holter-goto").press("Enter");
        assertThat(page).hasAttribute("data-start-s", "630.000");
        reader.getByTestId("holter-goto").fill("ten past");
        reader.getByTestId("holter-goto").press("Enter");
        assertThat(reader.getByTestId("holter-goto")).hasAttribute("aria-invalid", "true");
        assertThat(page).hasAttribute("data-start-s", "630.000");
    }

    @Test
    @Order(4)
    void relabellingTheVentricularTemplateChangesTheCountOnScreenToTheApis() throws Exception {
        JsonNode v = StreamSupport.stream(summary.get("templates").spliterator(), false)
                .filter(t -> t.get("label").asString().equals("VENTRICULAR") && t.path("counts").path("VENTRICULAR").asInt() > 0)
                .findFirst().orElseThrow(() -> new AssertionError("the VT run's template: " + summary.get("templates")));
        int id = v.get("id").asInt();
        Locator row = templateRow(id);
        row.getByLabel("模板 #" + id + " 的新分类").selectOption("N");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("将模板 #" + id + " 重新分类")).click();
        assertThat(row).hasAttribute("data-label", "NORMAL");

        JsonNode after = get("");
        int ventricular = after.get("beats").get("VENTRICULAR").asInt();
        assertThat(ventricular).as("the VT template's beats left the count")
                .isEqualTo(summary.get("beats").get("VENTRICULAR").asInt() - v.path("counts").path("VENTRICULAR").asInt());
        assertThat(figure("ventricular")).hasText(String.valueOf(ventricular));
        assertThat(figure("vCoupletsRuns")).hasText(after.get("ventricular").get("couplets").asInt() + " / "
                + after.get("ventricular").get("runs").asInt());
        assertThat(row.locator("td.class")).containsText("原为室性");
        // the events follow the new analysis
        assertThat(reader.getByTestId("holter-events").locator("button")).hasCount(get("/events").get("events").size());
        // full disclosure at the run the template made, now supraventricular-labelled
        reader.getByTestId("holter-goto").fill("0:19:50");
        reader.getByTestId("holter-goto").press("Enter");
        assertThat(reader.getByTestId("holter-disclosure-strip")).hasAttribute("data-start-s", "1190.000");
        assertThat(reader.getByTestId("holter-goto")).hasAttribute("aria-invalid", "false");
        reader.getByTestId("holter-events").locator("button[aria-pressed='false']").first().click();
        assertThat(reader.getByTestId("holter-event-strip")).isVisible();
        reader.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "holter-review.png")).setFullPage(true));
    }

    @Test
    @Order(5)
    void onceTheReportIsSignedARelabelIsRefusedWithTheReasonAndTheFiguresStay() throws Exception {
        long task = api.awaitTask(study);
        ApiClient.Session session = api.signIn("zhao.holter");
        ApiClient.Response created = session.post("/api/tasks/" + task + "/report", "{}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode report = created.json();
        long id = report.get("id").asLong();
        ApiClient.Response saved = session.put("/api/reports/" + id + "/draft", "{\"baseRevision\":"
                + report.get("version").get("draftRevision").asInt() + ",\"findings\":\"动态心电图：窦性心律。\",\"impression\":\"室上性心动过速短阵。\","
                + "\"fields\":" + report.get("version").get("fields") + "}");  // the Holter template's figures, pre-filled
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        ApiClient.Response signed = session.post("/api/reports/" + id + "/sign", null);
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        JsonNode before = get("");

        // the page still offers the relabel (it read the task before the signature); the centre refuses it
        Locator row = templateRow(0);
        row.getByLabel("模板 #0 的新分类").selectOption("V");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("将模板 #0 重新分类")).click();
        assertThat(reader.locator(".messages")).containsText("错误 409：该检查的报告已签发");
        String label = StreamSupport.stream(before.get("templates").spliterator(), false).filter(t -> t.get("id").asInt() == 0)
                .findFirst().orElseThrow().get("label").asString();
        assertThat(row).hasAttribute("data-label", label);
        assertThat(figure("ventricular")).hasText(before.get("beats").get("VENTRICULAR").asString());
        assertThat(get("").get("beats")).isEqualTo(before.get("beats"));
        // the browser logs the refused request as a failed resource load: that one is expected
        browser.errors().removeIf(e -> e.contains("409"));
    }

    private Locator figure(String key) {
        return reader.locator("[data-testid='holter-summary'] [data-figure='" + key + "'] dd");
    }

    private Locator templateRow(int id) {
        return reader.locator("[data-testid='holter-templates'] tr[data-template='" + id + "']");
    }

    private JsonNode get(String path) throws Exception {
        ApiClient.Response r = api.call("zhao.holter", "GET", "/api/studies/" + study + "/holter" + path, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static int indexOf(JsonNode events, String... types) {
        for (String type : types) {
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).get("type").asString().equals(type)) {
                    return i;
                }
            }
        }
        throw new AssertionError("none of " + List.of(types) + " in " + events);
    }

    private static int pointCount(Locator polyline) {
        String points = polyline.getAttribute("points").strip();
        return points.isEmpty() ? 0 : points.split(" ").length;
    }

    /** As the screen's toFixed: the double's exact value rounded half up; a missing value is a dash. */
    private static String fixed(JsonNode n, int digits) {
        if (n == null || n.isNull()) {
            return "—";
        }
        return new BigDecimal(n.asDouble()).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    private static String elapsed(double s) {
        int whole = (int) Math.floor(s);
        return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole % 3600 / 60, whole % 60);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
