package org.rdc.app.workstation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.test.HeadlessChromium;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The browser workstation (reading-workstation-web, served by the application at /) in Debian's Chromium, against
 * the real application: a reader signs in with the keyboard, studies pushed with dcmtk's storescu appear in the
 * worklist without a reload (polling), a claimed task's lease is renewed in the background and released on leaving,
 * {@code next} works from the shortcut and from the button reached by Tab, a late instance and an SLA breach are
 * marked, a facility user's navigation has no worklist, and English is a switch away. Any console error or page
 * error fails the test. Screenshots: target/screenshots, committed copies in docs/workstation/.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkstationWebTest {

    static final Path data;

    static {
        try {
            data = Files.createTempDirectory("rdc-workstation");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.demo", () -> "true");
        registry.add("rdc.admin.user", () -> "admin");
        registry.add("rdc.admin.password", () -> "workstation-admin");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
        registry.add("rdc.dicom.port", () -> "0");
        registry.add("rdc.dicom.bind-address", () -> "127.0.0.1");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.worklist.poll-interval", () -> "100ms");
        registry.add("rdc.worklist.facilities", () -> "demo:quiet=1s,priority=INPATIENT");
        // a short lease, so that renewal is seen within seconds (renewed every third: 2 s)
        registry.add("rdc.worklist.lease", () -> "6s");
        // check-ups due after one minute: the first study breaches its SLA during the test
        registry.add("rdc.worklist.sla", () -> "RADIOLOGY.CHECKUP=1");
    }

    @RegisterExtension
    final WorkstationBrowser browser = new WorkstationBrowser();
    @LocalServerPort
    int port;
    @Autowired
    DicomGateway gateway;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Path screenshots = Path.of("target", "screenshots");
    private Page reader;
    private Path testdata;
    private String checkupStudy;
    private String statStudy;
    private String inpatientStudy;
    private Instant checkupPushed;

    @BeforeAll
    void setUp() throws Exception {
        Requires.dcmtk("storescu");
        Requires.dcmtk("dcmodify");
        testdata = Requires.testdata();
        admin("POST", "/api/admin/users", "{\"username\":\"li.radiology\",\"password\":\"li-password\",\"displayName\":\"李医生\","
                + "\"roles\":[\"READER\"],\"serviceLines\":[\"RADIOLOGY\"]}", 201);
        admin("POST", "/api/admin/users", "{\"username\":\"clinic\",\"password\":\"clinic-password\",\"roles\":[\"FACILITY_USER\"],"
                + "\"facilityId\":\"demo\"}", 201);
        // a check-up (the sender's marking LOW), due in a minute: breached by the time the worklist is looked at
        checkupStudy = push("赵^敏", "P-1001", "体检胸片", "LOW", null);
        checkupPushed = Instant.now();
    }

    @Test
    @Order(1)
    void aReaderSignsInWithTheKeyboardAndSeesOnlyTheirLine() {
        reader = page();
        reader.navigate(base() + "/");
        Locator user = reader.getByLabel("用户名");
        assertThat(user).isFocused();
        assertThat(reader.locator("h1")).hasText("远程诊断中心 · 阅片工作站");
        reader.keyboard().type("li.radiology");
        reader.keyboard().press("Tab");
        assertThat(reader.getByLabel("密码")).isFocused();
        reader.keyboard().type("li-password");
        HeadlessChromium.screenshot(reader, screenshots.resolve("sign-in.png"));
        reader.keyboard().press("Enter");

        reader.waitForURL("**/worklist/RADIOLOGY");
        assertThat(reader.locator("nav a")).hasText(new String[] {"放射工作列表"});
        assertThat(reader.locator("h1")).hasText("放射工作列表");
        assertThat(reader.getByTestId("me")).containsText("li.radiology");
    }

    @Test
    @Order(2)
    void pushedStudiesAppearWithoutAReloadMostUrgentFirst() throws Exception {
        reader.evaluate("window.__sameDocument = true");
        statStudy = push("王^建国", "P-1002", "胸部正位", "STAT", null);
        inpatientStudy = push("李^娜", "P-1003", "腹部平片", null, null);

        Locator stat = row(statStudy);
        Locator inpatient = row(inpatientStudy);
        assertThat(stat).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(inpatient).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(reader.evaluate("window.__sameDocument === true")).as("the page was not reloaded").isEqualTo(true);

        assertThat(stat.locator(".badge.priority-STAT")).hasText("急诊");
        assertThat(inpatient.locator(".badge.priority-INPATIENT")).hasText("住院");
        assertThat(stat.locator(".patient-name")).hasText("王建国");
        List<String> order = reader.locator("tbody tr").all().stream().map(r -> r.getAttribute("data-study")).toList();
        assertThat(order.indexOf(statStudy)).as("STAT before INPATIENT: " + order).isLessThan(order.indexOf(inpatientStudy));
        // the countdown runs: two readings a second apart differ
        String first = stat.locator(".due").textContent();
        reader.waitForTimeout(1500);
        assertThat(stat.locator(".due").textContent()).isNotEqualTo(first);
        assertThat(stat.locator(".due")).hasAttribute("data-due-state", "ok");
    }

    @Test
    @Order(3)
    void aClaimedTaskKeepsItsLeaseWhileOpenAndIsReleasedOnLeaving() throws Exception {
        long id = taskId(inpatientStudy);
        Locator claim = row(inpatientStudy).getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("领取 李娜 的任务"));
        claim.focus();
        reader.keyboard().press("Enter");
        reader.waitForURL("**/tasks/" + id);
        assertThat(reader.locator("#task-title .patient-name")).hasText("李娜");
        assertThat(reader.locator("#viewer-slot")).hasAttribute("data-study", inpatientStudy);
        assertThat(reader.getByTestId("lease")).containsText("自动续约");

        JsonNode claimed = task(id);
        assertThat(claimed.get("state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(claimed.get("holder").asText()).isEqualTo("li.radiology");
        Instant firstExpiry = Instant.parse(claimed.get("leaseExpiresAt").asText());
        // past the first expiry the task is still ours, with a later expiry: the page renewed it
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), firstExpiry).toMillis()) + 1500);
        JsonNode later = task(id);
        assertThat(later.get("state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(later.get("holder").asText()).isEqualTo("li.radiology");
        Instant renewedExpiry = Instant.parse(later.get("leaseExpiresAt").asText());
        assertThat(renewedExpiry).isAfter(firstExpiry).isAfter(Instant.now());
        HeadlessChromium.screenshot(reader, screenshots.resolve("task.png"));

        reader.keyboard().press("Escape");
        reader.waitForURL("**/worklist/RADIOLOGY");
        awaitState(id, "SCHEDULED");
        assertThat(task(id).get("holder").isNull()).isTrue();
    }

    @Test
    @Order(4)
    void anInstanceArrivingAfterRoutingIsFlagged() throws Exception {
        push("李^娜", "P-1003", "腹部平片", null, inpatientStudy);
        assertThat(row(inpatientStudy).locator(".badge.late")).hasText("迟到 1 张",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
    }

    @Test
    @Order(5)
    void nextFromTheShortcutAndFromTheButtonReachedByTab() throws Exception {
        long stat = taskId(statStudy);
        // "?" lists every shortcut; the viewer's W/L presets are reserved and say so where there is no viewer
        reader.keyboard().press("?");
        Locator help = reader.getByRole(com.microsoft.playwright.options.AriaRole.DIALOG);
        assertThat(help).containsText("领取下一个任务");
        assertThat(help).containsText("窗宽窗位：肺窗");
        reader.keyboard().press("Escape");
        assertThat(help).hasCount(0);
        reader.keyboard().press("1");
        assertThat(reader.locator(".message.info")).containsText("此快捷键在当前页面不可用");

        reader.keyboard().press("n");
        reader.waitForURL("**/tasks/" + stat);
        assertThat(task(stat).get("holder").asText()).isEqualTo("li.radiology");
        reader.keyboard().press("Escape");
        reader.waitForURL("**/worklist/RADIOLOGY");
        awaitState(stat, "SCHEDULED");

        // keyboard only, from the top of a freshly opened page: skip link, then the first control of the worklist is "next"
        reader.reload();
        assertThat(reader.locator("h1")).hasText("放射工作列表");
        reader.keyboard().press("Tab");
        assertThat(reader.locator("a.skip")).isFocused();
        reader.keyboard().press("Enter");
        assertThat(reader.locator("main")).isFocused();
        reader.keyboard().press("Tab");
        assertThat(reader.getByTestId("next")).isFocused();
        reader.keyboard().press("Enter");
        reader.waitForURL("**/tasks/" + stat);
        assertThat(reader.locator("#task-title .patient-name")).hasText("王建国");
        reader.keyboard().press("Escape");
        reader.waitForURL("**/worklist/RADIOLOGY");
        awaitState(stat, "SCHEDULED");
    }

    @Test
    @Order(6)
    void aTaskPastItsDueTimeIsMarkedAsBreached() throws Exception {
        Locator due = row(checkupStudy).locator(".due");
        long wait = Duration.between(Instant.now(), checkupPushed.plusSeconds(75)).toMillis();
        assertThat(due).hasAttribute("data-due-state", "breached",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(Math.max(5_000, wait)));
        assertThat(due).containsText("已超时");
        assertThat(row(checkupStudy)).hasClass(Pattern.compile("breached"));
        reader.waitForTimeout(6000);  // the "new" highlight of the last poll has faded
        HeadlessChromium.screenshot(reader, screenshots.resolve("worklist.png"));
    }

    @Test
    @Order(7)
    void filtersNarrowTheList() {
        Locator rows = reader.locator("tbody tr");
        assertThat(rows).hasCount(3);
        reader.getByLabel("优先级").selectOption("STAT");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-study", statStudy);
        reader.getByLabel("优先级").selectOption("");
        reader.getByLabel("机构").fill("demo");
        assertThat(rows).hasCount(3);
        reader.getByLabel("到达日期").fill("2001-01-01");
        assertThat(reader.getByTestId("empty")).isVisible();
        reader.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("清除筛选")).click();
        assertThat(rows).hasCount(3);
    }

    @Test
    @Order(8)
    void englishIsOneSwitchAway() {
        reader.getByLabel("语言").selectOption("en");
        assertThat(reader.locator("nav a")).hasText(new String[] {"Radiology worklist"});
        assertThat(reader.locator("h1")).hasText("Radiology worklist");
        assertThat(row(statStudy).locator(".badge.priority-STAT")).hasText("STAT");
        HeadlessChromium.screenshot(reader, screenshots.resolve("worklist-en.png"));
        reader.getByLabel("Language").selectOption("zh-CN");
        assertThat(reader.locator("h1")).hasText("放射工作列表");
    }

    @Test
    @Order(9)
    void aFacilityUsersNavigationHasNoWorklist() {
        Page clinic = page();
        WorkstationBrowser.signIn(clinic, base(), "clinic", "clinic-password");
        clinic.waitForURL("**/portal");
        assertThat(clinic.locator("nav a")).hasText(new String[] {"机构报告", "危急值", "质控退回"});
        assertThat(clinic.locator("a[href^='/worklist']")).hasCount(0);
        // a worklist link typed by hand: the page is served (SPA fallback), the screen refuses
        clinic.navigate(base() + "/worklist/RADIOLOGY");
        assertThat(clinic.locator("h1")).hasText("您的角色不能查看此页面");
        assertThat(clinic.locator("tbody tr")).hasCount(0);
        clinic.context().close();
    }

    @Test
    @Order(10)
    void aLinkOpenedWithoutASessionComesBackAfterSigningIn() throws Exception {
        long id = taskId(statStudy);
        Page p = page();
        p.navigate(base() + "/tasks/" + id);  // the centre redirects to /?next=/tasks/{id}
        p.getByLabel("用户名").fill("li.radiology");
        p.getByLabel("密码").fill("li-password");
        p.keyboard().press("Enter");
        p.waitForURL("**/tasks/" + id);
        assertThat(p.locator("#task-title .patient-name")).hasText("王建国");
        p.context().close();
    }

    @Test
    @Order(11)
    void theWorkstationsFilesAreOpenAndTheCentresPathsAreUntouched() throws Exception {
        HttpResponse<String> index = get("/", null, "text/html");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<div id=\"app\">");
        String script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index.body()).results().findFirst().orElseThrow().group(1);
        HttpResponse<String> asset = get(script, null, "*/*");
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
        assertThat(get("/assets/gone.js", null, "*/*").statusCode()).isEqualTo(404);

        // a workstation page without a session: to sign-in and back; with one: index.html (SPA fallback)
        HttpResponse<String> anonymous = get("/tasks/1", null, "text/html");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/?next=%2Ftasks%2F1");
        HttpResponse<String> signedIn = get("/tasks/1", "admin:workstation-admin", "text/html");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body()).isEqualTo(index.body());

        // the centre's own paths never turn into the page
        HttpResponse<String> api = get("/api/worklist", null, "text/html");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        for (String path : List.of("/api/no-such-thing", "/dicomweb/no-such-thing", "/fhir/no-such-thing", "/verify/no-such-code")) {
            HttpResponse<String> r = get(path, "admin:workstation-admin", "text/html");
            assertThat(r.statusCode()).as(path).isGreaterThanOrEqualTo(400);  // whatever the centre answers (404, DICOMweb 405)
            assertThat(r.body()).as(path).doesNotContain("<div id=\"app\">");
        }
    }

    @Test
    @Order(12)
    void leavingAPageBeforeItsSessionCheckIsAnsweredKeepsTheReaderSignedIn() throws Exception {
        long id = taskId(statStudy);
        // the worklist page's GET /api/session is held unanswered, as on a busy centre, while the reader opens a task
        List<Route> held = new ArrayList<>();
        reader.route("**/api/session", route -> {
            if (held.isEmpty()) {
                held.add(route);
            } else {
                route.resume();
            }
        });
        reader.navigate(base() + "/worklist/RADIOLOGY");
        reader.waitForCondition(() -> !held.isEmpty());
        reader.navigate(base() + "/tasks/" + id);
        // the route stays until the end: the task page may ask after navigate() returns, and unrouting while a request
        // is paused in Playwright's interception can leave that request unanswered
        assertThat(reader.locator("#task-title .patient-name")).hasText("王建国");
        assertThat(reader.locator("#username")).hasCount(0);
        // and so is every later page of the browser
        reader.navigate(base() + "/worklist/RADIOLOGY");
        assertThat(reader.locator("h1")).hasText("放射工作列表");
        assertThat(reader.locator("#username")).hasCount(0);
        try {
            held.get(0).abort();
        } catch (PlaywrightException e) {
            // the browser cancelled it when the page was left: nothing to release
        }
        reader.unrouteAll();
    }

    private HttpResponse<String> get(String path, String basic, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", accept);
        if (basic != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A page in a fresh context, as a browser in China has it: zh-CN, Beijing time. */
    private Page page() {
        return browser.page(1280, 900);
    }

    private Locator row(String study) {
        return reader.locator("tr[data-study='" + study + "']");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** CT_small as a new study of a new patient (or a new instance of {@code study}), pushed by storescu as DEMO_DR. */
    private String push(String name, String patientId, String description, String marking, String study) throws Exception {
        String uid = study != null ? study : UidGenerator.newUid();
        Path f = data.resolve("push-" + UidGenerator.newUid() + ".dcm");
        Files.copy(testdata.resolve("dicom/pydicom/CT_small.dcm"), f);
        List<String> command = new ArrayList<>(List.of("dcmodify", "-nb", "-ie", "-i", "(0008,0005)=ISO_IR 192",
                "-i", "(0010,0010)=" + name, "-i", "(0010,0020)=" + patientId, "-i", "(0008,1030)=" + description,
                "-i", "(0020,000D)=" + uid, "-i", "(0020,000E)=" + UidGenerator.newUid(), "-i", "(0008,0018)=" + UidGenerator.newUid()));
        if (marking != null) {
            command.addAll(List.of("-i", "(0040,1003)=" + marking));
        }
        command.add(f.toString());
        exec(command);
        exec(List.of("storescu", "-aet", "DEMO_DR", "-aec", "RDC", "127.0.0.1", String.valueOf(gateway.port()), f.toString()));
        return uid;
    }

    private long taskId(String study) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (JsonNode item : json.readTree(admin("GET", "/api/worklist?serviceLine=RADIOLOGY&size=200", null, 200)).get("items")) {
                if (item.get("task").get("studyInstanceUid").asText().equals(study)) {
                    return item.get("task").get("id").asLong();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no task for " + study);
    }

    private JsonNode task(long id) throws Exception {
        return json.readTree(admin("GET", "/api/tasks/" + id, null, 200)).get("task");
    }

    private void awaitState(long id, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last = null;
        while (System.nanoTime() < deadline) {
            last = task(id).get("state").asText();
            if (last.equals(state)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task " + id + " is " + last + ", not " + state);
    }

    private String admin(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:workstation-admin".getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body();
    }

    private static void exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
