package org.rdc.app.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end with an independent DICOM implementation: dcmtk's storescu pushes an X-ray and a DICOM
 * ECG to the gateway as the demo facility's devices; after the facility's quiet period they are
 * tasks in RADIOLOGY and ECG with the facility's priority and the SLA's due time. A critical ECG
 * uploaded over HTTP afterwards is the first the ECG reader gets. Skips without dcmtk.
 */
// Closed after the class: it writes into the class\'s temporary data directory, which JUnit then deletes.
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorescuWorklistTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("rdc.demo", () -> "true"); // the quick start's demo facility and its published keys
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.admin.user", () -> "admin");
        registry.add("rdc.admin.password", () -> "storescu-admin");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
        registry.add("rdc.dicom.port", () -> "0");
        registry.add("rdc.dicom.bind-address", () -> "127.0.0.1");
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.port", () -> "0");
        registry.add("rdc.worklist.poll-interval", () -> "100ms");
        registry.add("rdc.worklist.facilities", () -> "demo:quiet=1s,priority=INPATIENT");
    }

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    DicomGateway gateway;
    @Autowired
    EcgHttpServer ecg;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> api(String user, String password, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String storescu(String callingAe, Path file) throws Exception {
        Process p = new ProcessBuilder("storescu", "-aet", callingAe, "-aec", "RDC", "127.0.0.1", String.valueOf(gateway.port()),
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("storescu: " + out).isZero();
        return out;
    }

    private String awaitTaskJson(String studyUid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api("admin", "storescu-admin", "GET", "/api/worklist?size=100", null);
            Matcher m = Pattern.compile("\"id\":(\\d+),\"studyInstanceUid\":\"" + Pattern.quote(studyUid) + "\"").matcher(r.body());
            if (m.find()) {
                return api("admin", "storescu-admin", "GET", "/api/tasks/" + m.group(1), null).body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no task for study " + studyUid + " within 20 s");
    }

    private static Instant field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name).isTrue();
        return Instant.parse(m.group(1));
    }

    @Test
    void studiesPushedWithStorescuBecomeTasksAndACriticalEcgUploadIsReadFirst() throws Exception {
        Requires.dcmtk("storescu");
        for (String[] u : List.of(new String[] {"rad", "RADIOLOGY"}, new String[] {"cardio", "ECG"})) {
            assertThat(api("admin", "storescu-admin", "POST", "/api/admin/users", "{\"username\":\"" + u[0] + "\",\"password\":\""
                    + u[0] + "-password\",\"roles\":[\"READER\"],\"serviceLines\":[\"" + u[1] + "\"]}").statusCode()).isEqualTo(201);
        }

        String study = UidGenerator.newUid();
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.PatientName, VR.PN, "赵^六");
        ds.setString(Tag.PatientID, VR.LO, "SCU-1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(0x00080060, VR.CS, "DX");
        Path dx = data.resolve("dx.dcm");
        Part10Writer.write(dx, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        storescu("DEMO_DR", dx);

        // the C-STORE is on the operator's dashboard (no sign-in for /actuator/prometheus on the management port)
        String prometheus = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(prometheus).containsPattern("rdc_dicom_cstore_seconds_count\\{[^}]*outcome=\"new\"[^}]*status=\"0000\"[^}]*\\} [1-9]")
                .containsPattern("rdc_dicom_associations_total\\{[^}]*outcome=\"accepted\"[^}]*\\} [1-9]");

        String dxTask = awaitTaskJson(study);
        assertThat(dxTask).contains("\"serviceLine\":\"RADIOLOGY\"").contains("\"priority\":\"INPATIENT\"")
                .contains("\"readyReason\":\"QUIET_PERIOD\"").contains("\"facilityId\":\"demo\"").contains("赵^六");
        assertThat(Duration.between(field(dxTask, "arrivedAt"), field(dxTask, "dueAt"))).isEqualTo(Duration.ofMinutes(120));

        Path dicomEcg = Requires.testdata("ecg/pydicom/waveform_ecg.dcm");
        Path criticalXml = Requires.testdata("ecg/philips-sierra/129DYPRG.XML");
        Requires.dcmtk("dcmdump");
        storescu("DEMO_ECG", dicomEcg);
        String ecgStudy = new String(new ProcessBuilder("dcmdump", "+P", "0020,000d", dicomEcg.toString()).start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s).*\\[([0-9.]+)\\].*", "$1");
        String ecgTask = awaitTaskJson(ecgStudy);
        assertThat(ecgTask).contains("\"serviceLine\":\"ECG\"").contains("\"critical\":false");

        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ecg.port() + "/api/ecg"))
                .header("Authorization", "Bearer demo-ecg-key").POST(HttpRequest.BodyPublishers.ofFile(criticalXml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String criticalStudy = upload.body().replaceAll("(?s).*?\"studyInstanceUid\":\"([^\"]*)\".*", "$1");
        String critical = awaitTaskJson(criticalStudy);
        assertThat(critical).contains("\"priority\":\"STAT\"").contains("\"critical\":true");

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> next = api("cardio", "cardio-password", "POST", "/api/worklist/next", null);
            assertThat(next.statusCode()).isEqualTo(200);
            order.add(next.body().replaceAll("(?s).*?\"studyInstanceUid\":\"([^\"]*)\".*", "$1"));
        }
        assertThat(order).containsExactly(criticalStudy, ecgStudy);
        assertThat(api("cardio", "cardio-password", "POST", "/api/worklist/next", null).statusCode()).isEqualTo(204);
        assertThat(api("rad", "rad-password", "POST", "/api/worklist/next", null).body()).contains(study);
    }

    private Path ultrasound(String name, String study, java.util.function.Consumer<DataSet> marking) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.6.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.PatientName, VR.PN, "钱^七");
        ds.setString(Tag.PatientID, VR.LO, "SCU-" + name);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(0x00080060, VR.CS, "US");
        marking.accept(ds);
        Path file = data.resolve(name + ".dcm");
        Part10Writer.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    @Test
    void theRequestedPriorityInTheDataSetDecidesTheTasksPriority() throws Exception {
        Requires.dcmtk("storescu");
        String stat = UidGenerator.newUid();
        String inRequest = UidGenerator.newUid();
        String retired = UidGenerator.newUid();
        String none = UidGenerator.newUid();
        storescu("DEMO_DR", ultrasound("us-stat", stat, ds -> ds.setString(Tag.RequestedProcedurePriority, VR.SH, "STAT")));
        storescu("DEMO_DR", ultrasound("us-request", inRequest, ds -> ds.newSequence(Tag.RequestAttributesSequence).addItem()
                .setString(Tag.RequestedProcedurePriority, VR.SH, "急诊")));
        storescu("DEMO_DR", ultrasound("us-retired", retired, ds -> ds.setString(Tag.StudyPriorityID, VR.CS, "LOW")));
        storescu("DEMO_DR", ultrasound("us-none", none, ds -> { }));

        String statTask = awaitTaskJson(stat);
        assertThat(statTask).contains("\"serviceLine\":\"ULTRASOUND\"").contains("\"priority\":\"STAT\"")
                .contains("requested priority 'STAT' = STAT");
        assertThat(Duration.between(field(statTask, "arrivedAt"), field(statTask, "dueAt"))).isEqualTo(Duration.ofMinutes(30));
        assertThat(awaitTaskJson(inRequest)).contains("\"priority\":\"STAT\"").contains("requested priority '急诊' = STAT");
        String retiredTask = awaitTaskJson(retired);
        assertThat(retiredTask).contains("\"priority\":\"CHECKUP\"");
        assertThat(Duration.between(field(retiredTask, "arrivedAt"), field(retiredTask, "dueAt"))).isEqualTo(Duration.ofMinutes(1440));
        assertThat(awaitTaskJson(none)).contains("\"priority\":\"INPATIENT\"").contains("facility default priority INPATIENT");
        assertThat(api("admin", "storescu-admin", "GET", "/api/studies?patientId=SCU-us-request", null).body())
                .contains("\"requestedPriority\":\"急诊\"");
    }
}
