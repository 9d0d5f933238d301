package org.rdc.app.ecg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.ecg.intake.EcgAnalysisJobs;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.gateway.scu.DicomSender;
import org.rdc.workstation.worklist.Task;
import org.rdc.workstation.worklist.Worklist;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An ECG whose automatic analysis can never run (an ECG object without a waveform) is not held
 * forever: its job is DEAD at once, listed for the administrator, and the study is routed with a
 * note that the reader reads it without the analysis.
 */
@DirtiesContext
@Timeout(300)
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EcgAnalysisFailureTest {

    @TempDir
    static Path data;

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.resolve("data").toString());
        registry.add("rdc.dicom.ae-title", () -> "RDC");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> ADMIN_PASSWORD);
        registry.add("rdc.worklist.quiet-period", () -> "1s");
        registry.add("rdc.worklist.poll-interval", () -> "200ms");
        registry.add("rdc.facilities", () -> {
            Path f = data.resolve("facilities.yaml");
            try {
                Files.writeString(f, """
                        facilities:
                          - id: ward
                            name: 病房
                            devices:
                              - {aeTitle: WARD_ECG, kind: ECG}
                        """);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return f.toString();
        });
    }

    @LocalServerPort
    int port;
    @Autowired
    DicomGateway gateway;
    @Autowired
    Worklist worklist;

    @Test
    void anEcgThatCanNeverBeAnalysedIsRoutedWithANoteAndListedAsDead() throws Exception {
        String study = UidGenerator.newUid();
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.9.1.1"); // 12-lead ECG, but no waveform
        ds.setString(Tag.SOPInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.PatientID, VR.LO, "NOWAVE");
        ds.setString(0x00080060, VR.CS, "ECG");
        Path file = data.resolve("no-waveform.dcm");
        Part10Writer.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(DicomSender.send("127.0.0.1", gateway.port(), "RDC", "WARD_ECG", List.of(file), ps, ps)).as(out.toString()).isZero();

        Optional<Task> task = Optional.empty();
        for (int i = 0; i < 1200 && task.isEmpty(); i++) {
            Thread.sleep(100);
            task = worklist.findByStudy(study);
        }
        assertThat(task).as("routed, not held forever").get().satisfies(t -> {
            assertThat(t.routingNote()).contains("ECG automatic analysis failed, read without it: not a readable ECG");
            assertThat(t.critical()).isFalse();
        });

        String admin = "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> dead = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/admin/jobs?state=DEAD&kind=" + EcgAnalysisJobs.KIND)).header("Authorization", admin).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(dead.statusCode()).as(dead.body()).isEqualTo(200);
        assertThat(dead.body()).contains(study).contains("\"state\":\"DEAD\"").contains("not a readable ECG");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/jobs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
