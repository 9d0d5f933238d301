package org.rdc.app.workstation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdc.app.ApiClient;
import org.rdc.app.ApiClient.Response;
import org.rdc.app.RdcApplication;
import org.rdc.app.ecg.Testdata;
import org.rdc.ecg.http.EcgHttpServer;
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
 * Screen 7, administration, in Debian's Chromium against the real application: the administrator signs in with the
 * form, creates a facility with two devices and an API key made in the browser and shown once (the ECG cart then
 * uploads with it; the centre never answers it back), creates users with roles (the facility's user then signs in
 * to the portal), disables one, sees the SLA matrix the centre runs with and changes a cell of it from the keyboard,
 * and adds a template version. Any console
 * or page error fails a test. Screenshots: target/screenshots, copies in docs/workstation/.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminScreensTest {

    static final Path data = ApiClient.dataDirectory("rdc-admin-screens");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.port", () -> "0");
        registry.add("rdc.worklist.sla", () -> "ECG.STAT=15");
    }

    @RegisterExtension
    final WorkstationBrowser browser = new WorkstationBrowser();
    @LocalServerPort
    int port;
    @Autowired
    EcgHttpServer ecg;

    private ApiClient api;
    private final Path screenshots = Path.of("target", "screenshots");
    private final HttpClient http = HttpClient.newHttpClient();
    private Page page;
    private String apiKey;

    @BeforeAll
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    @Order(1)
    void theAdministratorOpensAdministrationFromTheNavigation() {
        page = signIn(ApiClient.ADMIN, ApiClient.PASSWORD);
        page.waitForURL("**/worklist/RADIOLOGY");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("系统管理")).click();
        page.waitForURL("**/admin");
        assertThat(page.locator("h1")).hasText("系统管理");
        assertThat(page.locator(".tabs a")).hasText(new String[] {"机构与设备", "用户与角色", "时限矩阵 (SLA)", "报告模板"});
        assertThat(page.locator(".tabs a[aria-current='page']")).hasText("机构与设备");
    }

    @Test
    @Order(2)
    void aFacilityWithDevicesIsCreatedAndItsApiKeyIsShownOnceAndWorks() throws Exception {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("新建机构")).click();
        Locator form = page.getByTestId("facility-form");
        assertThat(form.getByLabel("机构 ID")).isFocused();
        page.keyboard().type("zhushan");
        form.getByLabel("名称", new Locator.GetByLabelOptions().setExact(true)).fill("珠山镇中心卫生院");
        form.getByLabel("AE 名称").first().fill("ZHUSHAN_PACS");
        form.getByLabel("主机").fill("127.0.0.1");
        form.getByLabel("端口").fill("11113");
        Locator add = form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("添加设备"));
        add.click();
        add.click();
        Locator dr = form.locator(".device-row[data-device='0']");
        Locator cart = form.locator(".device-row[data-device='1']");
        dr.getByLabel("AE 名称").fill("ZHUSHAN_DR");
        dr.getByLabel("类型").selectOption("DX");
        dr.getByLabel("允许的来源地址").fill("10.20.1.7, 10.20.1.8");
        cart.getByLabel("AE 名称").fill("ZHUSHAN_ECG");
        cart.getByLabel("类型").selectOption("ECG");
        cart.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("生成 API 密钥")).click();
        Locator key = cart.getByTestId("api-key");
        assertThat(key).hasText(java.util.regex.Pattern.compile("^[0-9a-f]{40}$"));
        apiKey = key.textContent();
        assertThat(form.locator(".key-warning")).containsText("只显示这一次");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("保存")).click();

        assertThat(page.locator(".message.info").last()).containsText("机构 zhushan 已保存");
        Locator row = page.locator("tr[data-facility='zhushan']");
        assertThat(row).containsText("珠山镇中心卫生院");
        assertThat(row.locator(".device[data-ae='ZHUSHAN_ECG']")).containsText("已设 API 密钥");
        assertThat(row.locator(".device[data-ae='ZHUSHAN_DR']")).containsText("10.20.1.7 10.20.1.8");
        assertThat(row).containsText("ZHUSHAN_PACS@127.0.0.1:11113");
        assertThat(key).hasText(apiKey);
        HeadlessChromium.screenshot(page, screenshots.resolve("admin-facilities.png"));

        Response stored = api.call(ApiClient.ADMIN, "GET", "/api/admin/facilities/zhushan", null);
        assertThat(stored.body()).as("the key is never answered").doesNotContain(apiKey).contains("\"apiKeySet\":true");
        JsonNode devices = JSON.readTree(stored.body()).get("devices");
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).get("hosts").toString()).isEqualTo("[\"10.20.1.7\",\"10.20.1.8\"]");

        // the cart uploads with the key; a wrong one is refused
        HttpResponse<String> upload = upload(apiKey);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        assertThat(JSON.readTree(upload.body()).get("facilityId").asString()).isEqualTo("zhushan");
        assertThat(upload("0".repeat(40).replace("0000", "0a1b")).statusCode()).isEqualTo(401);

        // shown once: the edit form of the saved facility has the key set, not shown
        page.reload();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("编辑机构 zhushan")).click();
        assertThat(page.getByTestId("facility-form").getByTestId("api-key")).hasCount(0);
        assertThat(page.getByTestId("facility-form").locator(".device-row[data-device='1']")).containsText("已设 API 密钥");
        assertThat(page.content()).doesNotContain(apiKey);
        // an edit that leaves the key alone keeps it
        page.getByTestId("facility-form").getByLabel("名称", new Locator.GetByLabelOptions().setExact(true)).fill("珠山镇卫生院");
        page.getByTestId("facility-form").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("保存")).click();
        assertThat(page.locator("tr[data-facility='zhushan']")).containsText("珠山镇卫生院");
        assertThat(upload(apiKey).statusCode()).as("the same ECG again, with the kept key").isEqualTo(200);
    }

    @Test
    @Order(3)
    void usersAreCreatedWithRolesAndAFacilityUserSignsInToThePortal() throws Exception {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("用户与角色")).click();
        page.waitForURL("**/admin/users");
        assertThat(page.locator("nav a[aria-current='page']")).hasText(new String[] {"系统管理", "用户与角色"});
        createUser("li.reader", "李医生", List.of("诊断医师"), List.of("放射", "心电"), null, true);
        createUser("wang.clinic", "王护士", List.of("机构用户"), List.of(), "zhushan", false);
        Locator reader = page.locator("tr[data-user='li.reader']");
        assertThat(reader.locator(".roles")).containsText("诊断医师");
        assertThat(reader.locator(".roles")).containsText("报告须经审核");
        assertThat(reader).containsText("放射、心电");
        assertThat(page.locator("tr[data-user='wang.clinic']")).containsText("zhushan");
        HeadlessChromium.screenshot(page, screenshots.resolve("admin-users.png"));

        JsonNode li = JSON.readTree(api.call(ApiClient.ADMIN, "GET", "/api/admin/users/li.reader", null).body());
        assertThat(li.get("roles").toString()).isEqualTo("[\"READER\"]");
        assertThat(li.get("serviceLines").toString()).contains("RADIOLOGY").contains("ECG").doesNotContain("ULTRASOUND");
        assertThat(li.get("requiresCountersign").asBoolean()).isTrue();
        assertThat(li.get("displayName").asString()).isEqualTo("李医生");

        Page clinic = signIn("wang.clinic", "wang.clinic-password");
        clinic.waitForURL("**/portal");
        assertThat(clinic.locator("nav a")).hasText(new String[] {"机构报告", "危急值", "质控退回"});
        clinic.context().close();

        // disabled: no longer signs in
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("编辑用户 wang.clinic")).click();
        page.getByTestId("user-form").getByLabel("启用", new Locator.GetByLabelOptions().setExact(true)).uncheck();
        page.getByTestId("user-form").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("保存")).click();
        assertThat(page.locator("tr[data-user='wang.clinic']")).containsText("已停用");
        assertThat(api.call("wang.clinic", "GET", "/api/session", null).status()).isEqualTo(401);
        assertThat(api.call("li.reader", "GET", "/api/admin/users", null).status()).as("only administrators").isEqualTo(403);
    }

    @Test
    @Order(4)
    void theSlaMatrixIsTheOneTheCentreRunsWithAndACellIsChangedFromTheKeyboard() throws Exception {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("时限矩阵 (SLA)")).click();
        page.waitForURL("**/admin/sla");
        Locator sla = page.getByTestId("sla");
        assertThat(sla.locator("tr[data-line='ECG'] td[data-priority='STAT'] .sla-saved")).hasText("15 分钟");
        assertThat(sla.locator("tr[data-line='RADIOLOGY'] td[data-priority='STAT'] .sla-saved")).hasText("30 分钟");
        assertThat(sla.locator("tr[data-line='RADIOLOGY'] td[data-priority='INPATIENT'] .sla-saved")).hasText("2 小时");
        assertThat(sla.locator("tr[data-line='ULTRASOUND'] td[data-priority='CHECKUP'] .sla-saved")).hasText("1 天");
        assertThat(api.call(ApiClient.ADMIN, "GET", "/api/admin/sla", null).body()).contains("\"ECG\":{\"STAT\":15,");
        assertThat(api.call("li.reader", "GET", "/api/admin/sla", null).status()).isEqualTo(403);

        // every cell is a number input with its own label; Tab goes along the row
        Locator ecgStat = page.getByLabel("心电，急诊：分钟数");
        assertThat(ecgStat).hasValue("15");
        ecgStat.focus();
        page.keyboard().press("Tab");
        assertThat(page.getByLabel("心电，住院：分钟数")).isFocused();
        assertThat(page.getByLabel("心电，住院：分钟数")).hasValue("60");

        // a number the centre would refuse is caught on the screen, with the cell named, and nothing is sent
        ecgStat.focus();
        page.keyboard().press("Control+A");
        page.keyboard().type("0");
        page.keyboard().press("Enter");
        assertThat(page.locator(".message.error").last()).containsText("心电，急诊：请输入 1 到 43200（30 天）之间的整数分钟数");
        assertThat(ecgStat).isFocused();
        assertThat(ecgStat).hasAttribute("aria-invalid", "true");
        assertThat(api.call(ApiClient.ADMIN, "GET", "/api/admin/sla/changes", null).body()).isEqualTo("[]");

        page.keyboard().press("Control+A");
        page.keyboard().type("20");
        page.keyboard().press("Enter");
        assertThat(page.locator(".message.info").last()).containsText("时限矩阵已保存（1 项修改）");
        assertThat(sla.locator("tr[data-line='ECG'] td[data-priority='STAT'] .sla-saved")).hasText("20 分钟");
        assertThat(ecgStat).not().hasAttribute("aria-invalid", "true");
        Response after = api.call(ApiClient.ADMIN, "GET", "/api/admin/sla", null);
        assertThat(after.body()).contains("\"ECG\":{\"STAT\":20,\"INPATIENT\":60,").contains("\"RADIOLOGY\":{\"STAT\":30,");
        JsonNode changes = api.call(ApiClient.ADMIN, "GET", "/api/admin/sla/changes", null).json();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("actor").asString()).isEqualTo(ApiClient.ADMIN);
        assertThat(changes.get(0).get("oldMinutes").asLong()).isEqualTo(15);
        assertThat(changes.get(0).get("newMinutes").asLong()).isEqualTo(20);
        HeadlessChromium.screenshot(page, screenshots.resolve("admin-sla.png"));

        // saving again without a change sends nothing
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("保存")).click();
        assertThat(page.locator(".message.info").last()).containsText("没有修改，无需保存");
        assertThat(api.call(ApiClient.ADMIN, "GET", "/api/admin/sla/changes", null).json()).hasSize(1);
    }

    @Test
    @Order(5)
    void aTemplateGetsANewVersion() throws Exception {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("报告模板")).click();
        page.waitForURL("**/admin/templates");
        Locator row = page.locator("tr[data-template='dr-chest-pa']");
        assertThat(row.locator(".version")).hasText("1");
        row.getByRole(AriaRole.BUTTON).click();
        Locator form = page.getByTestId("template-form");
        Locator definition = form.getByLabel("模板定义 (JSON)");
        String text = definition.inputValue();
        assertThat(JSON.readTree(text).get("version").asInt()).as("the next version, ready to edit").isEqualTo(2);

        definition.fill(text.replace("\"nameZh\"", "\"nameZh"));  // broken JSON: said in the form, nothing sent
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("保存为新版本")).click();
        assertThat(form.locator(".form-error")).containsText("JSON 格式错误");
        definition.fill(text.replace("\"胸部正位 DR\"", "\"胸部正位 DR（2026 版）\""));
        HeadlessChromium.screenshot(page, screenshots.resolve("admin-templates.png"));
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("保存为新版本")).click();
        assertThat(page.locator(".message.info").last()).containsText("模板 dr-chest-pa 第 2 版已保存");
        assertThat(row.locator(".version")).hasText("2");
        assertThat(row).containsText("胸部正位 DR（2026 版）");

        JsonNode latest = JSON.readTree(api.call(ApiClient.ADMIN, "GET", "/api/report-templates/dr-chest-pa", null).body());
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("nameZh").asString()).isEqualTo("胸部正位 DR（2026 版）");
        assertThat(JSON.readTree(api.call(ApiClient.ADMIN, "GET", "/api/report-templates/dr-chest-pa/versions", null).body())).hasSize(2);
    }

    // ------------------------------------------------------------------ helpers

    private void createUser(String username, String name, List<String> roles, List<String> lines, String facility, boolean countersign) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("新建用户")).click();
        Locator form = page.getByTestId("user-form");
        assertThat(form.getByLabel("用户名")).isFocused();
        page.keyboard().type(username);
        form.getByLabel("姓名").fill(name);
        form.getByLabel("密码（至少 8 位）").fill(username + "-password");
        for (String r : roles) {
            form.getByLabel(r, new Locator.GetByLabelOptions().setExact(true)).check();
        }
        for (String l : lines) {
            form.getByLabel(l, new Locator.GetByLabelOptions().setExact(true)).check();
        }
        if (facility != null) {
            form.getByLabel("所属机构").selectOption(facility);
        }
        if (countersign) {
            form.getByLabel("报告须经审核").check();
        }
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("保存")).click();
        assertThat(page.locator(".message.info").last()).containsText("用户 " + username + " 已保存");
        assertThat(page.locator("tr[data-user='" + username + "']")).containsText(name);
    }

    private Page signIn(String user, String password) {
        Page p = browser.page(1280, 900);
        WorkstationBrowser.signIn(p, "http://127.0.0.1:" + port, user, password);
        return p;
    }

    private HttpResponse<String> upload(String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ecg.port() + "/api/ecg"))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofByteArray(Testdata.bytes("ecg/ecgtoolkit/Example.scp")))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
