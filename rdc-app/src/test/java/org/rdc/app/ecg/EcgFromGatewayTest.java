package org.rdc.app.ecg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.RdcApplication;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.gateway.scu.DicomSender;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.AttachmentSummary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A township cart sends its 12-lead ECG by C-STORE: the gateway stores it, the ECG intake analyses and renders it. */
// Closed after the class: it writes into the class\'s temporary data directory, which JUnit then deletes.
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class EcgFromGatewayTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("rdc.demo", () -> "true"); // the quick start's demo facility and its published keys
        registry.add("rdc.http.enabled", () -> "false");
        registry.add("rdc.dicom.ae-title", () -> "RDC");
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.port", () -> "0");
    }

    @Autowired
    DicomGateway gateway;
    @Autowired
    InstanceStore store;

    @Test
    void cStoredEcgsGetAnalysisAndRendering() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        List<Path> files = List.of(Testdata.path("ecg/pydicom/waveform_ecg.dcm"));
        assertThat(DicomSender.send("127.0.0.1", gateway.port(), "RDC", "DEMO_ECG", files, ps, ps)).as(out.toString()).isZero();
        // ECG Toolkit wrote Example.dcm's UIDs with ".." and a trailing dot, which PS3.5 9.1 does not allow: refused
        out.reset();
        assertThat(DicomSender.send("127.0.0.1", gateway.port(), "RDC", "DEMO_ECG", List.of(Testdata.path("ecg/ecgtoolkit/Example.dcm")),
                ps, ps)).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED (0xC000)");
        assertThat(store.catalog().study("1.2.826.0.1.34471.2.44.6.20021122091000.")).isEmpty();
        for (String study : List.of("1.3.76.13.65829.2.20130125082826.1072139.2")) {
            // the rendering is stored after the analysis: wait for it, not for the analysis alone
            List<AttachmentSummary> render = List.of();
            for (int i = 0; i < 300 && render.isEmpty(); i++) {
                Thread.sleep(50);
                render = store.catalog().attachments(study, EcgIntake.RENDER);
            }
            assertThat(render).as("rendering of study " + study).hasSize(1);
            assertThat(store.catalog().attachments(study, EcgIntake.ANALYSIS)).as("analysis of study " + study).singleElement()
                    .satisfies(a -> assertThat(a.facilityId()).isEqualTo("demo"));
        }
    }
}
