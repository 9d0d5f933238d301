package org.rdc.app.workstation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdc.app.DemoEcgDoor;
import org.rdc.app.PdfTools;
import org.rdc.app.RdcApplication;
import org.rdc.app.ecg.Testdata;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.reports.signing.KeyStoreDirectory;
import org.rdc.test.HeadlessChromium;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The report editor of the browser workstation (issue 13, screen 5) in Debian's Chromium against the real
 * application: studies pushed with dcmtk's storescu and an ECG uploaded over HTTP become tasks; a reader claims one,
 * takes the template chosen from the study, fills the fields by keyboard, inserts a phrase, and the autosaved draft
 * survives a reload; signing (Ctrl+Enter) shows the signed PDF's preview and the PDF verifies with poppler's pdfsig;
 * a senior reader countersigns from the queue and returns another report; a STAT study is released as preliminary;
 * a study goes back to the township for QC with a reason and another to the consultants with a note; an ECG report
 * starts with the automatic analysis' values. The demo facility's policy requires a countersignature for radiology.
 * Any console or page error fails the test. Screenshots: target/screenshots (copies in docs/workstation/).
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportEditorTest {

    static final Path data;

    static {
        try {
            data = Files.createTempDirectory("rdc-report-editor");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String ADMIN_PASSWORD = "report-editor-admin";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.demo", () -> "true");
        registry.add("rdc.admin.user", () -> "admin");
        registry.add("rdc.admin.password", () -> ADMIN_PASSWORD);
        registry.add("rdc.security.bcrypt-strength", () -> "4");
        registry.add("rdc.dicom.port", () -> "0");
        registry.add("rdc.dicom.bind-address", () -> "127.0.0.1");
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.port", () -> "0");
        registry.add("rdc.worklist.poll-interval", () -> "100ms");
        registry.add("rdc.worklist.facilities", () -> "demo:quiet=1s,priority=OUTPATIENT");
        registry.add("rdc.reports.policy", () -> "demo:countersign=RADIOLOGY");
    }

    @RegisterExtension
    final WorkstationBrowser browser = new WorkstationBrowser();
    @LocalServerPort
    int port;
    @Autowired
    DicomGateway gateway;
    @Autowired
    EcgHttpServer ecg;
    @Autowired
    KeyStoreDirectory keys;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Path screenshots = Path.of("target", "screenshots");
    private Path testdata;
    private PdfTools poppler;
    private Page reader;
    private String chest;
    private long chestReport;

    @BeforeAll
    void setUp() throws Exception {
        Requires.dcmtk("storescu");
        Requires.dcmtk("dcmodify");
        Requires.program("pdfsig", "poppler-utils");
        Requires.program("pdftoppm", "poppler-utils");
        Requires.program("certutil", "libnss3-tools");
        testdata = Requires.testdata();
        poppler = new PdfTools(data, keys);
        user("li.reader", "李医生", "\"READER\"", "\"RADIOLOGY\",\"ECG\"");
        user("chen.senior", "陈主任", "\"SENIOR_READER\"", "\"RADIOLOGY\"");
        chest = push("王^建国", "P-2001", "胸部正位", null);
    }

    @Test
    @Order(1)
    void aReaderTakesTheStudysTemplateFillsItByKeyboardAndTheDraftSurvivesAReload() throws Exception {
        long task = taskId(chest, "RADIOLOGY");
        reader = signIn("li.reader", "**/worklist/RADIOLOGY");
        claimTask(reader, task);

        // the template the centre chose from the study (DX, "胸部正位"), confirmed from the keyboard
        Locator template = reader.getByLabel("报告模板");
        assertThat(template).hasValue("dr-chest-pa");
        template.focus();
        reader.keyboard().press("Tab");
        assertThat(reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("开始书写报告"))).isFocused();
        reader.keyboard().press("Enter");

        // structured fields in their order, by keyboard: a choice with the arrow key, a number typed
        Locator projection = reader.getByLabel("投照体位");
        assertThat(projection).isVisible();
        projection.focus();
        reader.keyboard().press("ArrowDown");
        assertThat(projection).hasValue("PA");
        reader.keyboard().press("Tab");
        assertThat(reader.getByLabel("图像质量")).isFocused();
        reader.keyboard().press("ArrowDown");
        assertThat(reader.getByLabel("图像质量")).hasValue("GOOD");
        reader.keyboard().press("Tab");
        assertThat(reader.getByLabel("心胸比")).isFocused();
        reader.keyboard().type("0.48");

        // findings start from the template's normal text; a phrase goes in where the caret is (Alt+P, arrow, Enter)
        Locator findings = section("检查所见");
        assertThat(findings).hasValue(java.util.regex.Pattern.compile("^胸廓对称.*"));
        findings.focus();
        reader.keyboard().press("Control+End");
        reader.keyboard().type("右肺下野心缘旁见小片状影。");
        reader.keyboard().press("Alt+p");
        assertThat(reader.locator("#phrases-findings button").first()).isFocused();
        reader.keyboard().press("ArrowDown");
        reader.keyboard().press("Enter");
        assertThat(findings).isFocused();
        assertThat(findings).hasValue(java.util.regex.Pattern.compile(".*右肺下野心缘旁见小片状影。右下肺野见斑片状模糊影，边界不清。$"));
        reader.keyboard().press("Tab");
        Locator impression = section("诊断意见");
        assertThat(impression).isFocused();
        reader.keyboard().press("Control+a");
        reader.keyboard().type("右下肺炎症，请结合临床。");

        assertThat(reader.locator("#report-save-state")).hasAttribute("data-state", "saved", waitUpTo(10));
        HeadlessChromium.screenshot(reader, screenshots.resolve("report-editor.png"));
        chestReport = json.readTree(admin("GET", "/api/tasks/" + task + "/report", null, 200)).get("id").asLong();

        // closing the page gives the task back; what was typed is on the server
        reader.reload();
        awaitState(task, "SCHEDULED");
        reader.reload();
        assertThat(reader.locator(".report-read")).containsText("右下肺炎症，请结合临床。");
        claim(reader);
        assertThat(section("诊断意见")).hasValue("右下肺炎症，请结合临床。");
        assertThat(section("检查所见")).hasValue(java.util.regex.Pattern.compile(".*右下肺野见斑片状模糊影，边界不清。$"));
        assertThat(reader.getByLabel("投照体位")).hasValue("PA");
        assertThat(reader.getByLabel("心胸比")).hasValue("0.48");
        JsonNode saved = json.readTree(admin("GET", "/api/reports/" + chestReport, null, 200)).get("version");
        assertThat(saved.get("fields").get("cardiothoracicRatio").asDouble()).isEqualTo(0.48);
        assertThat(saved.get("state").asText()).isEqualTo("DRAFT");
    }

    @Test
    @Order(2)
    void signingByShortcutShowsThePdfWhichPdfsigVerifies() throws Exception {
        long task = taskId(chest, "RADIOLOGY");
        section("诊断意见").focus();
        reader.keyboard().press("Control+Enter");
        assertThat(reader.getByTestId("report-state")).hasAttribute("data-state", "SIGNED", waitUpTo(30));
        assertThat(reader.locator(".report-read")).containsText("李医生");
        Locator preview = reader.locator("[data-testid=pdf-preview] img");
        assertThat(reader.getByTestId("pdf-preview")).hasAttribute("data-role", "AUTHOR");
        awaitImage(preview);
        HeadlessChromium.screenshot(reader, screenshots.resolve("report-signed.png"));
        awaitState(task, "AWAITING_COUNTERSIGN");

        Path pdf = pdf(chestReport, 1, "report-signed.pdf");
        List<String> signatures = poppler.signatures(pdf);
        assertThat(signatures).as("the author's PAdES signature").anySatisfy(s -> assertThat(s)
                .contains("Signature Type: ETSI.CAdES.detached")
                .contains("Signature Validation: Signature is Valid.")
                .contains("Certificate Validation: Certificate is Trusted.")
                .contains("李医生"));
        exec(List.of("pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", pdf.toString(),
                screenshots.resolve("report-signed-pdf").toString()));
    }

    @Test
    @Order(3)
    void aSeniorReaderCountersignsFromTheQueue() throws Exception {
        long task = taskId(chest, "RADIOLOGY");
        Page senior = claimFromCountersignQueue(chest, "王建国", task);
        Locator read = senior.locator(".countersign");
        assertThat(read).containsText("右下肺炎症，请结合临床。");
        assertThat(read).containsText("待审核");
        awaitImage(senior.locator("[data-testid=pdf-preview] img"));
        HeadlessChromium.screenshot(senior, screenshots.resolve("report-countersign.png"));

        assertThat(senior.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("审核签名 (Ctrl+Enter)"))).isEnabled();
        senior.keyboard().press("Control+Enter");
        assertThat(senior.getByTestId("report-state")).hasAttribute("data-state", "FINAL", waitUpTo(30));
        assertThat(senior.getByTestId("pdf-preview")).hasAttribute("data-role", "VERIFIER");
        assertThat(senior.locator(".report-read")).containsText("陈主任");
        awaitState(task, "COMPLETED");

        List<String> signatures = poppler.signatures(pdf(chestReport, 1, "report-countersigned.pdf"));
        List<String> valid = signatures.stream().filter(s -> s.contains("ETSI.CAdES.detached") && s.contains("Signature is Valid.")).toList();
        assertThat(valid).as("author's and verifier's PAdES signatures: " + signatures).hasSize(2);
        // pdfsig lists the fields in form order, where the verifier's line was reserved first
        assertThat(valid).anySatisfy(s -> assertThat(s).contains("Signer Certificate Common Name: 陈主任").contains("Total document signed"));
        assertThat(valid).anySatisfy(s -> assertThat(s).contains("Signer Certificate Common Name: 李医生"));
        senior.context().close();
    }

    @Test
    @Order(4)
    void thePriorReportIsBesideTheNewOneAndASeniorReturnsASignedReport() throws Exception {
        String followUp = push("王^建国", "P-2001", "胸部正位 复查", null);
        long task = taskId(followUp, "RADIOLOGY");
        claimTask(reader, task);
        assertThat(reader.getByTestId("prior-impression")).hasText("右下肺炎症，请结合临床。");
        writeChestReport("ADEQUATE", "右下肺炎症较前吸收。");
        HeadlessChromium.screenshot(reader, screenshots.resolve("report-prior.png"));
        signForCountersign(task);

        Page senior = signIn("chen.senior", "**/worklist/RADIOLOGY");
        claimTask(senior, task);
        senior.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("退回修改")).click();
        Locator reason = senior.getByLabel("需要修改的内容");
        assertThat(reason).isFocused();
        senior.keyboard().type("请描述与前片的对比，补充心胸比。");
        senior.keyboard().press("Tab");
        senior.keyboard().press("Enter");
        senior.waitForURL("**/countersign/RADIOLOGY");
        awaitState(task, "SCHEDULED");
        senior.context().close();

        JsonNode report = json.readTree(admin("GET", "/api/tasks/" + task + "/report", null, 200));
        assertThat(report.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(report.get("currentVersion").isNull()).as("nothing released").isTrue();
        assertThat(report.get("version").get("state").asText()).isEqualTo("DRAFT");
        assertThat(report.get("version").get("follows").asInt()).isEqualTo(1);
        assertThat(report.get("versions").get(0).get("state").asText()).as("the returned version stays signed").isEqualTo("SIGNED");

        // the reader claims it again and corrects version 2, told why
        claimTask(reader, task);
        assertThat(reader.getByTestId("version-reason")).containsText("请描述与前片的对比，补充心胸比。");
        assertThat(section("诊断意见")).hasValue("右下肺炎症较前吸收。");
        reader.keyboard().press("Escape");
        reader.waitForURL("**/worklist/RADIOLOGY");
        awaitState(task, "SCHEDULED");
    }

    @Test
    @Order(5)
    void aStatStudyIsReleasedAsPreliminary() throws Exception {
        String stat = push("李^娜", "P-2002", "胸部正位 急诊", "STAT");
        long task = taskId(stat, "RADIOLOGY");
        claimTask(reader, task);
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("开始书写报告")).click();
        reader.getByLabel("投照体位").selectOption("AP");
        reader.getByLabel("图像质量").selectOption("GOOD");
        reader.getByLabel("气胸").selectOption("true");
        section("诊断意见").fill("右侧气胸，肺组织压缩约 30%。");
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("发布初步报告")).click();
        assertThat(reader.getByTestId("pdf-preview")).hasAttribute("data-role", "PRELIMINARY", waitUpTo(30));
        awaitImage(reader.locator("[data-testid=pdf-preview] img"));
        assertThat(reader.locator(".template-name .badge.preliminary")).hasText("初步报告");
        // still the reader's to finish: the editor stays open
        assertThat(section("诊断意见")).isEditable();
        HeadlessChromium.screenshot(reader, screenshots.resolve("report-preliminary.png"));
        JsonNode v = json.readTree(admin("GET", "/api/tasks/" + task + "/report", null, 200)).get("version");
        assertThat(v.get("state").asText()).isEqualTo("PRELIMINARY");
        assertThat(v.get("preliminaryAt").isNull()).isFalse();
        reader.keyboard().press("Escape");
        reader.waitForURL("**/worklist/RADIOLOGY");
    }

    @Test
    @Order(6)
    void aStudyGoesBackToTheTownshipForQcWithItsReason() throws Exception {
        String study = push("赵^敏", "P-2003", "胸部正位", null);
        long task = taskId(study, "RADIOLOGY");
        claimTask(reader, task);
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("退回质控")).click();
        Locator reason = reader.getByLabel("退回原因");
        assertThat(reason).isFocused();
        reason.selectOption("POSITIONING");
        reader.keyboard().press("Tab");
        assertThat(reader.getByLabel("说明")).isFocused();
        reader.keyboard().type("肩胛骨未拉开，请重新摄片。");
        HeadlessChromium.screenshot(reader, screenshots.resolve("report-qc.png"));
        reader.keyboard().press("Tab");
        reader.keyboard().press("Enter");
        reader.waitForURL("**/worklist/RADIOLOGY");
        awaitState(task, "RETURNED_FOR_QC");
        JsonNode t = task(task);
        assertThat(t.get("qcReason").asText()).isEqualTo("POSITIONING");
        assertThat(t.get("qcText").asText()).isEqualTo("肩胛骨未拉开，请重新摄片。");
    }

    @Test
    @Order(7)
    void aHardCaseIsEscalatedWithANote() throws Exception {
        String study = push("孙^丽", "P-2004", "胸部正位", null);
        long task = taskId(study, "RADIOLOGY");
        claimTask(reader, task);
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("申请上级会诊")).click();
        assertThat(reader.getByLabel("给会诊专家的说明")).isFocused();
        reader.keyboard().type("右上肺结节，性质待定，请会诊。");
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提交会诊")).click();
        reader.waitForURL("**/worklist/RADIOLOGY");
        awaitState(task, "ESCALATED");
        assertThat(task(task).get("escalationReason").asText()).isEqualTo("右上肺结节，性质待定，请会诊。");
    }

    @Test
    @Order(8)
    void anEcgReportStartsWithTheAutomaticAnalysis() throws Exception {
        HttpResponse<String> upload = DemoEcgDoor.post(ecg.port(), Testdata.bytes("ecg/philips-sierra/129DYPRG.XML"));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        JsonNode answer = json.readTree(upload.body());
        String study = answer.findValue("studyInstanceUid").asText();
        long task = taskId(study, "ECG");

        claimTask(reader, task);
        assertThat(reader.getByLabel("报告模板")).hasValue("ecg-resting-12");
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("开始书写报告")).click();
        Locator rate = reader.getByLabel("心率");
        assertThat(rate).isVisible();
        JsonNode prefilled = json.readTree(admin("GET", "/api/tasks/" + task + "/report", null, 200)).get("version").get("fields");
        assertThat(prefilled.has("heartRateBpm")).as("pre-filled: " + prefilled).isTrue();
        JsonNode analysed = answer.findValue("heartRateBpm");
        if (analysed != null && analysed.isNumber()) {
            assertThat(prefilled.get("heartRateBpm").asLong()).isEqualTo(Math.round(analysed.asDouble()));
        }
        assertThat(rate).hasValue(prefilled.get("heartRateBpm").asText());
        assertThat(reader.locator("[data-field=heartRateBpm] .badge.prefilled")).hasText("自动分析");
        if (prefilled.has("rhythm")) {
            assertThat(reader.getByLabel("心律")).hasValue(prefilled.get("rhythm").asText());
        }
        HeadlessChromium.screenshot(reader, screenshots.resolve("report-ecg.png"));
        // English is a switch away, the draft untouched
        reader.getByLabel("语言").selectOption("en");
        assertThat(reader.getByLabel("Heart rate")).hasValue(prefilled.get("heartRateBpm").asText());
        assertThat(reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign the report (Ctrl+Enter)"))).isVisible();
        reader.getByLabel("Language").selectOption("zh-CN");
        // the reader changes one: it is no longer marked as the analysis'
        rate.fill("88");
        assertThat(reader.locator("[data-field=heartRateBpm] .badge.prefilled")).hasCount(0);
        assertThat(reader.locator("#report-save-state")).hasAttribute("data-state", "saved", waitUpTo(10));
        assertThat(json.readTree(admin("GET", "/api/tasks/" + task + "/report", null, 200)).get("version").get("fields")
                .get("heartRateBpm").asInt()).isEqualTo(88);
        reader.keyboard().press("Escape");
        reader.waitForURL("**/worklist/**");
    }

    @Test
    @Order(9)
    void theApiKeepsTheEditorsCallsScopedAndRecorded() throws Exception {
        user("clinic.other", null, "\"FACILITY_USER\"", "", ",\"facilityId\":\"th02\"");
        long task = taskId(chest, "RADIOLOGY");
        for (String path : List.of("/api/tasks/" + task + "/report/template", "/api/reports/" + chestReport + "/versions/1/preview/1.png")) {
            assertThat(call("clinic.other", "clinic.other-password", path).statusCode()).as(path).isEqualTo(404);
            assertThat(call("li.reader", "li.reader-password", path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(call("li.reader", "li.reader-password", "/api/reports/" + chestReport + "/versions/1/preview/9.png").statusCode())
                .isEqualTo(404);
        String giveBack = "/api/reports/" + chestReport + "/return";
        assertThat(post("clinic.other", "clinic.other-password", giveBack).statusCode()).isEqualTo(404);
        assertThat(post("li.reader", "li.reader-password", giveBack).statusCode()).as("a reader is no senior").isEqualTo(403);
        assertThat(post("chen.senior", "chen.senior-password", giveBack).statusCode()).as("FINAL: nothing to return").isEqualTo(409);
        for (String path : List.of("/api/tasks/" + task + "/report/template", "/api/reports/" + chestReport + "/versions/1/preview/1.png")) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as(path).isEqualTo(401);
        }
        String log = admin("GET", "/api/admin/access-log?user=li.reader&limit=100", null, 200);
        assertThat(log).contains("/api/reports/" + chestReport + "/versions/1/preview/1.png").contains("/api/tasks/" + task + "/report/template");
    }

    @Test
    @Order(10)
    void aSeniorReaderEditsTheImpressionFromTheCountersignQueueAndCountersignsTheRevision() throws Exception {
        String study = push("周^平", "P-2005", "胸部正位", null);
        long task = taskId(study, "RADIOLOGY");
        claimTask(reader, task);
        writeChestReport("GOOD", "双肺纹理增多。");
        signForCountersign(task);
        long report = json.readTree(admin("GET", "/api/tasks/" + task + "/report", null, 200)).get("id").asLong();

        // the senior reader opens it from the countersign queue, switches to editing and changes the impression
        Page senior = claimFromCountersignQueue(study, "周平", task);
        assertThat(senior.locator(".countersign")).containsText("双肺纹理增多。");
        senior.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("修改后审核")).click();
        Locator impression = senior.getByLabel("诊断意见", new Page.GetByLabelOptions().setExact(true));
        assertThat(impression).isEditable();
        assertThat(impression).hasValue("双肺纹理增多。");
        assertThat(senior.getByTestId("revising")).containsText("李医生");
        assertThat(senior.getByTestId("changed-impression")).hasCount(0);
        impression.fill("双肺纹理增多、增粗，考虑慢性支气管炎，请结合临床。");
        assertThat(senior.getByTestId("changed-impression")).hasText("已修改");
        assertThat(senior.getByTestId("original-impression")).containsText("双肺纹理增多。");
        assertThat(senior.getByTestId("changed-findings")).hasCount(0);
        assertThat(senior.locator("#report-save-state")).hasAttribute("data-state", "saved", waitUpTo(10));
        HeadlessChromium.screenshot(senior, screenshots.resolve("report-revise.png"));
        JsonNode revising = json.readTree(admin("GET", "/api/reports/" + report, null, 200)).get("version");
        assertThat(revising.get("number").asInt()).isEqualTo(2);
        assertThat(revising.get("state").asText()).isEqualTo("REVISING");
        assertThat(revising.get("sections").get("impression").asText()).isEqualTo("双肺纹理增多、增粗，考虑慢性支气管炎，请结合临床。");

        senior.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("审核签名 (Ctrl+Enter)")).click();
        assertThat(senior.getByTestId("report-state")).hasAttribute("data-state", "FINAL", waitUpTo(30));
        awaitState(task, "COMPLETED");
        senior.context().close();

        // the signed PDF names both and carries the senior's wording; the reader's signed version keeps theirs
        String signed = PdfTools.text(pdf(report, 2, "report-revised.pdf"));
        assertThat(signed).contains("双肺纹理增多、增粗，考虑慢性支气管炎，请结合临床。").contains("审核修改")
                .contains("报告医师").contains("李医生").contains("审核医师").contains("陈主任");
        List<String> signatures = poppler.signatures(screenshots.resolve("report-revised.pdf"));
        assertThat(signatures).singleElement().asString().contains("Signer Certificate Common Name: 陈主任")
                .contains("Signature is Valid.");
        String readers = PdfTools.text(pdf(report, 1, "report-revised-readers.pdf"));
        assertThat(readers).contains("双肺纹理增多。").doesNotContain("慢性支气管炎").contains("李医生");
        JsonNode first = json.readTree(admin("GET", "/api/reports/" + report + "/versions/1", null, 200));
        assertThat(first.get("state").asText()).isEqualTo("SIGNED");
        assertThat(first.get("sections").get("impression").asText()).isEqualTo("双肺纹理增多。");
    }

    // ------------------------------------------------------------------ helpers

    private static LocatorAssertions.HasAttributeOptions waitUpTo(int seconds) {
        return new LocatorAssertions.HasAttributeOptions().setTimeout(seconds * 1000.0);
    }

    private Locator section(String label) {
        return reader.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    /** On the claimed chest task: the report started, PA, the image quality and the impression given, the draft saved. */
    private void writeChestReport(String quality, String impression) {
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("开始书写报告")).click();
        reader.getByLabel("投照体位").selectOption("PA");
        reader.getByLabel("图像质量").selectOption(quality);
        section("诊断意见").fill(impression);
        assertThat(reader.locator("#report-save-state")).hasAttribute("data-state", "saved", waitUpTo(10));
    }

    /** The reader signs by the button; the centre's policy (countersign=RADIOLOGY) sends the task to the senior's queue. */
    private void signForCountersign(long task) throws Exception {
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("签发报告 (Ctrl+Enter)")).click();
        assertThat(reader.getByTestId("report-state")).hasAttribute("data-state", "SIGNED", waitUpTo(30));
        awaitState(task, "AWAITING_COUNTERSIGN");
    }

    /** The senior reader signed in, takes the task from the countersign queue by its patient's row: the task's page. */
    private Page claimFromCountersignQueue(String study, String patient, long task) {
        Page senior = signIn("chen.senior", "**/worklist/RADIOLOGY");
        senior.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("放射审核")).click();
        senior.waitForURL("**/countersign/RADIOLOGY");
        Locator row = senior.locator("tr[data-study='" + study + "']");
        assertThat(row).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("领取 " + patient + " 的任务")).click();
        senior.waitForURL("**/tasks/" + task);
        return senior;
    }

    /** Opens the task's page and claims it with the keyboard. */
    private void claimTask(Page p, long task) {
        p.navigate(base() + "/tasks/" + task);
        claim(p);
    }

    /** Claims the open task with the keyboard: the task page's claim button, then Enter. */
    private static void claim(Page p) {
        Locator claim = p.locator(".study-header .actions button.primary");
        assertThat(claim).hasText("领取");
        claim.focus();
        p.keyboard().press("Enter");
        assertThat(p.getByTestId("lease")).isVisible();
    }

    private static void awaitImage(Locator img) {
        assertThat(img).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        img.page().waitForFunction("img => img.complete && img.naturalWidth > 500", img.elementHandle());
    }

    private Page signIn(String user, String landing) {
        Page p = browser.page(1440, 1000);
        WorkstationBrowser.signIn(p, base(), user, user + "-password");
        p.waitForURL(landing);
        return p;
    }

    private void user(String name, String displayName, String roles, String lines) throws Exception {
        user(name, displayName, roles, lines, "");
    }

    private void user(String name, String displayName, String roles, String lines, String extra) throws Exception {
        admin("POST", "/api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"" + name + "-password\","
                + (displayName == null ? "" : "\"displayName\":\"" + displayName + "\",")
                + "\"roles\":[" + roles + "],\"serviceLines\":[" + lines + "]" + extra + "}", 201);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** CT_small as a new study of the patient, its modality DX (read in radiology), pushed by storescu as DEMO_DR. */
    private String push(String name, String patientId, String description, String marking) throws Exception {
        String uid = UidGenerator.newUid();
        Path f = data.resolve("push-" + UidGenerator.newUid() + ".dcm");
        Files.copy(testdata.resolve("dicom/pydicom/CT_small.dcm"), f);
        List<String> command = new ArrayList<>(List.of("dcmodify", "-nb", "-ie", "-i", "(0008,0005)=ISO_IR 192",
                "-i", "(0010,0010)=" + name, "-i", "(0010,0020)=" + patientId, "-i", "(0008,1030)=" + description,
                "-i", "(0008,0060)=DX", "-i", "(0020,000D)=" + uid, "-i", "(0020,000E)=" + UidGenerator.newUid(),
                "-i", "(0008,0018)=" + UidGenerator.newUid()));
        if (marking != null) {
            command.addAll(List.of("-i", "(0040,1003)=" + marking));
        }
        command.add(f.toString());
        exec(command);
        exec(List.of("storescu", "-aet", "DEMO_DR", "-aec", "RDC", "127.0.0.1", String.valueOf(gateway.port()), f.toString()));
        return uid;
    }

    private long taskId(String study, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (JsonNode item : json.readTree(admin("GET", "/api/worklist?serviceLine=" + line + "&size=200&state=SCHEDULED&state=IN_PROGRESS"
                    + "&state=AWAITING_COUNTERSIGN&state=COMPLETED&state=ESCALATED&state=RETURNED_FOR_QC", null, 200)).get("items")) {
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
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

    /** The version's signed PDF as the API serves it (the newest document: countersigned once it is). */
    private Path pdf(long report, int version, String name) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/reports/" + report + "/versions/" + version + "/pdf"))
                .header("Authorization", basic("admin", ADMIN_PASSWORD)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        Path file = screenshots.resolve(name);
        Files.createDirectories(screenshots);
        Files.write(file, r.body());
        return file;
    }

    private HttpResponse<String> call(String user, String password, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", basic(user, password)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String user, String password, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", basic(user, password))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"请补充\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String admin(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", basic("admin", ADMIN_PASSWORD))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
