package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.RdcApplication;
import org.rdc.app.gateway.StowApplicationTest;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who may read DICOMweb, through the real application: the users of the REST API (token, Basic, session),
 * facility scoping as on /api/studies (another facility's study is 404), CORS for the configured origin only,
 * and every read, refused ones included, in the access log that only administrators read.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DicomWebAccessTest {

    static final Path data;

    static {
        try {
            data = Files.createTempDirectory("rdc-dicomweb-access");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String ADMIN = "admin";
    static final String PASSWORD = "s3cret-pass-word";
    static final String VIEWER_ORIGIN = "https://ohif.example";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.demo", () -> "true");  // facility "demo", STOW-RS key demo-dr-key
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> PASSWORD);
        registry.add("rdc.dicom.enabled", () -> "false");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
        registry.add("rdc.dicomweb.cors-origins", () -> VIEWER_ORIGIN + ", http://127.0.0.1:9");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String study = UidGenerator.newUid();
    private final String sop = UidGenerator.newUid();
    private String readerToken;

    static String basic(String user) {
        String password = user.equals(ADMIN) ? PASSWORD : user + "-password";
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String authorization, String path, String... headers) throws Exception {
        return send(authorization, "GET", path, headers);
    }

    HttpResponse<String> send(String authorization, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void user(String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/users"))
                .header("Authorization", basic(ADMIN)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @BeforeAll
    void usersAndAStudy() throws Exception {
        user("{\"username\":\"li\",\"password\":\"li-password\",\"roles\":[\"READER\"],\"serviceLines\":[\"RADIOLOGY\"]}");
        user("{\"username\":\"demo.clerk\",\"password\":\"demo.clerk-password\",\"roles\":[\"FACILITY_USER\"],\"facilityId\":\"demo\"}");
        user("{\"username\":\"th02.clerk\",\"password\":\"th02.clerk-password\",\"roles\":[\"FACILITY_USER\"],\"facilityId\":\"th02\"}");
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tokens"))
                .header("Authorization", basic("li")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"OHIF\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        readerToken = "Bearer " + new ObjectMapper().readTree(token.body()).get("token").asText();

        byte[] body = StowApplicationTest.multipart("XyZ", List.of(image(study, sop)));
        HttpResponse<String> stow = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dicomweb/studies"))
                .header("Authorization", "Bearer demo-dr-key")
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stow.statusCode()).as("STOW-RS keeps its device key: " + stow.body()).isEqualTo(200);
    }

    /** A small 16-bit monochrome image, so that frames and rendered images exist. */
    static byte[] image(String study, String sop) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.PatientName, VR.PN, "Zhang^San");
        ds.setString(Tag.PatientID, VR.LO, "STOW1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".1");
        ds.setString(Tag.Modality, VR.CS, "OT");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, 16);
        ds.setInt(Tag.Columns, VR.US, 16);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = new byte[16 * 16 * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            pixels[i] = (byte) i;
            pixels[i + 1] = (byte) ((i >> 8) & 0x0f);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), ds,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    @Test
    void everyReadNeedsAUserAndADeviceKeyIsNotOne() throws Exception {
        for (String path : List.of("/dicomweb/studies", "/dicomweb/studies/" + study + "/metadata",
                "/dicomweb/studies/" + study + "/series/" + study + ".1/instances/" + sop,
                "/wado?requestType=WADO&studyUID=" + study + "&seriesUID=" + study + ".1&objectUID=" + sop)) {
            assertThat(get(null, path).statusCode()).as(path).isEqualTo(401);
            assertThat(get("Bearer demo-dr-key", path).statusCode()).as(path).isEqualTo(401);
            assertThat(get(basic("DEMO_DR").replace("DEMO_DR-password", "demo-dr-key"), path).statusCode()).as(path).isEqualTo(401);
            assertThat(get(readerToken, path).statusCode()).as(path).isNotEqualTo(401).isNotEqualTo(403);
            assertThat(get(basic("li"), path).statusCode()).as(path).isNotEqualTo(401).isNotEqualTo(403);
        }
        assertThat(get(null, "/dicomweb/studies").headers().allValues("WWW-Authenticate")).contains("Basic realm=\"rdc\"");
    }

    @Test
    void aFacilityUserSeesOnlyItsOwnFacilitysStudies() throws Exception {
        assertThat(get(basic("demo.clerk"), "/api/studies/" + study).statusCode()).isEqualTo(200);
        assertThat(get(basic("th02.clerk"), "/api/studies/" + study).statusCode()).isEqualTo(404);
        assertThat(get(basic("th02.clerk"), "/api/instances/" + sop + "/file").statusCode()).isEqualTo(404);
        assertThat(get(readerToken, "/api/instances/" + sop + "/file").statusCode()).isEqualTo(200);

        String series = "/dicomweb/studies/" + study + "/series/" + study + ".1";
        for (String path : List.of("/dicomweb/studies/" + study + "/metadata", series + "/instances/" + sop + "/metadata",
                series + "/instances/" + sop, series + "/instances/" + sop + "/frames/1",
                "/wado?requestType=WADO&studyUID=" + study + "&seriesUID=" + study + ".1&objectUID=" + sop)) {
            assertThat(get(basic("th02.clerk"), path).statusCode()).as(path).isEqualTo(404);
            assertThat(get(basic("demo.clerk"), path).statusCode()).as(path).isEqualTo(200);
            assertThat(get(readerToken, path).statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> search = get(basic("th02.clerk"), "/dicomweb/studies?StudyInstanceUID=" + study);
        assertThat(search.statusCode() == 204 || search.body().strip().equals("[]")).as(search.statusCode() + " " + search.body()).isTrue();
        assertThat(get(basic("demo.clerk"), "/dicomweb/studies?StudyInstanceUID=" + study).body()).contains(study);
    }

    @Test
    void everyReadIsRecordedWithWhoWhatAndTheAnswer() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        assertThat(get(readerToken, "/api/studies/" + study).statusCode()).isEqualTo(200);
        assertThat(get(basic("th02.clerk"), "/api/studies/" + study).statusCode()).isEqualTo(404);
        get(readerToken, "/dicomweb/studies?PatientID=STOW1&StudyInstanceUID=" + study);
        get(readerToken, "/wado?requestType=WADO&studyUID=" + study + "&seriesUID=" + study + ".1&objectUID=" + sop);
        get(readerToken, "/dicomweb/studies/" + study + "/series/" + study + ".1/instances/" + sop + "/rendered");
        assertThat(get(basic("th02.clerk"), "/dicomweb/studies/" + study + "/metadata").statusCode()).isEqualTo(404);
        assertThat(get(basic("li"), "/dicomweb/studies/" + study + "/series/" + study + ".1/instances/" + sop + "/frames/1")
                .statusCode()).isEqualTo(200);

        JsonNode log = accessLog("?study=" + study + "&from=" + before, r -> r.size() >= 7);
        JsonNode read = find(log, "li", "API_STUDIES");
        assertThat(read.get("status").asInt()).isEqualTo(200);
        assertThat(read.get("authentication").asText()).isEqualTo("token");
        assertThat(read.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(read.get("path").asText()).isEqualTo("/api/studies/" + study);
        JsonNode refused = find(log, "th02.clerk", "API_STUDIES");
        assertThat(refused.get("status").asInt()).isEqualTo(404);
        assertThat(refused.get("authentication").asText()).isEqualTo("basic");
        assertThat(find(log, "li", "QIDO").get("query").asText()).isEqualTo("PatientID=STOW1&StudyInstanceUID=" + study);
        JsonNode uri = find(log, "li", "WADO_URI");
        assertThat(uri.get("seriesUid").asText()).isEqualTo(study + ".1");
        assertThat(uri.get("instanceUid").asText()).isEqualTo(sop);
        assertThat(find(log, "li", "RENDERED").get("instanceUid").asText()).isEqualTo(sop);
        assertThat(find(log, "th02.clerk", "WADO_RS").get("status").asInt()).isEqualTo(404);
        JsonNode frame = find(log, "li", "WADO_RS");
        assertThat(frame.get("path").asText()).endsWith("/frames/1");
        assertThat(frame.get("authentication").asText()).isEqualTo("basic");
        assertThat(frame.get("seriesUid").asText()).isEqualTo(study + ".1");

        JsonNode byUser = accessLog("?user=th02.clerk", r -> r.size() >= 1);
        assertThat(byUser).allSatisfy(r -> assertThat(r.get("username").asText()).isEqualTo("th02.clerk"));
        assertThat(get(basic(ADMIN), "/api/admin/access-log?from=2026-13-01").statusCode()).isEqualTo(400);
    }

    @Test
    void onlyAdministratorsReadTheAccessLog() throws Exception {
        assertThat(get(basic("demo.clerk"), "/api/admin/access-log").statusCode()).isEqualTo(403);
        assertThat(get(readerToken, "/api/admin/access-log").statusCode()).isEqualTo(403);
        assertThat(get(null, "/api/admin/access-log").statusCode()).isEqualTo(401);
        assertThat(get(basic(ADMIN), "/api/admin/access-log").statusCode()).isEqualTo(200);
    }

    @Test
    void corsAnswersTheConfiguredOriginsOnly() throws Exception {
        String path = "/dicomweb/studies/" + study + "/metadata";
        HttpResponse<String> preflight = send(null, "OPTIONS", path, "Origin", VIEWER_ORIGIN,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization,accept");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(VIEWER_ORIGIN);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("authorization");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET").doesNotContain("POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        HttpResponse<String> other = send(null, "OPTIONS", path, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> stowPreflight = send(null, "OPTIONS", "/dicomweb/studies", "Origin", VIEWER_ORIGIN,
                "Access-Control-Request-Method", "POST");
        assertThat(stowPreflight.headers().firstValue("Access-Control-Allow-Origin")).as("STOW-RS is not for browsers").isEmpty();
        HttpResponse<String> api = send(null, "OPTIONS", "/api/studies", "Origin", VIEWER_ORIGIN, "Access-Control-Request-Method", "GET");
        assertThat(api.headers().firstValue("Access-Control-Allow-Origin")).as("CORS is for DICOMweb only").isEmpty();

        HttpResponse<String> read = get(readerToken, path, "Origin", VIEWER_ORIGIN);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).contains(VIEWER_ORIGIN);
        assertThat(get(readerToken, path, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
    }

    private JsonNode accessLog(String query, Predicate<JsonNode> done) throws Exception {
        // the record is queued when the answer is complete, which the client may see a moment earlier: poll, bounded
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            HttpResponse<String> r = get(basic(ADMIN), "/api/admin/access-log" + query.replace(":", "%3A"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode list = new ObjectMapper().readTree(r.body());
            if (done.test(list) || System.nanoTime() > deadline) {
                return list;
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode find(JsonNode log, String user, String action) {
        for (JsonNode r : log) {
            if (r.get("username").asText().equals(user) && r.get("action").asText().equals(action)) {
                return r;
            }
        }
        throw new AssertionError("no " + action + " by " + user + " in " + log);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
