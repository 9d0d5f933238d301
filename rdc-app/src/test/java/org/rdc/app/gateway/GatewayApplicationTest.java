package org.rdc.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.gateway.scu.DicomSender;
import org.rdc.storage.InstanceStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The quick start: with RDC_FACILITIES unset the demo facility is registered, and {@code rdc dicom send}
 * as DEMO_DR stores into the running centre; gateway events reach Spring listeners.
 */
// Closed after the class: it writes into the class\'s temporary data directory, which JUnit then deletes.
@DirtiesContext
@SpringBootTest(classes = {RdcApplication.class, GatewayApplicationTest.Events.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class GatewayApplicationTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("rdc.demo", () -> "true"); // the quick start's demo facility and its published keys
        registry.add("rdc.http.enabled", () -> "false");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.dicom.ae-title", () -> "RDC");
    }

    @TestConfiguration
    static class Events {
        final List<GatewayListener.InstanceStored> stored = new CopyOnWriteArrayList<>();

        @EventListener
        void on(GatewayListener.InstanceStored e) {
            stored.add(e);
        }

        @Bean
        List<GatewayListener.InstanceStored> storedEvents() {
            return stored;
        }
    }

    @Autowired
    DicomGateway gateway;
    @Autowired
    FacilityRegistry registry;
    @Autowired
    InstanceStore store;
    @Autowired
    List<GatewayListener.InstanceStored> storedEvents;

    @Test
    void demoFacilityEchoAndSend() throws Exception {
        assertThat(registry.byAeTitle("DEMO_DR")).get().extracting(m -> m.facility().id()).isEqualTo("demo");
        assertThat(registry.byAeTitle("DEMO_ECG")).isPresent();
        int port = gateway.port();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, "UTF-8");
        assertThat(DicomSender.echo("127.0.0.1", port, "RDC", "DEMO_DR", ps, ps)).isZero();

        DataSet ds = new DataSet();
        String sop = UidGenerator.newUid();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.PatientName, VR.PN, "王^小明");
        ds.setString(Tag.PatientID, VR.LO, "P001");
        ds.setString(Tag.StudyInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(0x00080060, VR.CS, "DX");
        Path file = Files.createDirectories(data.resolve("send")).resolve("dx.dcm");
        Part10Writer.write(file, ds, org.rdc.dicom.encoding.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(DicomSender.send("127.0.0.1", port, "RDC", "DEMO_DR", List.of(file), ps, ps)).as(out.toString()).isZero();
        assertThat(store.locate(sop)).isPresent();
        assertThat(storedEvents).anySatisfy(e -> {
            assertThat(e.facilityId()).isEqualTo("demo");
            assertThat(e.attributes().patientName()).isEqualTo("王^小明");
        });
        // the same through the command line: rdc dicom echo | send
        assertThat(new picocli.CommandLine(new org.rdc.app.Rdc()).execute("dicom", "echo", "--calling-aet", "DEMO_DR",
                "127.0.0.1", String.valueOf(port), "RDC")).isZero();
        assertThat(new picocli.CommandLine(new org.rdc.app.Rdc()).execute("dicom", "send", "--calling-aet", "DEMO_DR",
                "127.0.0.1", String.valueOf(port), "RDC", file.getParent().toString())).as("a directory, searched recursively").isZero();
        assertThat(new picocli.CommandLine(new org.rdc.app.Rdc()).execute("dicom", "echo", "127.0.0.1", String.valueOf(port),
                "RDC")).as("calling AE RDC is no registered device").isEqualTo(1);
        // an unknown device is turned away
        assertThat(DicomSender.echo("127.0.0.1", port, "RDC", "NOBODY", ps, ps)).isEqualTo(1);
        assertThat(out.toString()).contains("calling AE title not recognized");
        assertThat(Files.exists(file)).isTrue();
    }
}
