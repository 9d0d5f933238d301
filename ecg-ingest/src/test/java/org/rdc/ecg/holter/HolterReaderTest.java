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
}
