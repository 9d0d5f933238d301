package org.rdc.app.ecg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.Rdc;
import picocli.CommandLine;

/** {@code rdc ecg analyze|render} through the real command line. */
class EcgCommandTest {

    record Run(int exit, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new Rdc()).execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void helpListsTheEcgCommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Rdc());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("ecg");
    }

    @Test
    void analyzePrintsTheAnalysisJson() {
        Run r = run("ecg", "analyze", Testdata.path("ecg/pydicom/waveform_ecg.dcm").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"heartRateBpm\"", "\"prMs\"", "\"qrsMs\"", "\"qtMs\"", "\"qtcBazettMs\"",
                "\"qtcFridericiaMs\"", "\"pAxisDeg\"", "\"qrsAxisDeg\"", "\"tAxisDeg\"", "\"rhythm\" : \"SINUS_RHYTHM\"",
                "\"criticalFlags\" : [ ]", "\"leads\"", "\"sampleRateHz\" : 1000.0", "\"format\" : \"DICOM_WAVEFORM\"");
    }

    @Test
    void renderWritesAPngAndBadFilesFailWithOneLine(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("ecg.png");
        Run r = run("ecg", "render", Testdata.path("ecg/ecgtoolkit/Example.xml").toString(), "--layout", "12x1",
                "--speed", "50", "--gain", "5", "--dpi", "100", "--out", png.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');

        Path bad = dir.resolve("bad.scp");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Run failed = run("ecg", "analyze", bad.toString());
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err().strip()).startsWith(bad + ": unsupported ECG format").doesNotContain("\n");
        assertThat(failed.out()).isEmpty();
    }
}
