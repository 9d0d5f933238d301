package org.rdc.app.ecg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.object.DataSet;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StoredInstance;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.workstation.worklist.Priority;
import org.rdc.workstation.worklist.ServiceLine;
import org.rdc.workstation.worklist.Task;
import org.rdc.workstation.worklist.Worklist;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ECG intake inside the whole centre: the quick start's demo key uploads, the study is
 * catalogued and routed to the ECG line, a critical ECG becomes a STAT task, a DICOM ECG the
 * gateway stored is analysed, and the meters reach Prometheus.
 */
// Closed after the class: it writes into the class\'s temporary data directory, which JUnit then deletes.
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EcgIntakeApplicationTest {

    @TempDir
    static Path data;

    static final String ADMIN = "admin";
    static final String PASSWORD = "ecg-admin-password";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("rdc.demo", () -> "true"); // the quick start's demo facility and its published keys
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> PASSWORD);
        registry.add("rdc.dicom.enabled", () -> "false");
        registry.add("rdc.worklist.poll-interval", () -> "100ms");
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.port", () -> "0");
    }

    @LocalServerPort
    int apiPort;
    @LocalManagementPort
    int managementPort;
    @Autowired
    EcgHttpServer ecg;
    @Autowired
    InstanceStore store;
    @Autowired
    Worklist worklist;
    @Autowired
    java.util.List<GatewayListener> gatewayListeners;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> upload(byte[] body, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ecg.port() + "/api/ecg"))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        return json.replaceAll("(?s).*?\"" + name + "\":\"([^\"]*)\".*", "$1");
    }

    private static <T> T await(Supplier<Optional<T>> probe) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within 10 s");
    }

    @Test
    void theDemoKeyUploadsAndTheStudyReachesTheEcgWorklist() throws Exception {
        byte[] scp = Testdata.bytes("ecg/ecgtoolkit/Example.scp");
        HttpResponse<String> first = upload(scp, "demo-ecg-key");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String study = field(first.body(), "studyInstanceUid");
        assertThat(field(first.body(), "facilityId")).isEqualTo("demo");
        assertThat(field(first.body(), "deviceId")).isEqualTo("DEMO_ECG");

        HttpResponse<String> again = upload(scp, "demo-ecg-key");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(field(again.body(), "studyInstanceUid")).isEqualTo(study);

        assertThat(upload(scp, "demo-dr-key").statusCode()).as("an X-ray device's key uploads no ECG").isEqualTo(401);
        assertThat(upload(scp, "wrong").statusCode()).isEqualTo(401);

        assertThat(store.catalog().readiness(study)).get().extracting(e -> e.getValue()).isEqualTo("ECG_UPLOAD");
        Task task = await(() -> worklist.findByStudy(study));
        assertThat(task.serviceLine()).isEqualTo(ServiceLine.ECG);
        assertThat(task.critical()).isFalse();
        assertThat(task.facilityId()).isEqualTo("demo");
    }

    @Test
    void aCriticalEcgBecomesAStatTask() throws Exception {
        HttpResponse<String> r = upload(Testdata.bytes("ecg/philips-sierra/129DYPRG.XML"), "demo-ecg-key");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).contains("\"critical\":true", "SUSPECTED_STEMI");
        String study = field(r.body(), "studyInstanceUid");
        Task task = await(() -> worklist.findByStudy(study));
        assertThat(task.critical()).isTrue();
        assertThat(task.priority()).isEqualTo(Priority.STAT);
        assertThat(task.serviceLine()).isEqualTo(ServiceLine.ECG);
    }

    /** What the gateway does after a C-STORE of a DICOM ECG: its listeners are called, the ECG is analysed. */
    @Test
    void aDicomEcgStoredByTheGatewayGetsItsAnalysis() throws Exception {
        byte[] dcm = Testdata.bytes("ecg/pydicom/waveform_ecg.dcm");
        DataSet ds = new Part10Reader().read(new ByteArrayInputStream(dcm), dcm.length).dataSet();
        String study = ds.getString(Tag.StudyInstanceUID);
        InstanceAttributes attrs = new InstanceAttributes(ds.getString(Tag.PatientID), null, "Anonymous", "F", null, study,
                null, null, null, "ECG", ds.getString(Tag.SeriesInstanceUID), "ECG", null, 1, null,
                ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID), 1, "1.2.840.10008.1.2.1", "demo", "DEMO_ECG", null);
        StoredInstance stored = store.store(attrs, new ByteArrayInputStream(dcm));
        GatewayListener.InstanceStored event = new GatewayListener.InstanceStored("demo", "DEMO_ECG", attrs, stored, "C-STORE");
        gatewayListeners.forEach(l -> l.instanceStored(event));
        var analysis = await(() -> store.catalog().attachments(study, EcgIntake.ANALYSIS).stream().findFirst());
        assertThat(analysis.contentType()).isEqualTo("application/json");
        // The rendering is stored after the analysis: wait for it too.
        var render = await(() -> store.catalog().attachments(study, EcgIntake.RENDER).stream().findFirst());
        assertThat(render.contentType()).isEqualTo("image/png");
        assertThat(store.catalog().attachments(study, EcgIntake.RENDER)).hasSize(1);
    }

    @Test
    void metricsReachPrometheus() throws Exception {
        upload("not an ecg".getBytes(), "demo-ecg-key");
        HttpResponse<String> prom = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(prom.statusCode()).isEqualTo(200);
        assertThat(prom.body()).contains("rdc_ecg_failures_total{application=\"rdc\",reason=\"unsupported_format\"}");
    }
}
