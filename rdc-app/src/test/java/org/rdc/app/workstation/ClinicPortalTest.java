package org.rdc.app.workstation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdc.app.ApiClient;
import org.rdc.app.ApiClient.Response;
import org.rdc.app.ApiClient.Session;
import org.rdc.app.PdfTools;
import org.rdc.app.RdcApplication;
import org.rdc.reports.signing.KeyStoreDirectory;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.TestStreams;
import org.rdc.test.HeadlessChromium;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Screen 6, the clinic portal, in Debian's Chromium against the real application. Reports are written and signed
 * through the API as the report editor does (ReportFlowsApplicationTest); one is corrected after FINAL, one is
 * flagged critical (which raises the facility's critical value), one examination is returned for QC. The clinic's
 * user signs in with the form and sees its reports, searches them, sees the current and the earlier version marked,
 * downloads a PDF that poppler's pdfsig verifies, checks a PDF by upload, sees the critical-value banner on every
 * page until acknowledging it as a named user, and its QC returns; a user of another facility sees none of it.
 * Any console or page error fails a test. Screenshots: target/screenshots, copies in docs/workstation/.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicPortalTest {

    static final Path data = ApiClient.dataDirectory("rdc-clinic-portal");
    static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
    }

    @RegisterExtension
    final WorkstationBrowser browser = new WorkstationBrowser();
    @LocalServerPort
    int port;
    @Autowired
    InstanceStore store;
    @Autowired
    KeyStoreDirectory keys;
    private PdfTools poppler;

    private ApiClient api;
    private final Path screenshots = Path.of("target", "screenshots");
    private Page clinic;
    /** Corrected after FINAL: version 1 earlier, version 2 current. */
    private long corrected;
    /** Flagged critical (危急值). */
    private long critical;
    /** The other facility's own report. */
    private long otherFacilitys;
    private long notification;
    private byte[] downloaded;

    @BeforeAll
    void reportsCriticalValueAndQcReturn() throws Exception {
        api = new ApiClient(port);
        poppler = new PdfTools(data, keys);
        api.createUser("rad.c", "\"READER\"", "\"RADIOLOGY\"", null, ",\"displayName\":\"赵医生\"");
        api.createUser("fx.clerk", "\"FACILITY_USER\"", "", "fx", ",\"displayName\":\"钱护士\"");
        api.createUser("fz.clerk", "\"FACILITY_USER\"", "", "fz", ",\"displayName\":\"孙护士\"");
        Session reader = api.signIn("rad.c");

        corrected = signedReport(reader, study("7.1.1", "fx", "PX1"), "右下肺炎症。", false);
        Response amend = reader.post("/api/reports/" + corrected + "/versions", "{\"kind\":\"CORRECTION\",\"reason\":\"侧别更正：病变位于左下肺。\"}");
        assertThat(amend.status()).as(amend.body()).isEqualTo(201);
        save(reader, corrected, json(amend).get("draftRevision").asInt(), "左下肺炎症。", false);
        sign(reader, corrected);

        critical = signedReport(reader, study("7.1.2", "fx", "PX2"), "右侧张力性气胸。", true);
        JsonNode raised = json(api.call(ApiClient.ADMIN, "GET", "/api/critical-values?facility=fx", null));
        assertThat(raised).hasSize(1);
        notification = raised.get(0).get("id").asLong();

        long returned = study("7.1.3", "fx", "PX3");
        assertThat(reader.post("/api/tasks/" + returned + "/claim", null).status()).isEqualTo(200);
        Response qc = reader.post("/api/tasks/" + returned + "/return-for-qc", "{\"reason\":\"POSITIONING\",\"text\":\"肩胛骨未拉开，请重新摆位拍摄\"}");
        assertThat(qc.status()).as(qc.body()).isEqualTo(200);

        otherFacilitys = signedReport(reader, study("7.4.1", "fz", "PZ1"), "双肺未见明显异常。", false);
    }

    @Test
    @Order(1)
    void theClinicSignsInAndSeesItsReportsAndTheCriticalBanner() {
        clinic = signIn("fx.clerk", browser.errors());
        clinic.waitForURL("**/portal");
        assertThat(clinic.locator("nav a")).hasText(new String[] {"机构报告", "危急值", "质控退回"});
        assertThat(clinic.locator("h1")).hasText("机构报告");
        Locator rows = clinic.getByTestId("reports").locator("tbody tr");
        assertThat(rows).hasCount(2);
        assertThat(report(corrected)).containsText("第 2 版");
        assertThat(report(corrected).locator(".badge.amended")).hasText("已更正");
        assertThat(report(critical)).isVisible();
        assertThat(clinic.locator("tr[data-report='" + otherFacilitys + "']")).hasCount(0);
        Locator banner = clinic.getByTestId("critical-banner");
        assertThat(banner).containsText("危急值：1 条待确认");
        assertThat(banner).hasAttribute("role", "alert");
        HeadlessChromium.screenshot(clinic, screenshots.resolve("portal-reports.png"));
    }

    @Test
    @Order(2)
    void aSearchByPatientNarrowsTheList() {
        Locator rows = clinic.getByTestId("reports").locator("tbody tr");
        clinic.getByLabel("患者").fill("PX2");
        clinic.keyboard().press("Enter");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-report", String.valueOf(critical));
        clinic.getByLabel("患者").fill("NOBODY");
        clinic.keyboard().press("Enter");
        assertThat(clinic.getByTestId("empty")).hasText("没有符合条件的报告");
        clinic.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("清除筛选")).click();
        assertThat(rows).hasCount(2);
        assertThat(clinic.getByLabel("患者")).isFocused();
    }

    @Test
    @Order(3)
    void aReportShowsItsCurrentVersionAndTheEarlierOneMarkedEachWithItsVerification() {
        // keyboard: the row's link, then Enter
        report(corrected).getByRole(AriaRole.LINK).focus();
        clinic.keyboard().press("Enter");
        clinic.waitForURL("**/portal/reports/" + corrected);
        assertThat(clinic.locator("nav a[aria-current='page']")).hasText("机构报告");
        Locator versions = clinic.getByTestId("versions");
        assertThat(versions.locator("tr[data-version='2'] .badge")).hasText("当前版本");
        assertThat(versions.locator("tr[data-version='1'] .badge")).hasText("早期版本，已被第 2 版取代");
        assertThat(versions.locator("tr[data-version='2']")).containsText("更正报告");
        assertThat(versions.locator("tr[data-version='2']")).containsText("侧别更正");
        assertThat(clinic.getByTestId("impression")).hasText("左下肺炎症。");
        Locator check = clinic.getByTestId("document-AUTHOR").locator(".verification");
        assertThat(check).hasAttribute("data-outcome", "VALID_CURRENT");
        assertThat(check).containsText("签名有效 · 当前版本");
        assertThat(check).containsText("赵医生");
        HeadlessChromium.screenshot(clinic, screenshots.resolve("portal-report.png"));

        clinic.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("显示第 1 版")).click();
        assertThat(clinic.getByTestId("impression")).hasText("右下肺炎症。");
        assertThat(clinic.locator(".report-content h2 .badge")).hasText("非当前版本（当前为第 2 版）");
        assertThat(check).hasAttribute("data-outcome", "VALID_SUPERSEDED");
        assertThat(check).containsText("已被新版本取代");
        HeadlessChromium.screenshot(clinic, screenshots.resolve("portal-report-earlier.png"));
        clinic.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("显示第 2 版")).click();
        assertThat(check).hasAttribute("data-outcome", "VALID_CURRENT");
    }

    @Test
    @Order(4)
    void theDownloadedPdfIsTheSignedOneAndPdfsigVerifiesIt() throws Exception {
        Download d = clinic.waitForDownload(() -> clinic.getByTestId("document-AUTHOR").getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("下载 PDF：报告医师签名")).click());
        assertThat(d.suggestedFilename()).isEqualTo("report-" + corrected + "-v2.pdf");
        Path file = data.resolve("downloaded.pdf");
        d.saveAs(file);
        downloaded = Files.readAllBytes(file);
        Response served = api.signIn("fx.clerk").get("/api/reports/" + corrected + "/versions/2/pdf");
        assertThat(downloaded).as("the bytes the centre signed").isEqualTo(served.bytes());
        assertThat(served.header("X-Report-Current")).isEqualTo("true");

        List<String> signatures = pdfsig(file);
        assertThat(signatures).filteredOn(s -> s.contains("Common Name: 赵医生") && s.contains("SHA-256")).singleElement().asString()
                .contains("Signature is Valid.").contains("Certificate is Trusted.").contains("Total document signed");
        byte[] changed = changedByte(downloaded);
        Path broken = data.resolve("changed.pdf");
        Files.write(broken, changed);
        assertThat(pdfsig(broken)).as("pdfsig sees the changed byte").allSatisfy(s -> assertThat(s).doesNotContain("Signature is Valid."));
    }

    @Test
    @Order(5)
    void aPdfUploadedOnThePortalIsCheckedByTheCentre() {
        clinic.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("返回报告列表").setExact(false)).click();
        clinic.waitForURL("**/portal");
        Locator file = clinic.getByTestId("verify-file");
        Locator result = clinic.locator(".verify-upload .verification");
        file.setInputFiles(new FilePayload("report.pdf", "application/pdf", downloaded));
        assertThat(result).hasAttribute("data-outcome", "VALID_CURRENT");
        assertThat(result).containsText("第 2 版");
        file.setInputFiles(new FilePayload("changed.pdf", "application/pdf", changedByte(downloaded)));
        assertThat(result).hasAttribute("data-outcome", "MODIFIED");
        assertThat(result).containsText("文件在签名后被改动");
        HeadlessChromium.screenshot(clinic, screenshots.resolve("portal-verify.png"));
    }

    @Test
    @Order(6)
    void aUserOfAnotherFacilitySeesNoneOfIt() throws Exception {
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Page other = signIn("fz.clerk", errors);
        other.waitForURL("**/portal");
        Locator rows = other.getByTestId("reports").locator("tbody tr");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-report", String.valueOf(otherFacilitys));
        assertThat(other.getByTestId("critical-banner")).hasCount(0);
        // fx's PDF, uploaded by fz: not one of "ours" for fz, with nothing about the report
        other.getByTestId("verify-file").setInputFiles(new FilePayload("report.pdf", "application/pdf", downloaded));
        assertThat(other.locator(".verify-upload .verification")).hasAttribute("data-outcome", "NOT_OURS");
        assertThat(other.locator(".verify-upload .verification")).not().containsText("第 2 版");

        other.navigate(base() + "/portal/reports/" + corrected);
        assertThat(other.locator("h1")).hasText("报告 " + corrected + " 不存在或无权查看");
        other.navigate(base() + "/portal/critical");
        assertThat(other.getByTestId("empty")).hasText("没有待确认的危急值");
        other.navigate(base() + "/portal/qc");
        assertThat(other.getByTestId("empty")).hasText("没有被退回的检查");
        // the one error: the browser's own line for the report's 404
        assertThat(errors).singleElement().asString().contains("404").contains("/api/reports/" + corrected);
        other.context().close();

        Session fz = api.signIn("fz.clerk");
        for (String p : List.of("/api/reports/" + corrected, "/api/reports/" + corrected + "/versions/1",
                "/api/reports/" + corrected + "/versions/2/pdf", "/api/reports/" + critical, "/api/critical-values/" + notification)) {
            assertThat(fz.get(p).status()).as(p).isEqualTo(404);
        }
        assertThat(fz.post("/api/critical-values/" + notification + "/acknowledge", "{}").status()).isEqualTo(404);
        assertThat(fz.get("/api/critical-values/summary").body()).isEqualTo("{\"open\":0,\"late\":0}");
        assertThat(fz.get("/api/facilities/fx/qc-returns").status()).as("asking for another facility's").isEqualTo(403);
    }

    @Test
    @Order(7)
    void theBannerStaysOnEveryPageUntilANamedUserAcknowledges() throws Exception {
        clinic.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("质控退回")).click();
        clinic.waitForURL("**/portal/qc");
        Locator banner = clinic.getByTestId("critical-banner");
        assertThat(banner).containsText("危急值：1 条待确认");
        banner.getByRole(AriaRole.LINK).focus();
        clinic.keyboard().press("Enter");
        clinic.waitForURL("**/portal/critical");
        Locator item = clinic.locator("li[data-critical='" + notification + "']");
        assertThat(item.locator(".summary")).hasText("右侧张力性气胸。");
        assertThat(item.locator("h2")).containsText("张力性气胸 / 大量气胸");  // the line's category, by name
        assertThat(item.locator(".badge")).hasText("待确认");
        assertThat(item).containsText("剩余");
        assertThat(item.getByRole(AriaRole.LINK)).hasAttribute("href", "/portal/reports/" + critical);
        item.getByLabel("已告知的临床医生").fill("值班医生 刘医生");
        item.getByLabel("备注").fill("已电话通知");
        HeadlessChromium.screenshot(clinic, screenshots.resolve("portal-critical.png"));
        item.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("确认已接收")).click();

        assertThat(banner).hasCount(0);
        assertThat(clinic.getByTestId("empty")).hasText("没有待确认的危急值");
        assertThat(clinic.locator(".message.info").last()).containsText("已确认，确认人：钱护士");
        clinic.getByLabel("显示已确认的").check();
        assertThat(item.getByTestId("acknowledgement")).containsText("钱护士（fx.clerk）");
        assertThat(item.getByTestId("acknowledgement")).containsText("已告知 值班医生 刘医生");
        HeadlessChromium.screenshot(clinic, screenshots.resolve("portal-critical-acknowledged.png"));

        JsonNode n = json(api.call(ApiClient.ADMIN, "GET", "/api/critical-values/" + notification, null));
        assertThat(n.get("state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(n.get("acknowledgement").get("username").asString()).isEqualTo("fx.clerk");
        assertThat(n.get("acknowledgement").get("name").asString()).isEqualTo("钱护士");
        assertThat(n.get("acknowledgement").get("informedClinician").asString()).isEqualTo("值班医生 刘医生");
        assertThat(n.get("acknowledgement").get("note").asString()).isEqualTo("已电话通知");
        // another page: still gone
        clinic.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("机构报告")).click();
        clinic.waitForURL("**/portal");
        assertThat(clinic.getByTestId("reports")).isVisible();
        assertThat(banner).hasCount(0);
    }

    @Test
    @Order(8)
    void theQcReturnsAreListedWithTheirReasonAndTheReadIsRecorded() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        clinic.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("质控退回")).click();
        Locator row = clinic.locator("tr[data-study='7.1.3']");
        assertThat(row.locator(".qc-reason")).hasText("摆位不当");
        assertThat(row.locator(".qc-text")).hasText("肩胛骨未拉开，请重新摆位拍摄");
        assertThat(clinic.getByTestId("qc-returns").locator("tbody tr")).hasCount(1);
        HeadlessChromium.screenshot(clinic, screenshots.resolve("portal-qc.png"));

        clinic.getByLabel("语言").selectOption("en");
        assertThat(row.locator(".qc-reason")).hasText("Positioning");
        assertThat(clinic.locator("h1")).hasText("Returned for quality control");
        clinic.getByLabel("Language").selectOption("zh-CN");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        boolean recorded = false;
        while (!recorded && System.nanoTime() < deadline) {
            for (JsonNode e : json(api.call(ApiClient.ADMIN, "GET", "/api/admin/access-log?user=fx.clerk&from=" + start, null))) {
                recorded |= e.get("path").asString().equals("/api/facilities/fx/qc-returns") && e.get("action").asString().equals("API_WORKLIST");
            }
            Thread.sleep(200);
        }
        assertThat(recorded).as("the QC returns (patients) read is in the access log").isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private Page signIn(String user, List<String> errors) {
        Page p = browser.page(new Browser.NewContextOptions().setViewportSize(1280, 900).setAcceptDownloads(true), errors);
        WorkstationBrowser.signIn(p, base(), user, user + "-password");
        return p;
    }

    private Locator report(long id) {
        return clinic.locator("tr[data-report='" + id + "']");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** A DX study of the facility's patient, ready: its task id. */
    private long study(String uid, String facility, String patient) throws Exception {
        store.store(ApiClient.instance(uid, facility, "DX", DX, patient), TestStreams.content(uid.hashCode(), 2000));
        store.catalog().markReady(uid, "STOW_RS");
        return api.awaitTask(uid);
    }

    /** Claims the task, writes a chest DR report and signs it (FINAL: no countersign policy); the report's id. */
    private long signedReport(Session reader, long task, String impression, boolean critical) throws Exception {
        assertThat(reader.post("/api/tasks/" + task + "/claim", null).status()).isEqualTo(200);
        Response created = reader.post("/api/tasks/" + task + "/report", "{\"templateId\":\"dr-chest-pa\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = json(created).get("id").asLong();
        save(reader, id, json(created).get("version").get("draftRevision").asInt(), impression, critical);
        sign(reader, id);
        assertThat(reader.post("/api/tasks/" + task + "/complete", null).status()).isEqualTo(200);
        return id;
    }

    private static void save(Session reader, long id, int revision, String impression, boolean critical) throws Exception {
        Response saved = reader.put("/api/reports/" + id + "/draft", "{\"baseRevision\":" + revision + ",\"findings\":\"两肺纹理清晰。\","
                + "\"impression\":\"" + impression + "\",\"fields\":{\"projection\":\"PA\",\"imageQuality\":\"GOOD\"}"
                + (critical ? ",\"critical\":true,\"criticalCategory\":\"PNEUMOTHORAX_TENSION\"" : "") + "}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    private static void sign(Session reader, long id) throws Exception {
        Response signed = reader.post("/api/reports/" + id + "/sign", null);
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        assertThat(json(signed).get("state").asString()).isEqualTo("FINAL");
    }

    private static JsonNode json(Response r) {
        return JSON.readTree(r.body());
    }

    /** One byte of the binary comment after the header changed (ISO 32000-2 §7.5.2): in the signed range, still a PDF. */
    private static byte[] changedByte(byte[] pdf) {
        byte[] changed = pdf.clone();
        int at = new String(changed, StandardCharsets.ISO_8859_1).indexOf("\n%") + 2;
        assertThat(changed[at] & 0xff).isGreaterThanOrEqualTo(0x80);
        changed[at] ^= 0x01;
        return changed;
    }

    /** pdfsig's verdict per signature (see {@link PdfTools#signatures}); none at all is a failure here. */
    private List<String> pdfsig(Path file) throws Exception {
        List<String> blocks = poppler.signatures(file);
        assertThat(blocks).as("pdfsig found signatures").isNotEmpty();
        return blocks;
    }
}
