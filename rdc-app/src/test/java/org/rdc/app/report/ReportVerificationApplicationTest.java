package org.rdc.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.rdc.app.ApiClient;
import org.rdc.app.RdcApplication;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.reports.signing.KeyKind;
import org.rdc.reports.signing.KeyStoreDirectory;
import org.rdc.reports.verification.PrintedCode;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.TestStreams;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.test.HeadlessChromium;
import org.rdc.test.Requires;
import org.rdc.workstation.audit.AccessLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16 point 5 on the real application: a report written, signed (PAdES + SM2, timestamps,
 * archive) and corrected over HTTP, then verified by its printed code on the public page and by
 * uploading the PDF — the real file, one changed byte, the signatures stripped, the superseded
 * version, another facility's user — and the signing refusals of "Bad input and failure".
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportVerificationApplicationTest {

    static final Path data = ApiClient.dataDirectory("rdc-verify");
    static final String ADMIN = ApiClient.ADMIN;
    static final String PASSWORD = ApiClient.PASSWORD;
    static final String SIGNING_PASSWORD = "verify-signing-password";
    static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";
    static final int MAX_UPLOAD = 1024 * 1024;
    static final int LOOKUPS_PER_MINUTE = 40;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
        registry.add("rdc.signing.password", () -> SIGNING_PASSWORD);
        registry.add("rdc.reports.verify.max-size", () -> MAX_UPLOAD + "B");
        registry.add("rdc.reports.verify.lookups-per-minute", () -> String.valueOf(LOOKUPS_PER_MINUTE));
    }

    @LocalServerPort
    int port;
    @Autowired
    InstanceStore store;
    @Autowired
    List<GatewayListener> gatewayListeners;
    @Autowired
    KeyStoreDirectory keys;
    @Autowired
    AccessLog accessLog;
    @Autowired
    javax.sql.DataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    long reportId;
    byte[] version1;
    byte[] version2;
    String code1;
    String code2;

    record Response(int status, String contentType, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Response send(String user, String method, String path, String contentType, byte[] body, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (user != null) {
            String password = user.equals(ADMIN) ? PASSWORD : user + "-password";
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private Response call(String user, String method, String path, String body) throws Exception {
        return send(user, method, path, body == null ? null : "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8), null);
    }

    private JsonNode ok(Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        return json.readTree(r.body());
    }

    private JsonNode verify(String user, byte[] pdf) throws Exception {
        return ok(send(user, "POST", "/api/reports/verify", "application/pdf", pdf, null));
    }

    private Response lookup(String code, String accept) throws Exception {
        return send(null, "GET", "/verify/" + code, null, null, accept);
    }

    private void createUser(String name, String roles, String lines, String facility) throws Exception {
        new ApiClient(port).createUser(name, roles, lines, facility, ",\"displayName\":\"" + name + "\"");
    }

    private static InstanceAttributes instance(String study, String facility, String patient) {
        return new InstanceAttributes(patient, "HOSP", "王^五", "M", LocalDate.of(1970, 3, 2), study, "ACC" + study.hashCode(),
                LocalDate.of(2026, 12, 1), "100000", "胸部正位", study + ".1", "DX", null, 1, null, DX, study + ".1.1", 1,
                "1.2.840.10008.1.2.1", facility, "DEV", null);
    }

    /** A radiology task of a new th01 study, claimed by {@code reader}, with a started and saved chest report. */
    private long draftedReport(String study, String reader) throws Exception {
        store.store(instance(study, "th01", "P" + study), TestStreams.content(study.hashCode(), 2000));
        gatewayListeners.forEach(l -> l.stowCompleted(new GatewayListener.StowCompleted("th01", "TH01_DR", java.util.Set.of(study), 1, 0)));
        long task = new ApiClient(port).awaitTask(study);
        assertThat(call(reader, "POST", "/api/tasks/" + task + "/claim", null).status()).isEqualTo(200);
        long id = ok(call(reader, "POST", "/api/tasks/" + task + "/report", "{\"templateId\":\"dr-chest-pa\"}")).get("id").asLong();
        ok(call(reader, "PUT", "/api/reports/" + id + "/draft", "{\"baseRevision\":0,\"findings\":\"双肺纹理清晰。\","
                + "\"impression\":\"心肺膈未见明显异常。\",\"fields\":{\"projection\":\"PA\",\"imageQuality\":\"GOOD\"}}"));
        return id;
    }

    private byte[] pdf(String user, long id, int version) throws Exception {
        Response r = send(user, "GET", "/api/reports/" + id + "/versions/" + version + "/pdf", null, null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.bytes();
    }

    /** rad signs version 1 (RSA and SM2 credentials: PAdES + SM2), then corrects it: version 2 FINAL. */
    @BeforeAll
    void aSignedAndCorrectedReport() throws Exception {
        createUser("rad", "\"READER\"", "\"RADIOLOGY\"", null);
        createUser("th01.clerk", "\"FACILITY_USER\"", "", "th01");
        createUser("demo.clerk", "\"FACILITY_USER\"", "", "demo");
        keys.issue("rad", "放射科 张医生", KeyKind.RSA, Duration.ofDays(30));
        keys.issue("rad", "放射科 张医生", KeyKind.SM2, Duration.ofDays(30));

        reportId = draftedReport("3.1.1", "rad");
        assertThat(ok(call("rad", "POST", "/api/reports/" + reportId + "/sign", "{}")).get("state").asText()).isEqualTo("FINAL");
        version1 = pdf("th01.clerk", reportId, 1);
        JsonNode correction = ok(call("rad", "POST", "/api/reports/" + reportId + "/versions",
                "{\"kind\":\"CORRECTION\",\"reason\":\"补充心影描述\"}"));
        ok(call("rad", "PUT", "/api/reports/" + reportId + "/draft", "{\"baseRevision\":" + correction.get("draftRevision").asInt()
                + ",\"findings\":\"双肺纹理清晰。心影不大。\",\"impression\":\"心肺膈未见明显异常。\","
                + "\"fields\":{\"projection\":\"PA\",\"imageQuality\":\"GOOD\"}}"));
        assertThat(ok(call("rad", "POST", "/api/reports/" + reportId + "/sign", "{}")).get("state").asText()).isEqualTo("FINAL");
        version2 = pdf("th01.clerk", reportId, 2);
        code1 = PrintedCode.of(version1).orElseThrow();
        code2 = PrintedCode.of(version2).orElseThrow();
        assertThat(code1).isNotEqualTo(code2).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        assertThat(version1.length).isLessThan(MAX_UPLOAD);
    }

    @Test
    @Order(1)
    void theRealCurrentPdfIsValidAndCurrentWithEachSignature() throws Exception {
        JsonNode v = verify("th01.clerk", version2);
        assertThat(v.get("outcome").asText()).isEqualTo("VALID_CURRENT");
        assertThat(v.get("intact").asBoolean()).isTrue();
        assertThat(v.get("documentSha256").asText()).isEqualTo(sha256(version2));
        assertThat(v.get("report").get("reportId").asLong()).isEqualTo(reportId);
        assertThat(v.get("report").get("version").asInt()).isEqualTo(2);
        assertThat(v.get("report").get("currentVersion").asInt()).isEqualTo(2);
        assertThat(v.get("report").get("current").asBoolean()).isTrue();
        assertThat(v.get("report").get("code").asText()).isEqualTo(code2);
        JsonNode signatures = v.get("signatures");
        assertThat(signatures).hasSize(2);
        assertThat(signatures.get(0).get("standard").asText()).isEqualTo("PADES");
        assertThat(signatures.get(1).get("standard").asText()).isEqualTo("SM2");
        assertThat(signatures.get(1).get("algorithm").asText()).isEqualTo("SM3_WITH_SM2");
        for (JsonNode s : signatures) {
            assertThat(s.get("role").asText()).isEqualTo("AUTHOR");
            assertThat(s.get("roleZh").asText()).isEqualTo("报告医师");
            assertThat(s.get("signer").asText()).isEqualTo("放射科 张医生");
            assertThat(s.get("valid").asBoolean()).isTrue();
            assertThat(s.get("certificateTrusted").asBoolean()).isTrue();
            assertThat(s.get("timestampAt").isNull()).as("an RFC 3161 timestamp on each signature").isFalse();
        }
        assertThat(signatures.get(1).get("coversWholeFile").asBoolean()).isTrue();

        Response form = multipart("th01.clerk", version2);
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        assertThat(json.readTree(form.body()).get("outcome").asText()).isEqualTo("VALID_CURRENT");
    }

    @Test
    @Order(2)
    void theCorrectedVersionIsSuperseded() throws Exception {
        JsonNode v = verify("th01.clerk", version1);
        assertThat(v.get("outcome").asText()).isEqualTo("VALID_SUPERSEDED");
        assertThat(v.get("intact").asBoolean()).isTrue();
        assertThat(v.get("report").get("version").asInt()).isEqualTo(1);
        assertThat(v.get("report").get("currentVersion").asInt()).isEqualTo(2);
        assertThat(v.get("report").get("current").asBoolean()).isFalse();
    }

    @Test
    @Order(3)
    void oneChangedByteIsModified() throws Exception {
        byte[] changed = version2.clone();
        // the binary comment after the header (ISO 32000-2 §7.5.2): inside the signed range, and the file still parses
        int at = new String(changed, StandardCharsets.ISO_8859_1).indexOf("\n%") + 2;
        assertThat(changed[at] & 0xff).isGreaterThanOrEqualTo(0x80);
        changed[at] ^= 0x01;
        JsonNode v = verify("th01.clerk", changed);
        assertThat(v.get("outcome").asText()).isEqualTo("MODIFIED");
        assertThat(v.get("intact").asBoolean()).isFalse();
        assertThat(v.get("report").get("reportId").asLong()).as("it names the report it claims to be").isEqualTo(reportId);
        assertThat(v.get("signatures").get(0).get("valid").asBoolean()).isFalse();
    }

    @Test
    @Order(4)
    void aReSavedPdfWithoutItsSignaturesIsSignatureMissing() throws Exception {
        byte[] stripped;
        try (PDDocument document = Loader.loadPDF(version2)) {
            document.getDocumentCatalog().setAcroForm(null);
            for (PDPage page : document.getPages()) {
                page.setAnnotations(List.of());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            stripped = out.toByteArray();
        }
        JsonNode v = verify("th01.clerk", stripped);
        assertThat(v.get("outcome").asText()).isEqualTo("SIGNATURE_MISSING");
        assertThat(v.get("signatures")).isEmpty();
        assertThat(v.get("report").get("version").asInt()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void anotherFacilitysUserLearnsNothingBeyondThePdf() throws Exception {
        for (byte[] pdf : List.of(version2, version1)) {
            Response r = send("demo.clerk", "POST", "/api/reports/verify", "application/pdf", pdf, null);
            assertThat(r.status()).isEqualTo(200);
            JsonNode v = json.readTree(r.body());
            assertThat(v.get("outcome").asText()).isEqualTo("NOT_OURS");
            assertThat(v.get("report").isNull()).isTrue();
            assertThat(r.body()).doesNotContain("\"reportId\"").doesNotContain("currentVersion").doesNotContain("\"current\"");
            assertThat(v.get("signatures")).hasSize(2);  // what the PDF itself carries
        }
        // the same answer as for a PDF that is no report at all
        JsonNode foreign = verify("demo.clerk", blankPdf());
        assertThat(foreign.get("outcome").asText()).isEqualTo("NOT_OURS");
        assertThat(foreign.get("report").isNull()).isTrue();
    }

    @Test
    @Order(6)
    void badUploadsAreSpecificProblems() throws Exception {
        Response empty = send("th01.clerk", "POST", "/api/reports/verify", "application/pdf", new byte[0], null);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("\"code\":\"not-a-pdf\"");
        Response garbage = send("th01.clerk", "POST", "/api/reports/verify", "application/pdf", "%PDF-1.7 not really".getBytes(), null);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body()).contains("\"code\":\"not-a-pdf\"");
        byte[] big = new byte[MAX_UPLOAD + 10];
        System.arraycopy("%PDF-1.7".getBytes(), 0, big, 0, 8);
        Response tooLarge = send("th01.clerk", "POST", "/api/reports/verify", "application/pdf", big, null);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(tooLarge.body()).contains("\"code\":\"pdf-too-large\"");
        Response tooLargeForm = multipart("th01.clerk", big);
        assertThat(tooLargeForm.status()).isEqualTo(413);
        assertThat(tooLargeForm.body()).contains("\"code\":\"upload-too-large\"");
        assertThat(send(null, "POST", "/api/reports/verify", "application/pdf", version2, null).status())
                .as("the upload check needs a user").isEqualTo(401);
    }

    @Test
    @Order(7)
    void theUploadChecksAreInTheAccessLog() throws Exception {
        accessLog.flush(Duration.ofSeconds(5));
        List<Map<String, Object>> rows = JdbcClient.create(dataSource)
                .sql("SELECT username, study_uid, status FROM access_log WHERE action = 'REPORT_VERIFY' ORDER BY id").query().listOfRows();
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("username")).isEqualTo("th01.clerk");
            assertThat(r.get("study_uid")).isEqualTo("3.1.1");
            assertThat(((Number) r.get("status")).intValue()).isEqualTo(200);
        });
        assertThat(rows).as("another facility's check is recorded, without the study it did not learn")
                .anySatisfy(r -> {
                    assertThat(r.get("username")).isEqualTo("demo.clerk");
                    assertThat(r.get("study_uid")).isNull();
                });
    }

    @Test
    @Order(10)
    void thePublicPageOfAPrintedCodeShowsWhatThePaperShows() throws Exception {
        Response r = lookup(code2, "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode v = json.readTree(r.body());
        assertThat(v.get("outcome").asText()).isEqualTo("VALID_CURRENT");
        assertThat(v.get("valid").asBoolean()).isTrue();
        assertThat(v.get("current").asBoolean()).isTrue();
        assertThat(v.get("version").asInt()).isEqualTo(2);
        assertThat(v.get("code").asText()).isEqualTo(code2);
        assertThat(v.get("documentSha256").asText()).as("the digest of the file as issued").isEqualTo(sha256(version2));
        assertThat(v.get("signatures")).hasSize(2).allSatisfy(s -> {
            assertThat(s.get("signer").asText()).isEqualTo("放射科 张医生");
            assertThat(s.get("roleZh").asText()).isEqualTo("报告医师");
            assertThat(s.get("signedAt").isNull()).isFalse();
            assertThat(s.get("timestampAt").isNull()).isFalse();
        });
        assertThat(r.body()).as("no patient data, no report id").doesNotContain("王").doesNotContain("P3.1.1").doesNotContain("3.1.1")
                .doesNotContain("reportId");

        JsonNode older = json.readTree(lookup(code1, null).body());
        assertThat(older.get("outcome").asText()).isEqualTo("VALID_SUPERSEDED");
        assertThat(older.get("current").asBoolean()).isFalse();
        assertThat(older.get("version").asInt()).isEqualTo(1);

        Response typed = lookup(code2.toLowerCase().replace("-", ""), "*/*");
        assertThat(typed.status()).as("typed in lower case without the hyphen").isEqualTo(200);
        assertThat(json.readTree(typed.body()).get("code").asText()).isEqualTo(code2);
    }

    @Test
    @Order(11)
    void thePublicPageIsChineseFirstHtmlForBrowsers() throws Exception {
        Response r = lookup(code2, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        String html = r.body();
        assertThat(html).contains("lang=\"zh-CN\"").contains("签名有效，本报告为当前版本").contains("Signatures valid")
                .contains("报告医师").contains("放射科 张医生").contains("国密 SM2 签名").contains(sha256(version2)).contains(code2);
        assertThat(html.indexOf("电子报告核验")).isLessThan(html.indexOf("Report verification", html.indexOf("<h1>")));
        assertThat(html).doesNotContain("王").doesNotContain("3.1.1");
        Response older = lookup(code1, "text/html");
        assertThat(older.body()).contains("本版本已被更新的版本取代");
    }

    @Test
    @Order(12)
    void unknownAndMalformedCodesAre404WithNothingToTellThemApart() throws Exception {
        String unknown = code2.startsWith("ZZZZ") ? "YYYY-YYYY" : "ZZZZ-ZZZZ";
        Response a = lookup(unknown, "application/json");
        Response b = lookup("x%21%3F", "application/json");
        Response c = lookup("ABCD-EFGH-JKMN", "application/json");
        for (Response r : List.of(a, b, c)) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"code\":\"verification-code-unknown\"");
        }
        JsonNode unknownProblem = json.readTree(a.body());
        JsonNode malformedProblem = json.readTree(b.body());
        ((tools.jackson.databind.node.ObjectNode) unknownProblem).remove("instance");
        ((tools.jackson.databind.node.ObjectNode) malformedProblem).remove("instance");
        assertThat(unknownProblem).isEqualTo(malformedProblem);
        Response page = lookup(unknown, "text/html");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("未找到此验证码").contains("No report has this verification code");
    }

    /** The zh-CN page as a browser shows it: screenshot in target/screenshots (copied to reports/docs/verify-page.png). */
    @Test
    @Order(13)
    void theVerifyPageInChromium() throws Exception {
        Requires.chromium();
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            Page page = chromium.newPage();
            page.setViewportSize(760, 900);
            page.navigate("http://127.0.0.1:" + port + "/verify/" + code2);
            assertThat(page.locator("h1").innerText()).contains("电子报告核验");
            assertThat(page.locator(".status").innerText()).contains("签名有效");
            assertThat(page.locator("table.signatures tr").count()).isEqualTo(3);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("verify-page.png")).setFullPage(true));
        }
    }

    /** Last: the public lookups of one address are limited (429 with Retry-After) — the codes are 40 random bits. */
    @Test
    @Order(20)
    void lookupsFromOneAddressAreLimited() throws Exception {
        Response limited = null;
        // twice the limit and one: a minute boundary in between still leaves one window over the limit
        for (int i = 0; i < 2 * (LOOKUPS_PER_MINUTE + 1) && limited == null; i++) {
            Response r = lookup("ZZZZ-" + String.format("%04d", i), "application/json");
            if (r.status() == 429) {
                limited = r;
            }
        }
        assertThat(limited).as("after %d lookups in a minute", LOOKUPS_PER_MINUTE).isNotNull();
        assertThat(limited.body()).contains("\"code\":\"verification-rate-limited\"");
    }

    // ------------------------------------------------------------------ signing refusals (Bad input and failure)

    @Test
    @Order(30)
    void aRevokedCertificateIsA409AndNothingIsSigned() throws Exception {
        refusedToSign("3.2.1", "rad.revoked", "certificate-revoked",
                user -> keys.revoke(user, keys.issue(user, user, KeyKind.RSA, Duration.ofDays(30))));
    }

    @Test
    @Order(31)
    void anExpiredCertificateIsA409AndNothingIsSigned() throws Exception {
        refusedToSign("3.2.2", "rad.expired", "certificate-expired",
                user -> issuedAt(Instant.now().minus(Duration.ofDays(400)), user, Duration.ofDays(30)));
    }

    @Test
    @Order(32)
    void aNotYetValidCertificateIsA409AndNothingIsSigned() throws Exception {
        refusedToSign("3.2.3", "rad.future", "certificate-not-yet-valid",
                user -> issuedAt(Instant.now().plus(Duration.ofDays(10)), user, Duration.ofDays(30)));
    }

    /** A credential issued by the same alliance CA as if at {@code at} (the application's key store reads it like any other). */
    private void issuedAt(Instant at, String user, Duration validity) {
        KeyStoreDirectory.open(data.resolve("signing"), SIGNING_PASSWORD.toCharArray(), Clock.fixed(at, ZoneOffset.UTC), "医联体远程诊断中心")
                .issue(user, user, KeyKind.RSA, validity);
    }

    /** {@code reader}'s only credential is made by {@code credential}; signing is refused with {@code code} and nothing changes. */
    private void refusedToSign(String study, String reader, String code, java.util.function.Consumer<String> credential) throws Exception {
        createUser(reader, "\"READER\"", "\"RADIOLOGY\"", null);
        credential.accept(reader);
        long id = draftedReport(study, reader);
        Response refused = call(reader, "POST", "/api/reports/" + id + "/sign", "{}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode p = json.readTree(refused.body());
        assertThat(p.get("code").asText()).isEqualTo(code);
        assertThat(p.get("type").asText()).isEqualTo("urn:rdc:problem:signing:" + code);
        assertThat(p.get("detail").asText()).contains(reader).contains("nothing was signed");
        JsonNode report = ok(call(reader, "GET", "/api/reports/" + id, null));
        assertThat(report.get("version").get("state").asText()).isEqualTo("DRAFT");
        assertThat(report.get("currentVersion").isNull()).isTrue();
        assertThat(report.get("documents")).as("no PDF signed or archived").isEmpty();
    }

    // ------------------------------------------------------------------

    private Response multipart(String user, byte[] pdf) throws Exception {
        String boundary = "----rdcverify" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(pdf);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(user, "POST", "/api/reports/verify", "multipart/form-data; boundary=" + boundary, body.toByteArray(), null);
    }

    private static byte[] blankPdf() throws Exception {
        try (PDDocument d = new PDDocument()) {
            d.addPage(new PDPage());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            d.save(out);
            return out.toByteArray();
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
