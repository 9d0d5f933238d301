package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.storage.InstanceStore;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 12 point 6, first client: Debian's Orthanc with its DICOMweb plugin, configured with this
 * server as a remote DICOMweb server ("DicomWeb.Servers", HTTP Basic of a reader). dcmtk's storescu
 * pushes a study to our gateway; Orthanc lists our studies (QIDO-RS through the plugin's
 * {@code /dicom-web/servers/rdc/qido}), reads the study's metadata ({@code .../get}) and retrieves the
 * whole study (WADO-RS, {@code .../retrieve}); the files Orthanc then holds are the files we hold, whose
 * data sets are the bytes storescu sent.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrthancDicomWebTest {

    @TempDir
    static Path data;

    static final String READER = "orthanc-reader";
    static final String READER_PASSWORD = "orthanc-reader-pass";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.resolve("rdc").toString());
        registry.add("rdc.demo", () -> "true"); // the demo facility's DEMO_DR may C-STORE from 127.0.0.1
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.admin.user", () -> "admin");
        registry.add("rdc.admin.password", () -> "orthanc-admin");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
        registry.add("rdc.dicom.port", () -> "0");
        registry.add("rdc.dicom.bind-address", () -> "127.0.0.1");
        registry.add("rdc.ecg.enabled", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    DicomGateway gateway;
    @Autowired
    InstanceStore store;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void orthancListsAndRetrievesAStudyByteForByte() throws Exception {
        Requires.orthanc();
        Path plugin = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
        Requires.that(Files.isRegularFile(plugin), "the Orthanc DICOMweb plugin (apt-get install orthanc-dicomweb)");
        Requires.dcmtk("storescu");
        Requires.program("gcc", "gcc");

        assertThat(api("POST", "/api/admin/users", "{\"username\":\"" + READER + "\",\"password\":\"" + READER_PASSWORD
                + "\",\"roles\":[\"READER\"],\"serviceLines\":[\"RADIOLOGY\"]}").statusCode()).isEqualTo(201);

        // a CT study of three instances and one more in a second series, Explicit VR LE so that storescu sends the files' data sets unchanged
        String study = UidGenerator.newUid();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path f = data.resolve("ct" + i + ".dcm");
            Part10Writer.write(f, ct(study, study + ".1", study + ".1." + i, i), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            files.add(f);
        }
        Path second = data.resolve("ct-series2.dcm");
        Part10Writer.write(second, ct(study, study + ".2", study + ".2.1", 7), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        files.add(second);
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "DEMO_DR", "-aec", "RDC", "127.0.0.1",
                String.valueOf(gateway.port())));
        files.forEach(f -> cmd.add(f.toString()));
        Process scu = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String scuOut = new String(scu.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(scu.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(scu.exitValue()).as(scuOut).isZero();
        Map<String, byte[]> pushed = new HashMap<>();
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            pushed.put(new Part10Reader().read(f).dataSet().getString(Tag.SOPInstanceUID), b);
        }

        int orthancHttp = freePort();
        int orthancDicom = freePort();
        Path home = data.resolve("orthanc");
        Files.createDirectories(home.resolve("db"));
        Files.writeString(home.resolve("orthanc.json"), """
                {
                  "Name": "rdc-dicomweb-client",
                  "StorageDirectory": "%s", "IndexDirectory": "%s", "StorageCompression": false,
                  "Plugins": ["%s"],
                  "HttpServerEnabled": true, "HttpPort": %d, "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
                  "DicomServerEnabled": true, "DicomAet": "ORTHANC", "DicomPort": %d,
                  "DicomWeb": {
                    "Enable": true, "Root": "/dicom-web/",
                    "Servers": { "rdc": { "Url": "http://127.0.0.1:%d/dicomweb/", "Username": "%s", "Password": "%s" } }
                  }
                }
                """.formatted(home.resolve("db"), home.resolve("db"), plugin, orthancHttp, orthancDicom, port, READER, READER_PASSWORD));
        ProcessBuilder pb = new ProcessBuilder("/usr/sbin/Orthanc", home.resolve("orthanc.json").toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("orthanc.log").toFile());
        pb.environment().put("LD_PRELOAD", loopbackShim().toString()); // Orthanc 1.10 cannot choose a listen address
        Process orthanc = pb.start();
        try {
            waitPort(orthancHttp, 60);
            String orthancUrl = "http://127.0.0.1:" + orthancHttp;

            // QIDO-RS through the plugin's client: our studies, this one among them
            HttpResponse<String> qido = post(orthancUrl + "/dicom-web/servers/rdc/qido", "{\"Uri\": \"/studies\"}");
            assertThat(qido.statusCode()).as(qido.body() + log(home)).isEqualTo(200);
            assertThat(qido.body()).contains(study);
            // WADO-RS metadata through the same client
            HttpResponse<String> metadata = post(orthancUrl + "/dicom-web/servers/rdc/get",
                    "{\"Uri\": \"/studies/" + study + "/series/" + study + ".1/metadata\"}");
            assertThat(metadata.statusCode()).as(metadata.body() + log(home)).isEqualTo(200);
            assertThat(metadata.body()).contains(study + ".1.1").contains(study + ".1.3").contains("BulkDataURI");

            // WADO-RS retrieve of the whole study
            HttpResponse<String> retrieve = post(orthancUrl + "/dicom-web/servers/rdc/retrieve",
                    "{\"Resources\": [{\"Study\": \"" + study + "\"}]}");
            assertThat(retrieve.statusCode()).as(retrieve.body() + log(home)).isEqualTo(200);

            HttpResponse<String> ids = http.send(HttpRequest.newBuilder(URI.create(orthancUrl + "/instances")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"([0-9a-f-]{44})\"").matcher(ids.body());
            int count = 0;
            while (m.find()) {
                byte[] held = http.send(HttpRequest.newBuilder(URI.create(orthancUrl + "/instances/" + m.group(1) + "/file")).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body();
                String sop = new Part10Reader().read(new java.io.ByteArrayInputStream(held), held.length).dataSet().getString(Tag.SOPInstanceUID);
                assertThat(pushed).containsKey(sop);
                byte[] ours;
                try (InputStream in = store.open(sop)) {
                    ours = in.readAllBytes();
                }
                assertThat(held).as("Orthanc holds the file we hold: " + sop).isEqualTo(ours);
                assertThat(dataSet(held)).as("whose data set is what storescu sent: " + sop).isEqualTo(dataSet(pushed.get(sop)));
                count++;
            }
            assertThat(count).as(ids.body()).isEqualTo(4);
        } finally {
            orthanc.destroy();
            if (!orthanc.waitFor(20, TimeUnit.SECONDS)) {
                orthanc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static DataSet ct(String study, String series, String sop, int number) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.PatientName, VR.PN, "孙^八");
        ds.setString(Tag.PatientID, VR.LO, "ORTHANC-1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setString(0x00080060, VR.CS, "CT");
        ds.setString(0x00200013, VR.IS, String.valueOf(number));
        ds.setInt(Tag.of(0x0028, 0x0002), VR.US, 1);
        ds.setString(Tag.of(0x0028, 0x0004), VR.CS, "MONOCHROME2");
        ds.setInt(Tag.of(0x0028, 0x0010), VR.US, 128);
        ds.setInt(Tag.of(0x0028, 0x0011), VR.US, 128);
        ds.setInt(Tag.of(0x0028, 0x0100), VR.US, 16);
        ds.setInt(Tag.of(0x0028, 0x0101), VR.US, 12);
        ds.setInt(Tag.of(0x0028, 0x0102), VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = new byte[128 * 128 * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            pixels[i] = (byte) (i / 2 + number);
            pixels[i + 1] = (byte) ((i / 256) & 0x0F);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    /** The data set after the File Meta Information, which each receiver writes for itself (PS3.10 §7.1). */
    static byte[] dataSet(byte[] part10) {
        int meta = ByteBuffer.wrap(part10).order(ByteOrder.LITTLE_ENDIAN).getInt(140);
        return Arrays.copyOfRange(part10, 144 + meta, part10.length);
    }

    private HttpResponse<String> api(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:orthanc-admin".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String log(Path home) throws Exception {
        Path log = home.resolve("orthanc.log");
        return Files.exists(log) ? "\n--- orthanc.log ---\n" + Files.readString(log) : "";
    }

    /** The gateway module's LD_PRELOAD shim (from ../shared/peers), built into target/: any wildcard bind() becomes 127.0.0.1. */
    static Path loopbackShim() throws Exception {
        Path so = Path.of("target", "bind-loopback.so").toAbsolutePath();
        if (!Files.exists(so)) {
            Path c = Path.of("..", "dicom-gateway", "src", "test", "resources", "bind-loopback.c").toAbsolutePath().normalize();
            Requires.that(Files.isRegularFile(c), "the loopback shim source " + c);
            Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-o", so.toString(), c.toString(), "-ldl")
                    .redirectErrorStream(true).start();
            String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0).as("gcc: " + out).isTrue();
        }
        return so;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void waitPort(int port, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("Orthanc's port " + port + " not open after " + seconds + " s");
    }
}
