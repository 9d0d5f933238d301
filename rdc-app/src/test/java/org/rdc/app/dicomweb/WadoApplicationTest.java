package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.json.JsonWriter;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * WADO-RS through the whole application: retrieval as stored and as Explicit VR Little Endian, 406s with
 * their reasons, metadata with BulkDataURIs behind a proxy, bulk data with Range, and who may see what.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WadoApplicationTest {

    static final Path data;

    static {
        try {
            data = Files.createTempDirectory("rdc-wado");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String ADMIN = "admin";
    static final String PASSWORD = "s3cret-pass-word";
    static final String IMPLICIT = "1.2.840.10008.1.2";
    static final String EXPLICIT = "1.2.840.10008.1.2.1";
    static final String JPEG_LS = "1.2.840.10008.1.2.4.80";
    static final String ALL_AS_STORED = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> PASSWORD);
        registry.add("rdc.dicom.enabled", () -> "false");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
    }

    @LocalServerPort
    int port;
    @Autowired
    InstanceStore store;

    private final HttpClient http = HttpClient.newHttpClient();

    final String study = UidGenerator.newUid();
    final String implicitSeries = study + ".1";
    final String jpegLsSeries = study + ".2";
    final List<String> implicitSops = List.of(study + ".1.1", study + ".1.2");
    final String jpegLsSop = study + ".2.1";
    final String otherStudy = UidGenerator.newUid();
    byte[] implicit1;
    byte[] implicit2;
    byte[] jpegLs;
    byte[] other;

    record Response(int status, String contentType, byte[] body, java.net.http.HttpHeaders headers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    void storeStudies() throws Exception {
        implicit1 = file(instance(study, implicitSeries, implicitSops.get(0), 1, "李^四"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        implicit2 = file(instance(study, implicitSeries, implicitSops.get(1), 2, "李^四"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        DicomFile ls = new Part10Reader().read(Requires.testdata("dicom/pydicom/MR_small_jpeg_ls_lossless.dcm"));
        for (int[] t : new int[][] {{Tag.StudyInstanceUID}, {Tag.SeriesInstanceUID}, {Tag.SOPInstanceUID}}) {
            ls.dataSet().remove(t[0]);
        }
        ls.dataSet().setString(Tag.StudyInstanceUID, VR.UI, study);
        ls.dataSet().setString(Tag.SeriesInstanceUID, VR.UI, jpegLsSeries);
        ls.dataSet().setString(Tag.SOPInstanceUID, VR.UI, jpegLsSop);
        ls.meta().setString(Tag.MediaStorageSOPInstanceUID, VR.UI, jpegLsSop);
        jpegLs = Part10Writer.toBytes(ls);
        other = file(instance(otherStudy, otherStudy + ".1", otherStudy + ".1.1", 1, "王^五"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        put(implicit1, "demo", "CT");
        put(implicit2, "demo", "CT");
        put(jpegLs, "demo", "MR");
        put(other, "th01", "CT");
        createUser("demo.clerk", "\"FACILITY_USER\"", "demo");
        createUser("th01.clerk", "\"FACILITY_USER\"", "th01");
    }

    static DataSet instance(String study, String series, String sop, int number, String name) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.PatientName, VR.PN, name);
        ds.setString(Tag.PatientID, VR.LO, "P" + Math.abs(study.hashCode()));
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setInt(Tag.of(0x0028, 0x0010), VR.US, 64);
        ds.setInt(Tag.of(0x0028, 0x0011), VR.US, 64);
        ds.setInt(Tag.of(0x0028, 0x0100), VR.US, 16);
        ds.setInt(Tag.PixelRepresentation, VR.US, 1);
        ds.setInt(Tag.of(0x0028, 0x0106), VR.SS, -1024);
        byte[] pixels = new byte[64 * 64 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7 + number);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    static byte[] file(DataSet ds, TransferSyntax ts) throws Exception {
        return Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, ts), ds, ts));
    }

    private void put(byte[] file, String facility, String modality) throws Exception {
        DicomFile f = new Part10Reader().read(new ByteArrayInputStream(file), file.length);
        DataSet ds = f.dataSet();
        store.store(new InstanceAttributes(ds.getString(Tag.PatientID), "HOSP", ds.getString(Tag.PatientName), "F",
                LocalDate.of(1980, 5, 1), ds.getString(Tag.StudyInstanceUID), "ACC1", LocalDate.of(2026, 11, 23), "090000",
                modality + " 检查", ds.getString(Tag.SeriesInstanceUID), modality, null, 1, null, ds.getString(Tag.SOPClassUID),
                ds.getString(Tag.SOPInstanceUID), 1, f.transferSyntax().uid(), facility, "DEV", null), new ByteArrayInputStream(file));
    }

    private void createUser(String name, String roles, String facility) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/users"))
                .header("Authorization", basic(ADMIN, PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + name + "-password\","
                        + "\"roles\":[" + roles + "],\"serviceLines\":[\"RADIOLOGY\"],\"facilityId\":\"" + facility + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Response get(String user, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : "http://127.0.0.1:" + port + path)).GET();
        if (user != null) {
            b.header("Authorization", user.equals(ADMIN) ? basic(ADMIN, PASSWORD) : basic(user, user + "-password"));
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
    }

    record Part(String contentType, byte[] body) {
    }

    /** RFC 2046 §5.1 as PS3.18 §8.6.1.1 uses it: the boundary from the Content-Type, parts with their headers. */
    static List<Part> parts(Response r) {
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(r.contentType());
        assertThat(m.find()).as(r.contentType()).isTrue();
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(r.body(), delimiter, 0);
        assertThat(at).isZero();
        while (true) {
            int start = at + delimiter.length;
            if (r.body()[start] == '-' && r.body()[start + 1] == '-') {
                return parts;
            }
            int headersEnd = indexOf(r.body(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
            String headers = new String(r.body(), start + 2, headersEnd - start - 2, StandardCharsets.US_ASCII);
            int next = indexOf(r.body(), ("\r\n--" + m.group(1)).getBytes(StandardCharsets.US_ASCII), headersEnd + 4);
            assertThat(next).as("closing delimiter").isPositive();
            Matcher ct = Pattern.compile("(?i)Content-Type: ([^\r\n]+)").matcher(headers);
            parts.add(new Part(ct.find() ? ct.group(1) : null, Arrays.copyOfRange(r.body(), headersEnd + 4, next)));
            at = next + 2;
        }
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void studyAsStoredIsTheBytesAsStoredEachPartNamingItsSyntax() throws Exception {
        Response r = get(ADMIN, "/dicomweb/studies/" + study, "Accept", ALL_AS_STORED);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("multipart/related; type=\"application/dicom\"").doesNotContain("transfer-syntax");
        List<Part> parts = parts(r);
        assertThat(parts).extracting(Part::contentType).containsExactlyInAnyOrder(
                "application/dicom; transfer-syntax=" + IMPLICIT, "application/dicom; transfer-syntax=" + IMPLICIT,
                "application/dicom; transfer-syntax=" + JPEG_LS);
        assertThat(parts).extracting(p -> Arrays.hashCode(p.body())).containsExactlyInAnyOrder(
                Arrays.hashCode(implicit1), Arrays.hashCode(implicit2), Arrays.hashCode(jpegLs));
        Response one = get(ADMIN, "/dicomweb/studies/" + study + "/series/" + jpegLsSeries + "/instances/" + jpegLsSop,
                "Accept", "multipart/related; type=application/dicom; transfer-syntax=" + JPEG_LS);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.contentType()).contains("transfer-syntax=" + JPEG_LS);
        assertThat(parts(one).get(0).body()).isEqualTo(jpegLs);
    }

    @Test
    void explicitLittleEndianOnRequestAndByDefault() throws Exception {
        for (String accept : new String[] {"multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1", "*/*",
                "multipart/related; type=\"application/dicom\""}) {
            Response r = get(ADMIN, "/dicomweb/studies/" + study + "/series/" + implicitSeries, "Accept", accept);
            assertThat(r.status()).as(accept + ": " + r.text()).isEqualTo(200);
            List<Part> parts = parts(r);
            assertThat(parts).hasSize(2).allSatisfy(p -> {
                assertThat(p.contentType()).isEqualTo("application/dicom; transfer-syntax=" + EXPLICIT);
                DicomFile f = new Part10Reader().read(new ByteArrayInputStream(p.body()), p.body().length);
                assertThat(f.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                byte[] original = f.dataSet().getString(Tag.SOPInstanceUID).equals(implicitSops.get(0)) ? implicit1 : implicit2;
                assertThat(new JsonWriter().write(f.dataSet())).as("same attributes as stored")
                        .isEqualTo(new JsonWriter().write(new Part10Reader().read(new ByteArrayInputStream(original), original.length).dataSet()));
                assertThat(f.dataSet().getInt(Tag.of(0x0028, 0x0106), 0)).as("US or SS by Pixel Representation").isEqualTo(-1024);
            });
        }
    }

    @Test
    void notAcceptableNamesWhatWasAskedAndWhatIsAvailable() throws Exception {
        Response ls = get(ADMIN, "/dicomweb/studies/" + study + "/series/" + jpegLsSeries,
                "Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1");
        assertThat(ls.status()).isEqualTo(406);
        assertThat(ls.contentType()).startsWith("application/problem+json");
        assertThat(ls.text()).contains("series " + jpegLsSeries).contains("transfer-syntax=" + JPEG_LS);
        Response whole = get(ADMIN, "/dicomweb/studies/" + study,
                "Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1");
        assertThat(whole.status()).as("one instance of the study cannot be made Explicit VR LE").isEqualTo(406);
        assertThat(get(ADMIN, "/dicomweb/studies/" + study, "Accept", "image/png").status()).isEqualTo(406);
        assertThat(get(ADMIN, "/dicomweb/studies/" + study + "/metadata", "Accept", "application/dicom+xml").status()).isEqualTo(406);
    }

    @Test
    void metadataWithBulkDataUrisBehindAProxyAndBulkDataWithRange() throws Exception {
        Response r = get(ADMIN, "/dicomweb/studies/" + study + "/series/" + implicitSeries + "/metadata",
                "Accept", "application/dicom+json", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "rdc.county.cn");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/dicom+json");
        String json = r.text();
        assertThat(json).startsWith("[{").endsWith("}]").contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"李^四\"}]}")
                .contains("\"00280106\":{\"vr\":\"SS\",\"Value\":[-1024]}").doesNotContain("InlineBinary");
        Matcher m = Pattern.compile("\"7FE00010\":\\{\"vr\":\"OW\",\"BulkDataURI\":\"(https://rdc\\.county\\.cn/dicomweb/studies/"
                + Pattern.quote(study) + "/series/" + Pattern.quote(implicitSeries) + "/instances/(" + Pattern.quote(implicitSops.get(0))
                + "|" + Pattern.quote(implicitSops.get(1)) + ")/bulkdata/\\d+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        String local = m.group(1).replace("https://rdc.county.cn", "http://127.0.0.1:" + port);
        byte[] pixels = new Part10Reader().read(new ByteArrayInputStream(m.group(2).equals(implicitSops.get(0)) ? implicit1 : implicit2), -1)
                .dataSet().getBytes(Tag.PixelData);

        Response whole = get(ADMIN, local, "Accept", "application/octet-stream");
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.contentType()).isEqualTo("application/octet-stream");
        assertThat(whole.body()).isEqualTo(pixels);
        Response multipart = get(ADMIN, local);
        assertThat(multipart.contentType()).startsWith("multipart/related; type=\"application/octet-stream\"");
        assertThat(parts(multipart).get(0).body()).isEqualTo(pixels);

        Response range = get(ADMIN, local, "Accept", "application/octet-stream", "Range", "bytes=100-199");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + pixels.length);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(pixels, 100, 200));
        Response suffix = get(ADMIN, local, "Accept", "application/octet-stream", "Range", "bytes=-10");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(pixels, pixels.length - 10, pixels.length));
        Response outside = get(ADMIN, local, "Range", "bytes=999999-");
        assertThat(outside.status()).isEqualTo(416);
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */" + pixels.length);
        Response nowhere = get(ADMIN, local.replaceAll("/bulkdata/\\d+$", "/bulkdata/3"));
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.text()).contains("no value starts at byte 3");

        Response instance = get(ADMIN, "/dicomweb/studies/" + study + "/series/" + jpegLsSeries + "/instances/" + jpegLsSop + "/metadata");
        assertThat(instance.status()).isEqualTo(200);
        Matcher ls = Pattern.compile("\"7FE00010\":\\{\"vr\":\"O[BW]\",\"BulkDataURI\":\"([^\"]+)\"").matcher(instance.text());
        assertThat(ls.find()).as(instance.text()).isTrue();
        byte[] fragments = get(ADMIN, ls.group(1), "Accept", "application/octet-stream").body();
        DicomFile lsFile = new Part10Reader().read(new ByteArrayInputStream(jpegLs), jpegLs.length);
        assertThat(fragments).as("the JPEG-LS bitstream, offset table left out").isEqualTo(lsFile.dataSet().get(Tag.PixelData).fragments().bytes(1));
        assertThat(get(ADMIN, "/dicomweb/studies/" + study + "/metadata").text()).contains(jpegLsSop).contains(implicitSops.get(1));
    }

    @Test
    void facilityScopingMalformedUidsAndAuthentication() throws Exception {
        String series = "/dicomweb/studies/" + study + "/series/" + implicitSeries;
        String instance = series + "/instances/" + implicitSops.get(0);
        assertThat(get("demo.clerk", instance, "Accept", ALL_AS_STORED).status()).as("own facility").isEqualTo(200);
        for (String path : new String[] {"/dicomweb/studies/" + study, series, instance, "/dicomweb/studies/" + study + "/metadata",
                series + "/metadata", instance + "/metadata", instance + "/bulkdata/1000"}) {
            Response r = get("th01.clerk", path);
            assertThat(r.status()).as("another facility's: " + path).isEqualTo(404);
            assertThat(r.text()).doesNotContain("李");
        }
        assertThat(get("th01.clerk", "/dicomweb/studies/" + otherStudy, "Accept", ALL_AS_STORED).status()).isEqualTo(200);
        assertThat(get(ADMIN, "/dicomweb/studies/" + UidGenerator.newUid()).status()).as("unknown").isEqualTo(404);
        assertThat(get(ADMIN, series + "/instances/" + UidGenerator.newUid()).status()).isEqualTo(404);
        assertThat(get(ADMIN, "/dicomweb/studies/" + study + "/series/" + jpegLsSeries + "/instances/" + implicitSops.get(0)).status())
                .as("an instance under the wrong series").isEqualTo(404);
        Response bad = get(ADMIN, "/dicomweb/studies/1.02.3");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("Study Instance UID '1.02.3' is not a valid UID");
        assertThat(get(ADMIN, series + "/instances/abc/metadata").status()).isEqualTo(400);
        assertThat(get(ADMIN, instance + "/bulkdata/x1").status()).isEqualTo(400);
        Response anonymous = get(null, "/dicomweb/studies/" + study);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(get(null, "/dicomweb/studies/" + study, "Authorization", "Bearer demo-dr-key").status())
                .as("a device key does not read").isEqualTo(401);
    }

    @Test
    void anInstanceWhoseStoredBytesNoLongerMatchCutsTheRetrievalOffBeforeItsPartEnds() throws Exception {
        String damagedStudy = UidGenerator.newUid();
        String series = damagedStudy + ".1";
        List<byte[]> files = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            // 512 KiB each: the response is committed (its 64 KiB buffer sent) long before the damaged instance ends
            DataSet ds = instance(damagedStudy, series, series + "." + n, n, "赵^六");
            ds.setInt(Tag.of(0x0028, 0x0010), VR.US, 512);
            ds.setInt(Tag.of(0x0028, 0x0011), VR.US, 512);
            byte[] pixels = new byte[512 * 512 * 2];
            Arrays.fill(pixels, (byte) n);
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            files.add(file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            put(files.get(n - 1), "demo", "CT");
        }
        assertThat(store.mover().awaitIdle(java.time.Duration.ofSeconds(30))).isTrue();
        // read whole once while intact: its files are now marked as matched, and the damage must still be found
        HttpResponse<byte[]> intact = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dicomweb/studies/"
                        + damagedStudy + "/series/" + series)).header("Authorization", basic(ADMIN, PASSWORD))
                .header("Accept", ALL_AS_STORED).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(intact.statusCode()).isEqualTo(200);
        assertThat(indexOf(intact.body(), files.get(2), 0)).isPositive();
        String key = store.locate(series + ".2").orElseThrow().objectKey();
        Path object;
        try (var walk = Files.walk(data.resolve("objects"))) {
            object = walk.filter(p -> p.endsWith(key)).findFirst().orElseThrow();
        }
        byte[] damaged = Files.readAllBytes(object);
        damaged[damaged.length - 100] ^= 1;
        Files.write(object, damaged);

        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dicomweb/studies/"
                        + damagedStudy + "/series/" + series)).header("Authorization", basic(ADMIN, PASSWORD))
                .header("Accept", ALL_AS_STORED).build(), HttpResponse.BodyHandlers.ofInputStream());
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        boolean cut = false;
        try (InputStream in = r.body()) {
            in.transferTo(got);
        } catch (java.io.IOException e) {
            cut = true;
        }
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(cut).as("the response is cut off, not completed").isTrue();
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(r.headers().firstValue("Content-Type").orElseThrow());
        assertThat(m.find()).isTrue();
        byte[] body = got.toByteArray();
        assertThat(indexOf(body, files.get(0), 0)).as("the first instance went out whole").isPositive();
        byte[] delimiter = ("\r\n--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        int second = indexOf(body, delimiter, 0);
        assertThat(second).as("the damaged instance's part began").isPositive();
        assertThat(indexOf(body, delimiter, second + delimiter.length)).as("no delimiter after the damaged instance").isEqualTo(-1);
    }

    @Test
    void aGetWritesNothing() throws Exception {
        var before = store.catalog().study(study).orElseThrow();
        get(ADMIN, "/dicomweb/studies/" + study, "Accept", ALL_AS_STORED);
        get(ADMIN, "/dicomweb/studies/" + study + "/metadata");
        get("th01.clerk", "/dicomweb/studies/" + study);
        assertThat(store.catalog().study(study).orElseThrow()).isEqualTo(before);
        try (InputStream in = store.open(implicitSops.get(0))) {
            assertThat(in.readAllBytes()).isEqualTo(implicit1);
        }
    }
}
