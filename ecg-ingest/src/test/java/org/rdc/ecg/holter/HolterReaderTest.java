package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.TestData;
import org.rdc.ecg.model.SourceFormat;

/** Holter formats are told apart by content, never by file name. */
class HolterReaderTest {

    @Test
    void detectsFromContentNotName(@TempDir Path dir) throws Exception {
        Path header = dir.resolve("recording.edf");
        Files.copy(TestData.path("ecg/mitdb/100.hea"), header);
        assertThat(HolterReader.detect(header)).contains(SourceFormat.WFDB);
        assertThat(HolterReader.detect(TestData.path("ecg/mitdb/100.dat"))).isEmpty();
        Path text = dir.resolve("notes.hea");
        Files.writeString(text, "patient felt dizzy at 14:00\n");
        assertThat(HolterReader.detect(text)).isEmpty();
    }

    @Test
    void refusesWhatIsNoHolterRecording(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> HolterReader.open(TestData.path("ecg/mitdb/100.atr")))
                .isInstanceOf(EcgFormatException.class).hasMessageContaining("not a Holter recording")
                .extracting(e -> ((EcgFormatException) e).kind()).isEqualTo(EcgFormatException.Kind.UNSUPPORTED);
        Path escape = dir.resolve("x.hea");
        Files.writeString(escape, "x 1 360 1000\n../../etc/passwd 16 200 16 0 0 0 0 I\n");
        assertThatThrownBy(() -> HolterReader.open(escape)).isInstanceOf(EcgFormatException.class).hasMessageContaining("outside");
    }

    /** A header claiming an absurd rate would make analysis allocate a window of gigabytes: refused first. */
    @Test
    void refusesRatesAndLeadCountsAnalysisCannotHold(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("big.dat"), new byte[64]);
        Path header = dir.resolve("big.hea");
        Files.writeString(header, "big 1 100000000 16\nbig.dat 16 200 16 0 0 0 0 I\n");
        assertThatThrownBy(() -> HolterReader.open(header)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("1.0E8 Hz").hasMessageContaining("outside");
        Path edf = dir.resolve("bad.edf");
        EdfPlusWriter.write(edf, new String[] {"ECG"}, 100, new short[1][200], java.util.List.of());
        byte[] b = Files.readAllBytes(edf);
        // samples per data record of the first signal (header byte 256 + 216 x ns, ns = 2)
        System.arraycopy("-5      ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 256 + 216 * 2, 8);
        Files.write(edf, b);
        assertThatThrownBy(() -> HolterReader.open(edf)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("-5 samples per data record");
    }
}
