package org.rdc.ecg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.TestData;
import org.rdc.ecg.json.EcgJson;
import tools.jackson.databind.node.ObjectNode;

/** {@code ecg analyze} and {@code ecg render} as the command line runs them. */
class EcgToolTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private PrintStream out() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private PrintStream err() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    @Test
    void analyzePrintsTheMeasurementsAsJson() {
        Path mortara = TestData.path("ecg/pydicom/waveform_ecg.dcm");
        assertThat(EcgTool.analyze(mortara, out(), err())).isZero();
        ObjectNode n = EcgJson.parseObject(out.toByteArray());
        for (String field : new String[] {"heartRateBpm", "prMs", "qrsMs", "qtMs", "qtcBazettMs", "qtcFridericiaMs",
                "pAxisDeg", "qrsAxisDeg", "tAxisDeg", "rhythm", "criticalFlags", "leads", "sampleRateHz", "format"}) {
            assertThat(n.has(field)).as(field).isTrue();
        }
        assertThat(n.get("format").asString()).isEqualTo("DICOM_WAVEFORM");
        assertThat(n.get("sampleRateHz").asDouble()).isEqualTo(1000.0);
        assertThat(n.get("leads").size()).isEqualTo(12);
        assertThat(n.get("rhythm").asString()).isEqualTo("SINUS_RHYTHM");
        assertThat(n.get("criticalFlags").isArray()).isTrue();
        assertThat(n.get("qrsMs").asDouble()).isBetween(65.0, 85.0);
        assertThat(n.get("deviceMeasurements").get("prMs").asDouble()).isEqualTo(161.0);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aBadFileGivesExitOneAndOneLine(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.xml");
        Files.writeString(junk, "<?xml version=\"1.0\"?><Unknown/>");
        assertThat(EcgTool.analyze(junk, out(), err())).isEqualTo(EcgTool.FAILED);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("junk.xml: unsupported ECG format: XML with root element <Unknown>");
        assertThat(e.strip().lines().count()).isEqualTo(1);
        assertThat(out.size()).isZero();

        err.reset();
        assertThat(EcgTool.analyze(dir.resolve("missing.scp"), out(), err())).isEqualTo(EcgTool.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.scp: no such file");
    }

    @Test
    void renderWritesThePng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("ecg.png");
        assertThat(EcgTool.render(TestData.path("ecg/ecgtoolkit/Example.scp"), "6x2", 50, 20, 100, png, null, out(), err()))
                .isZero();
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("6x2, 50 mm/s, 20 mm/mV, 100 dpi");
        assertThat(EcgTool.render(TestData.path("ecg/ecgtoolkit/Example.scp"), "4x4", 25, 10, 100, png, null, out(), err()))
                .isEqualTo(EcgTool.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown layout \"4x4\"");
    }
}
