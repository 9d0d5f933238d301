package org.rdc.ecg.format.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdc.ecg.TestData;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.model.EcgRecord;

/** The 12-lead ECG objects made for uploads, checked by an independent validator (dicom3tools' dciodvfy). */
class DicomWaveformWriterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"ecgtoolkit/Example.scp", "philips-sierra/129DYPRG.XML", "ecgtoolkit/Example.xml"})
    void dciodvfyFindsNoError(String file) throws Exception {
        org.rdc.test.Requires.dicom3tools("dciodvfy");
        EcgRecord r = EcgReader.standard().read(TestData.bytes("ecg/" + file));
        Path dcm = dir.resolve("ecg.dcm");
        Files.write(dcm, DicomWaveformWriter.toPart10(DicomWaveformWriter.build(r,
                new DicomWaveformWriter.Identity("2.25.1", "2.25.2", "2.25.3", "demo", "DEMO_ECG"))));
        Process p = new ProcessBuilder("dciodvfy", dcm.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> errors = out.lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(out).contains("TwelveLeadECG");
        assertThat(errors).as(out).isEmpty();
    }
}
