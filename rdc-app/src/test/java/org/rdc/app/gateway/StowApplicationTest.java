package org.rdc.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.storage.InstanceStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** STOW-RS through the whole application (device API keys, the security chain, the store path) and the facilities admin API. */
// Closed after the class: it writes into the class\'s temporary data directory, which JUnit then deletes.
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public class StowApplicationTest {

    @TempDir
    static Path data;

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "correct horse battery";
    static final String ZS_KEY = "e20d5281c6d6bbe418e8123c67cf2462";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("rdc.demo", () -> "true"); // the quick start's demo facility and its published keys
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> ADMIN_PASSWORD);
    }

    @LocalServerPort
    int port;
    @Autowired
    InstanceStore store;
    @Autowired
    FacilityRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();

    public static byte[] part10(String study, String sop, String name) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.PatientName, VR.PN, name);
        ds.setString(Tag.PatientID, VR.LO, "STOW1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".1");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[100_000]);
        return Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), ds,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    public static byte[] multipart(String boundary, List<byte[]> parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(p);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    HttpResponse<String> post(String path, String auth, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void stowStoresEachPartAsReceivedAndAnswersPerInstance() throws Exception {
        String study = UidGenerator.newUid();
        String a = UidGenerator.newUid();
        String b = UidGenerator.newUid();
        byte[] fa = part10(study, a, "李^四");
        byte[] fb = part10(study, b, "李^四");
        HttpResponse<String> r = post("/dicomweb/studies", "Bearer demo-dr-key", multipart("XyZ", List.of(fa, fb)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/dicom+json");
        assertThat(r.body()).contains("00081199").contains(a).contains(b).doesNotContain("00081198");
        for (String[] x : new String[][] {{a, "a"}, {b, "b"}}) {
            byte[] sent = x[1].equals("a") ? fa : fb;
            byte[] stored;
            try (InputStream in = store.open(x[0])) {
                stored = in.readAllBytes();
            }
            // the data set after both files' meta groups is the same bytes
            assertThat(dataSet(stored)).isEqualTo(dataSet(sent));
        }
    }

    static byte[] dataSet(byte[] part10) {
        int meta = java.nio.ByteBuffer.wrap(part10).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(140);
        return Arrays.copyOfRange(part10, 144 + meta, part10.length);
    }

    @Test
    void partialFailureIs202AndNoneStoredIs409() throws Exception {
        String study = UidGenerator.newUid();
        String good = UidGenerator.newUid();
        byte[] truncated = Arrays.copyOf(part10(study, UidGenerator.newUid(), "x"), 5000);
        String basic = "Basic " + Base64.getEncoder().encodeToString("DEMO_DR:demo-dr-key".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post("/dicomweb/studies", basic, multipart("XyZ", List.of(part10(study, good, "x"), truncated)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("00081198").contains("00081197").contains(good);
        HttpResponse<String> none = post("/dicomweb/studies/" + UidGenerator.newUid(), "Bearer demo-dr-key",
                multipart("XyZ", List.of(part10(study, UidGenerator.newUid(), "x"))));
        assertThat(none.statusCode()).as("instance of another study than the URL's").isEqualTo(409);
    }

    @Test
    void devicesAuthenticateWithTheirKey() throws Exception {
        byte[] body = multipart("XyZ", List.of(part10(UidGenerator.newUid(), UidGenerator.newUid(), "x")));
        assertThat(post("/dicomweb/studies", null, body).statusCode()).isEqualTo(401);
        assertThat(post("/dicomweb/studies", "Bearer wrong", body).statusCode()).isEqualTo(401);
        String otherAe = "Basic " + Base64.getEncoder().encodeToString("DEMO_ECG:demo-dr-key".getBytes(StandardCharsets.UTF_8));
        assertThat(post("/dicomweb/studies", otherAe, body).statusCode()).isEqualTo(401);
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dicomweb/studies"))
                .header("Authorization", "Bearer demo-dr-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void facilitiesAdminApi(CapturedOutput log) throws Exception {
        String admin = "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        String json = """
                {"name": "珠山镇中心卫生院", "defaultCharacterSet": "GB18030",
                 "devices": [{"aeTitle": "ZHUSHAN_DR", "kind": "DX", "hosts": ["127.0.0.1"], "apiKey": "%s"}]}""";
        HttpResponse<String> weak = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/facilities/zhushan"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.formatted("zs-key"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(weak.statusCode()).as("a key of 6 characters is refused").isEqualTo(400);
        assertThat(weak.body()).contains("device 'ZHUSHAN_DR'").contains("at least 128 are required").doesNotContain("zs-key");
        assertThat(registry.facility("zhushan")).isEmpty();
        json = json.formatted(ZS_KEY);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/facilities/zhushan"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).contains("ZHUSHAN_DR").contains("\"apiKeySet\":true").doesNotContain(ZS_KEY);
        assertThat(registry.byApiKey(ZS_KEY)).get().extracting(m -> m.facility().id()).isEqualTo("zhushan");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/facilities"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/facilities/x"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"devices\": [{\"aeTitle\": \"WAY_TOO_LONG_AE_TITLE_X\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> del = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/facilities/zhushan"))
                .header("Authorization", admin).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(del.statusCode()).isEqualTo(204);
        assertThat(registry.byAeTitle("ZHUSHAN_DR")).isEmpty();
        // who changed what is in the log, the key is not
        assertThat(log.getAll()).contains("facility zhushan created by " + ADMIN + ": devices [ZHUSHAN_DR]")
                .contains("facility zhushan deleted by " + ADMIN).doesNotContain(ZS_KEY);
    }
}
