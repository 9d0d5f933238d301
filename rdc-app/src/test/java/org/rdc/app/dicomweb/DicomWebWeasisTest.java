package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.RdcApplication;
import org.rdc.app.gateway.StowApplicationTest;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.stow.MultipartReader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Weasis' DICOMweb query sequence (Weasis 4, org.weasis.dicom.explorer.rs.RsQueryResult), reproduced request by
 * request with the same client class it uses (java.net.HttpURLConnection, so Java's default Accept on the
 * searches) and its header for the retrieval:
 * <ol>
 *   <li>{@code GET {root}/studies?0020000D={uid}&includefield=00080020,...,00200010} (its STUDY_QUERY)</li>
 *   <li>{@code GET {root}/studies/{uid}/series?includefield=0008103E,00080060,0020000E,00200011,00081190}</li>
 *   <li>{@code GET {series RetrieveURL}/instances?includefield=00080018,00200013,00081190}: it builds this on the
 *       RetrieveURL the series search returned, so that URL must be absolute and the series' own</li>
 *   <li>{@code GET {instance RetrieveURL}} with {@code Accept: multipart/related;type="application/dicom";transfer-syntax=*}</li>
 * </ol>
 * The answers must carry the attributes asked for, and the bytes retrieved must be those stored.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DicomWebWeasisTest {

    static final Path data;

    static {
        try {
            data = Files.createTempDirectory("rdc-weasis");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String STUDY_QUERY = "&includefield=00080020,00080030,00080050,00080061,00080090,00081030,00100010,00100020,00100021,"
            + "00100030,00100040,0020000D,00200010";
    static final String SERIES_QUERY = "0008103E,00080060,0020000E,00200011,00081190";
    static final String INSTANCE_QUERY = "00080018,00200013,00081190";
    static final String RETRIEVE_ACCEPT = "multipart/related;type=\"application/dicom\";transfer-syntax=*";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.demo", () -> "true");
        registry.add("rdc.admin.user", () -> "admin");
        registry.add("rdc.admin.password", () -> "weasis-admin-pass");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
        registry.add("rdc.dicom.enabled", () -> "false");
        registry.add("rdc.ecg.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    private final ObjectMapper json = new ObjectMapper();
    private final String study = UidGenerator.newUid();
    private final Map<String, byte[]> stored = new HashMap<>();
    private String authorization;

    @BeforeAll
    void aStudyOfTwoInstances() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:weasis-admin-pass".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tokens"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Weasis\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        authorization = "Bearer " + json.readTree(token.body()).get("token").asText();
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String sop = UidGenerator.newUid();
            byte[] file = StowApplicationTest.part10(study, sop, "Weasis^Test");
            stored.put(sop, file);
            parts.add(file);
        }
        HttpResponse<String> stow = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dicomweb/studies"))
                .header("Authorization", "Bearer demo-dr-key")
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(StowApplicationTest.multipart("XyZ", parts))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stow.statusCode()).as(stow.body()).isEqualTo(200);
    }

    /** As Weasis' NetworkUtil opens a URL: its headers, the user agent, and otherwise Java's defaults. */
    private HttpURLConnection open(String url, String accept) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestProperty("Authorization", authorization);
        if (accept != null) {
            c.setRequestProperty("Accept", accept);
        }
        c.setRequestProperty("User-Agent", "Weasis/4.6.0");
        c.setRequestProperty("Weasis-User", "li");
        c.setUseCaches(false);
        return c;
    }

    private JsonNode search(String url) throws Exception {
        HttpURLConnection c = open(url, null);
        assertThat(c.getResponseCode()).as(url).isEqualTo(200);
        assertThat(c.getContentType()).as(url).startsWith("application/dicom+json");
        try (InputStream in = c.getInputStream()) {
            return json.readTree(in);
        }
    }

    private static String string(JsonNode dataset, String tag) {
        JsonNode v = dataset.path(tag).path("Value");
        assertThat(v.isArray()).as(tag + " in " + dataset).isTrue();
        return v.get(0).asText();
    }

    private byte[] asStored(String sop) throws Exception {
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/instances/" + sop + "/file")).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        return file.body();
    }

    /** A Part 10 file without preamble and meta header: (0002,0000) File Meta Information Group Length says where it ends. */
    private static byte[] dataSet(byte[] part10) {
        int groupLength = java.nio.ByteBuffer.wrap(part10, 140, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        return java.util.Arrays.copyOfRange(part10, 144 + groupLength, part10.length);
    }

    @Test
    void weasisFindsTheStudyItsSeriesAndInstancesAndRetrievesTheBytesAsStored() throws Exception {
        String root = "http://127.0.0.1:" + port + "/dicomweb";
        JsonNode studies = search(root + "/studies?0020000D=" + study + STUDY_QUERY);
        assertThat(studies).hasSize(1);
        JsonNode s = studies.get(0);
        assertThat(string(s, "0020000D")).isEqualTo(study);
        assertThat(s.at("/00100010/Value/0/Alphabetic").asText()).isEqualTo("Weasis^Test");
        assertThat(string(s, "00100020")).isEqualTo("STOW1");
        for (String tag : List.of("00080020", "00080030", "00080050", "00080061", "00080090", "00081030", "00100021", "00100030",
                "00100040", "00200010")) {
            assertThat(s.has(tag)).as("study attribute " + tag + " asked for by includefield").isTrue();
        }

        JsonNode series = search(root + "/studies/" + study + "/series?includefield=" + SERIES_QUERY);
        assertThat(series).hasSize(1);
        JsonNode se = series.get(0);
        String seriesUid = string(se, "0020000E");
        assertThat(seriesUid).isEqualTo(study + ".1");
        assertThat(se.has("00080060") && se.has("0008103E") && se.has("00200011")).as(se.toString()).isTrue();
        String seriesUrl = string(se, "00081190");
        assertThat(seriesUrl).isEqualTo(root + "/studies/" + study + "/series/" + seriesUid);

        JsonNode instances = search(seriesUrl + "/instances?includefield=" + INSTANCE_QUERY);
        assertThat(instances).hasSize(2);
        for (JsonNode i : instances) {
            String sop = string(i, "00080018");
            assertThat(stored).containsKey(sop);
            assertThat(i.has("00200013")).isTrue();
            String instanceUrl = string(i, "00081190");
            assertThat(instanceUrl).isEqualTo(seriesUrl + "/instances/" + sop);

            HttpURLConnection c = open(instanceUrl, RETRIEVE_ACCEPT);
            assertThat(c.getResponseCode()).as(instanceUrl).isEqualTo(200);
            String type = c.getContentType();
            assertThat(type).startsWith("multipart/related").contains("application/dicom");
            List<byte[]> parts = new ArrayList<>();
            try (InputStream in = c.getInputStream()) {
                MultipartReader reader = new MultipartReader(in, MultipartReader.boundary(type));
                Map<String, String> headers;
                while ((headers = reader.next()) != null) {
                    assertThat(headers.toString().toLowerCase()).contains("application/dicom");
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    reader.body().transferTo(out);
                    parts.add(out.toByteArray());
                }
            }
            assertThat(parts).hasSize(1);
            assertThat(parts.get(0)).as("instance " + sop + " as stored").isEqualTo(asStored(sop));
            // the centre's meta header names the sending AE (0002,0016); the data set is the device's, byte for byte
            assertThat(dataSet(parts.get(0))).as("data set of " + sop + " as sent").isEqualTo(dataSet(stored.get(sop)));
        }
    }
}
