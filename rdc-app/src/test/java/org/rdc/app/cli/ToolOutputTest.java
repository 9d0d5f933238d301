package org.rdc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.Rdc;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tools write their data to stdout and nothing else; logging goes to stderr. Each run is the real
 * entry point ({@link Rdc#main}) in a child JVM on the test class path, so the logging configuration it
 * selects is the one that applies (in this JVM Spring Boot has configured logging already).
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ToolOutputTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) throws IOException {
        Path facilities = Files.createDirectories(data.resolve("conf")).resolve("facilities.yaml");
        Files.writeString(facilities, """
                facilities:
                  - id: th01
                    name: 城关镇卫生院
                    devices:
                      - {aeTitle: TH01_DR, kind: DX}
                """);
        registry.add("rdc.data-dir", () -> data.resolve("centre").toString());
        registry.add("rdc.facilities", facilities::toString);
        registry.add("rdc.http.enabled", () -> "false");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.dicom.port", () -> "0");
        registry.add("rdc.dicom.bind-address", () -> "127.0.0.1");
        registry.add("rdc.dicom.ae-title", () -> "RDC");
    }

    @Autowired
    DicomGateway gateway;

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    record Run(int exitCode, String stdout, String stderr) {
    }

    static Run rdc(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", applicationClassPath(), Rdc.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(data, "stdout", ".txt");
        Path err = Files.createTempFile(data, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("rdc " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * This JVM's class path without test classes and test jars: what rdc.jar holds. A logback-test.xml on it
     * (the storage test-jar has one) would otherwise configure the child's logging and hide the defect.
     */
    static String applicationClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void dicomJsonPrintsOnlyJsonForEveryTestFile() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Requires.testdata().resolve("dicom"))) {
            files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        List<String> bad = new ArrayList<>();
        int json = 0;
        for (Path f : files) {
            Run r = rdc("dicom", "json", f.toString());
            if (r.exitCode() == 0) {
                try {
                    JsonNode node = JSON.readTree(r.stdout());
                    if (node == null || !node.isArray() && !node.isObject()) {
                        bad.add(f + ": stdout is not a JSON document: " + r.stdout());
                    }
                    json++;
                } catch (RuntimeException e) {
                    bad.add(f + ": stdout is not JSON (" + e.getMessage() + "), starts with: "
                            + r.stdout().substring(0, Math.min(200, r.stdout().length())));
                }
            } else if (!r.stdout().isEmpty()) {
                bad.add(f + ": failed (exit " + r.exitCode() + ") but wrote to stdout: " + r.stdout());
            } else if (r.stderr().isBlank()) {
                bad.add(f + ": failed (exit " + r.exitCode() + ") without saying why on stderr");
            }
        }
        assertThat(bad).isEmpty();
        assertThat(json).as("files printed as JSON").isGreaterThan(files.size() / 2);
    }

    @Test
    void dicomSendPrintsOneLinePerFileAndTheTotal() throws Exception {
        Path dir = Files.createDirectories(data.resolve("send"));
        List<String> sops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DataSet ds = new DataSet();
            String sop = UidGenerator.newUid();
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1.1");
            ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
            ds.setString(Tag.PatientID, VR.LO, "T" + i);
            ds.setString(Tag.StudyInstanceUID, VR.UI, UidGenerator.newUid());
            ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
            ds.setString(0x00080060, VR.CS, "DX");
            Part10Writer.write(dir.resolve("dx" + i + ".dcm"), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            sops.add(sop);
        }
        Run r = rdc("dicom", "send", "--calling-aet", "TH01_DR", "127.0.0.1", String.valueOf(gateway.port()), "RDC", dir.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).as("stdout:%n%s%nstderr:%n%s", r.stdout(), r.stderr()).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(lines.get(i)).matches(".*dx\\d\\.dcm: stored \\(0x0000\\) [0-9.]+");
        }
        assertThat(lines.stream().limit(3).map(l -> l.substring(l.lastIndexOf(' ') + 1))).containsExactlyInAnyOrderElementsOf(sops);
        assertThat(lines.get(3)).isEqualTo("3 stored, 0 failed");

        Run echo = rdc("dicom", "echo", "--calling-aet", "TH01_DR", "127.0.0.1", String.valueOf(gateway.port()), "RDC");
        assertThat(echo.exitCode()).isZero();
        assertThat(echo.stdout().lines().toList()).singleElement().asString().startsWith("C-ECHO RDC@127.0.0.1:");
    }
}
