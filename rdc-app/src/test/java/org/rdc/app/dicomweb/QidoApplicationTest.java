package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.json.Json;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.TestStreams;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.catalog.MatchKeys;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * QIDO-RS (issue 12 point 1) through the whole application: studies pushed by STOW-RS as the demo
 * device and one of another facility, searched over HTTP by users of the REST API.
 */
// Closed after the class: it writes into the class's temporary data directory, which JUnit then deletes.
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QidoApplicationTest {

    static final Path data;

    static {
        try {
            data = Files.createTempDirectory("rdc-qido");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String ADMIN = "admin";
    static final String PASSWORD = "s3cret-pass-word";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.demo", () -> "true");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.dicom.enabled", () -> "false");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> PASSWORD);
        registry.add("rdc.security.bcrypt-strength", () -> "4");
    }

    @LocalServerPort
    int port;
    @Autowired
    InstanceStore store;

    private final HttpClient http = HttpClient.newHttpClient();

    /** The shared files pushed as the demo facility, by name. */
    static final List<String> FILES = List.of("dicom/pydicom-charsets/chrX1.dcm", "dicom/pydicom-charsets/chrX2.dcm",
            "dicom/pydicom-charsets/chrH31.dcm", "dicom/pydicom/CT_small.dcm", "dicom/pydicom/MR_small.dcm");
    static final String X1_STUDY = "1.3.6.1.4.1.5962.1.2.0.1175775771.5711.0";
    static final String X2_STUDY = "1.3.6.1.4.1.5962.1.2.0.1175775771.5714.0";
    static final String H31_STUDY = "1.3.6.1.4.1.5962.1.2.0.1175775771.5702.0";
    static final String CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
    static final String CT_SOP = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
    static final String MR_STUDY = "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457";
    static final String TH01_STUDY = "2.25.31415926";

    record Response(int status, String body, Map<String, List<String>> headers) {
        List<Map<String, Object>> results() {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list;
            try {
                list = (List<Map<String, Object>>) Json.parse(body);
            } catch (org.rdc.dicom.core.DicomParseException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
            return list;
        }

        List<String> values(String tag) {
            return results().stream().map(r -> QidoApplicationTest.value(r, tag)).toList();
        }

        List<String> warnings() {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Warning"))
                    .flatMap(e -> e.getValue().stream()).toList();
        }
    }

    /** The first value of an attribute of one result, as text; null when it has none. */
    @SuppressWarnings("unchecked")
    static String value(Map<String, Object> result, String tag) {
        Map<String, Object> element = (Map<String, Object>) result.get(tag);
        if (element == null || !element.containsKey("Value")) {
            return null;
        }
        Object v = ((List<Object>) element.get("Value")).get(0);
        return v instanceof Map<?, ?> pn ? String.valueOf(pn.get("Alphabetic")) : v.toString();
    }

    Response get(String user, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (user != null) {
            String password = user.equals(ADMIN) ? PASSWORD : user + "-password";
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.body(), r.headers().map());
    }

    private void createUser(String name, String roles, String lines, String facility) throws Exception {
        String json = "{\"username\":\"" + name + "\",\"password\":\"" + name + "-password\",\"roles\":[" + roles + "],\"serviceLines\":["
                + lines + "]" + (facility == null ? "" : ",\"facilityId\":\"" + facility + "\"") + "}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/users"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private void stow(Path file) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("--XyZ\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write(Files.readAllBytes(file));
        body.write("\r\n--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dicomweb/studies"))
                .header("Authorization", "Bearer demo-dr-key")
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(file + ": " + r.body()).isEqualTo(200);
    }

    @BeforeAll
    void studiesArrive() throws Exception {
        Requires.testdata();
        createUser("rad", "\"READER\"", "\"RADIOLOGY\"", null);
        createUser("demo.clerk", "\"FACILITY_USER\"", "", "demo");
        createUser("th01.clerk", "\"FACILITY_USER\"", "", "th01");
        for (String f : FILES) {
            stow(Requires.testdata(f));
        }
        store.store(new InstanceAttributes("0001", null, "Wang^Wu=王^五", "M", LocalDate.of(1950, 1, 1), TH01_STUDY, "TH-1",
                LocalDate.of(2026, 11, 20), "101500", "胸部正位", TH01_STUDY + ".1", "DX", "CHEST", 1, null,
                "1.2.840.10008.5.1.4.1.1.1.1", TH01_STUDY + ".1.1", 1, "1.2.840.10008.1.2.1", "th01", "TH01_DR", null),
                TestStreams.content(1, 2000));
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void studiesMatchOnEachNameGroupDatesModalitiesAndIds() throws Exception {
        Response wang = get("rad", "/dicomweb/studies?PatientName=wang*");
        assertThat(wang.status()).as(wang.body()).isEqualTo(200);
        assertThat(wang.headers().get("content-type")).first().asString().startsWith("application/dicom+json");
        assertThat(wang.values("0020000D")).containsExactlyInAnyOrder(X1_STUDY, X2_STUDY, TH01_STUDY);
        assertThat(get("rad", "/dicomweb/studies?PatientName=" + q("*小东")).values("0020000D")).containsExactly(X2_STUDY);
        assertThat(get("rad", "/dicomweb/studies?PatientName=" + q("王^小*")).values("0020000D"))
                .containsExactlyInAnyOrder(X1_STUDY, X2_STUDY);
        assertThat(get("rad", "/dicomweb/studies?00100010=" + q("やまだ*")).values("0020000D")).as("phonetic group, by tag")
                .containsExactly(H31_STUDY);
        assertThat(get("rad", "/dicomweb/studies?PatientName=" + q("yamada^tarou")).values("0020000D")).containsExactly(H31_STUDY);
        assertThat(get("rad", "/dicomweb/studies?ModalitiesInStudy=CT").values("0020000D")).containsExactly(CT_STUDY);
        assertThat(get("rad", "/dicomweb/studies?ModalitiesInStudy=CT,MR").values("0020000D")).containsExactly(MR_STUDY, CT_STUDY);
        assertThat(get("rad", "/dicomweb/studies?StudyDate=20040101-20040731").values("0020000D")).containsExactly(CT_STUDY);
        assertThat(get("rad", "/dicomweb/studies?StudyDate=20040201-").values("0020000D")).containsExactly(TH01_STUDY, MR_STUDY);
        assertThat(get("rad", "/dicomweb/studies?StudyDate=-20040731&ModalitiesInStudy=MR").results()).isEmpty();
        assertThat(get("rad", "/dicomweb/studies?StudyDate=20261120&StudyTime=1000-1030").values("0020000D")).containsExactly(TH01_STUDY);
        assertThat(get("rad", "/dicomweb/studies?PatientID=1CT1").values("0020000D")).containsExactly(CT_STUDY);
        assertThat(get("rad", "/dicomweb/studies?AccessionNumber=TH-1").values("0020000D")).containsExactly(TH01_STUDY);
        assertThat(get("rad", "/dicomweb/studies?StudyInstanceUID=" + CT_STUDY + "," + MR_STUDY).values("0020000D"))
                .containsExactly(MR_STUDY, CT_STUDY);
        assertThat(get("rad", "/dicomweb/studies?StudyInstanceUID=" + CT_STUDY + "&StudyInstanceUID=" + X1_STUDY).values("0020000D"))
                .containsExactlyInAnyOrder(X1_STUDY, CT_STUDY);
        Response none = get("rad", "/dicomweb/studies?PatientName=nobody*");
        assertThat(none.status()).as("PS3.18 8.3.4.4.1 as corrected by CP-2473").isEqualTo(200);
        assertThat(none.body()).isEqualTo("[]");
    }

    @Test
    void studyResultsCarryTheRequiredAndComputedAttributes() throws Exception {
        Map<String, Object> ct = get("rad", "/dicomweb/studies?StudyInstanceUID=" + CT_STUDY).results().get(0);
        assertThat(ct.keySet()).contains("00080020", "00080030", "00080050", "00080056", "00080061", "00080090", "00081190",
                "00100010", "00100020", "00100030", "00100040", "0020000D", "00200010", "00201206", "00201208");
        assertThat(ct).doesNotContainKey("00081030").as("StudyDescription only when asked for");
        assertThat(value(ct, "00080061")).isEqualTo("CT");
        assertThat(value(ct, "00201206")).isEqualTo("1");
        assertThat(value(ct, "00201208")).isEqualTo("1");
        assertThat(value(ct, "00080056")).isEqualTo("ONLINE");
        assertThat(value(ct, "00081190")).isEqualTo("http://127.0.0.1:" + port + "/dicomweb/studies/" + CT_STUDY);
        // Weasis asks for a study by UID with the fields it shows
        Map<String, Object> weasis = get("rad", "/dicomweb/studies?0020000D=" + CT_STUDY + "&includefield=00081030,00080060")
                .results().get(0);
        assertThat(weasis).containsKey("00081030");
        Map<String, Object> all = get("rad", "/dicomweb/studies?StudyInstanceUID=" + CT_STUDY + "&includefield=all").results().get(0);
        assertThat(all).containsKeys("00081030", "00100021");
    }

    @Test
    void seriesAndInstancesOfAStudyWithAbsoluteRetrieveUrls() throws Exception {
        Response series = get("rad", "/dicomweb/studies/" + CT_STUDY + "/series");
        assertThat(series.status()).as(series.body()).isEqualTo(200);
        Map<String, Object> s = series.results().get(0);
        String seriesUid = value(s, "0020000E");
        assertThat(value(s, "00080060")).isEqualTo("CT");
        assertThat(value(s, "00201209")).isEqualTo("1");
        assertThat(value(s, "00081190")).isEqualTo("http://127.0.0.1:" + port + "/dicomweb/studies/" + CT_STUDY + "/series/" + seriesUid);
        assertThat(s).as("a study's series do not repeat the study's attributes").doesNotContainKey("00100010");

        Response instances = get("rad", "/dicomweb/studies/" + CT_STUDY + "/series/" + seriesUid + "/instances");
        assertThat(instances.values("00080018")).containsExactly(CT_SOP);
        Map<String, Object> i = instances.results().get(0);
        assertThat(value(i, "00080016")).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(value(i, "00081190")).isEqualTo("http://127.0.0.1:" + port + "/dicomweb/studies/" + CT_STUDY + "/series/"
                + seriesUid + "/instances/" + CT_SOP);
        assertThat(get("rad", "/dicomweb/studies/" + CT_STUDY + "/instances").values("00080018")).containsExactly(CT_SOP);

        Response across = get("rad", "/dicomweb/series?Modality=MR");
        assertThat(across.values("0020000D")).containsExactly(MR_STUDY);
        assertThat(across.results().get(0)).as("a search across studies carries the study's attributes").containsKey("00100010");
        assertThat(get("rad", "/dicomweb/instances?SOPClassUID=1.2.840.10008.5.1.4.1.1.2").values("00080018")).containsExactly(CT_SOP);
        assertThat(get("rad", "/dicomweb/instances?SOPClassUID=1.2.840.10008.5.1.4.1.1.2&PatientName=wang*").results()).isEmpty();
        assertThat(get("rad", "/dicomweb/studies/" + CT_STUDY + "/series?SeriesInstanceUID=" + seriesUid).results()).hasSize(1);
        assertThat(get("rad", "/dicomweb/studies/" + MR_STUDY + "/series/" + seriesUid + "/instances").status())
                .as("a series of another study").isEqualTo(404);
    }

    @Test
    void retrieveUrlsFollowTheProxyHeaders() throws Exception {
        String path = "/dicomweb/studies?StudyInstanceUID=" + CT_STUDY;
        assertThat(value(get("rad", path, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "pacs.county.cn",
                "X-Forwarded-Prefix", "/rdc").results().get(0), "00081190"))
                .isEqualTo("https://pacs.county.cn/rdc/dicomweb/studies/" + CT_STUDY);
        assertThat(value(get("rad", path, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "pacs.county.cn",
                "X-Forwarded-Port", "8443").results().get(0), "00081190"))
                .isEqualTo("https://pacs.county.cn:8443/dicomweb/studies/" + CT_STUDY);
        assertThat(value(get("rad", path, "Forwarded", "for=10.0.0.1;proto=https;host=\"viewer.county.cn\", for=10.0.0.2")
                .results().get(0), "00081190")).isEqualTo("https://viewer.county.cn/dicomweb/studies/" + CT_STUDY);
        assertThat(value(get("rad", path, "X-Forwarded-Host", "evil.example/\"><script>").results().get(0), "00081190"))
                .as("not an address: ignored").isEqualTo("http://127.0.0.1:" + port + "/dicomweb/studies/" + CT_STUDY);
    }

    @Test
    void aCutSearchSaysSoAndTheNextPageFollows() throws Exception {
        Response first = get("rad", "/dicomweb/studies?limit=4");
        assertThat(first.results()).hasSize(4);
        assertThat(first.warnings()).singleElement().asString().matches("299 [^ ]+: \"The number of results exceeded the maximum"
                + " supported by the server\\. Additional results can be requested\\.\"");
        Response rest = get("rad", "/dicomweb/studies?limit=4&offset=4");
        assertThat(rest.results()).hasSize(2);
        assertThat(rest.warnings()).isEmpty();
        List<String> all = new ArrayList<>(first.values("0020000D"));
        all.addAll(rest.values("0020000D"));
        assertThat(Set.copyOf(all)).hasSize(6);
        Response fuzzy = get("rad", "/dicomweb/studies?PatientName=wang*&fuzzymatching=true");
        assertThat(fuzzy.status()).isEqualTo(200);
        assertThat(fuzzy.warnings()).singleElement().asString().contains("fuzzymatching parameter is not supported");
    }

    @Test
    void aFacilityUserFindsOnlyItsOwnStudiesAndAnotherFacilitysIsNotFound() throws Exception {
        assertThat(get("th01.clerk", "/dicomweb/studies").values("0020000D")).containsExactly(TH01_STUDY);
        assertThat(get("th01.clerk", "/dicomweb/studies?PatientName=wang*").values("0020000D")).containsExactly(TH01_STUDY);
        assertThat(get("th01.clerk", "/dicomweb/series").values("0020000D")).containsExactly(TH01_STUDY);
        assertThat(get("th01.clerk", "/dicomweb/instances?SOPClassUID=1.2.840.10008.5.1.4.1.1.2").results()).isEmpty();
        Response other = get("th01.clerk", "/dicomweb/studies/" + CT_STUDY + "/series");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body()).contains("no study " + CT_STUDY);
        assertThat(get("th01.clerk", "/dicomweb/studies/" + CT_STUDY + "/instances").status()).isEqualTo(404);
        assertThat(get("demo.clerk", "/dicomweb/studies/" + TH01_STUDY + "/series").status()).isEqualTo(404);
        assertThat(get("demo.clerk", "/dicomweb/studies").values("0020000D")).hasSize(5).doesNotContain(TH01_STUDY);
        assertThat(get("rad", "/dicomweb/studies/1.2.3.4/series").status()).as("unknown").isEqualTo(404);
        assertThat(get(null, "/dicomweb/studies").status()).isEqualTo(401);
    }

    @Test
    void badInputIs400WithASpecificMessageAndChangesNothing() throws Exception {
        int before = store.catalog().searchStudies(CatalogScope.alliance(), MatchKeys.builder().build()).matches().size();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/dicomweb/studies?StudyInstanceUID=1.2.abc", "'1.2.abc' is not a valid UID");
        cases.put("/dicomweb/studies/1.02.3/series", "'1.02.3' is not a valid UID");
        cases.put("/dicomweb/studies?includefield=NoSuchKeyword", "includefield 'NoSuchKeyword' is neither a keyword");
        cases.put("/dicomweb/studies?includefield=00990010", "'00990010' is not a tag of the DICOM dictionary");
        cases.put("/dicomweb/studies?Foo=bar", "query key 'Foo' is neither a keyword");
        cases.put("/dicomweb/studies?StudyDate=20261301", "'20261301' is not a date of the calendar");
        cases.put("/dicomweb/studies?StudyDate=2026-11-01", "is not a value or a range");
        cases.put("/dicomweb/studies?StudyDate=20261201-20261101", "the date range starts after it ends");
        cases.put("/dicomweb/studies?StudyTime=2500", "'2500' is not a time");
        cases.put("/dicomweb/studies?limit=-1", "limit must be at least 1, not -1");
        cases.put("/dicomweb/studies?limit=ten", "limit must be a whole number, not 'ten'");
        cases.put("/dicomweb/studies?offset=-5", "offset must be at least 0, not -5");
        cases.put("/dicomweb/studies?fuzzymatching=maybe", "fuzzymatching must be true or false");
        cases.put("/dicomweb/studies?SOPClassUID=1.2.840.10008.5.1.4.1.1.2", "SOPClassUID is an attribute of the instance level");
        cases.put("/dicomweb/studies?ReferringPhysicianName=Li*", "ReferringPhysicianName is not a matching key of this server");
        cases.put("/dicomweb/studies?00400275.00401001=X", "attributes inside sequences are not supported");
        cases.put("/dicomweb/studies?limit=1&limit=2", "limit is given 2 times");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Response r = get("rad", c.getKey());
            if (r.status() != 400 || !r.body().contains(c.getValue())) {
                wrong.add(c.getKey() + " -> " + r.status() + " " + r.body());
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(get("rad", "/dicomweb/studies?ReferringPhysicianName=").status()).as("an empty key only asks for the attribute")
                .isEqualTo(200);
        Response xml = get("rad", "/dicomweb/studies", "Accept", "multipart/related; type=\"application/dicom+xml\"");
        assertThat(xml.status()).isEqualTo(406);
        assertThat(xml.body()).contains("application/dicom+json only");
        assertThat(get("rad", "/dicomweb/studies", "Accept", "application/dicom+json, */*;q=0.1").status()).isEqualTo(200);
        assertThat(store.catalog().searchStudies(CatalogScope.alliance(), MatchKeys.builder().build()).matches()).hasSize(before);
    }

    /**
     * The JSON of an instance's attributes equals what dcmtk's dcm2json writes for the same attributes of
     * the file that was stored (values the catalog computes, such as counts and the Retrieve URL, are
     * not in the file). The GB18030 file (chrX2) shows the name decoded and re-encoded faithfully.
     * Study ID and Referring Physician's Name are not kept by the catalog and are returned empty.
     */
    @Test
    void theJsonOfEachAttributeEqualsDcm2jsonsForTheStoredFile() throws Exception {
        Requires.dcmtk("dcm2json");
        Set<String> computed = Set.of("00080056", "00080061", "00081190", "00083002", "00201206", "00201208", "00201209",
                "00200010", "00080090");
        int compared = 0;
        for (String f : List.of("dicom/pydicom-charsets/chrX1.dcm", "dicom/pydicom-charsets/chrX2.dcm", "dicom/pydicom/CT_small.dcm",
                "dicom/pydicom/MR_small.dcm")) {
            Path file = Requires.testdata(f);
            Process p = new ProcessBuilder("dcm2json", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, Object> expected = (Map<String, Object>) Json.parse(json);
            String sop = value(expected, "00080018");
            Response r = get("rad", "/dicomweb/instances?SOPInstanceUID=" + sop + "&includefield=all");
            assertThat(r.results()).as(f).hasSize(1);
            for (Map.Entry<String, Object> attribute : r.results().get(0).entrySet()) {
                if (computed.contains(attribute.getKey()) || !expected.containsKey(attribute.getKey())) {
                    continue;
                }
                assertThat(attribute.getValue()).as(f + " " + attribute.getKey()).isEqualTo(expected.get(attribute.getKey()));
                compared++;
            }
        }
        assertThat(compared).as("attributes compared in the four files").isGreaterThan(40);
    }
}
