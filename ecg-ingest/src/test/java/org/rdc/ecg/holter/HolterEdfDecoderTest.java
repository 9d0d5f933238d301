package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.SourceFormat;

/** EDF+ with annotations on a file written here to the 2003 specification, read by us and by biosig. */
class HolterEdfDecoderTest {

    @Test
    void decodesSamplesAndAnnotationsAsBiosigDoes(@TempDir Path dir) throws Exception {
        int fs = 250;
        int seconds = 20;
        short[][] samples = new short[2][fs * seconds];
        for (int f = 0; f < fs * seconds; f++) {
            samples[0][f] = (short) (f * 13 % 60000 - 30000);
            samples[1][f] = (short) (10000 * Math.sin(f / 40.0));
        }
        List<EdfPlusWriter.Annotation> notes = List.of(new EdfPlusWriter.Annotation(2.5, "N"),
                new EdfPlusWriter.Annotation(3.25, "V"), new EdfPlusWriter.Annotation(7.0, "患者日记: 胸闷"),
                new EdfPlusWriter.Annotation(15.004, "N"));
        Path edf = dir.resolve("r.edf");
        EdfPlusWriter.write(edf, new String[] {"ECG II", "ECG V5"}, fs, samples, notes);

        assertThat(HolterReader.detect(edf)).contains(SourceFormat.EDF_PLUS);
        try (HolterRecording rec = HolterReader.open(edf)) {
            HolterHeader h = rec.header();
            assertThat(h.sampleRate()).isEqualTo(250);
            assertThat(h.frames()).isEqualTo(fs * seconds);
            assertThat(h.leads()).extracting(HolterLead::name).containsExactly("ECG II", "ECG V5");
            assertThat(h.start()).isEqualTo(LocalDateTime.of(2026, 12, 2, 8, 30, 15));
            SampleBlock block = rec.newBlock();
            long frames = 0;
            while (rec.read(block)) {
                for (int i = 0; i < block.frames(); i++) {
                    int f = (int) (block.firstFrame() + i);
                    assertThat(block.lead(0)[i]).isCloseTo(samples[0][f] * 0.1, within(1e-6));
                    assertThat(block.lead(1)[i]).isCloseTo(samples[1][f] * 0.1, within(1e-6));
                }
                frames += block.frames();
            }
            assertThat(frames).isEqualTo(fs * seconds);
            assertThat(rec.annotations()).extracting(HolterAnnotation::frame).containsExactly(625L, 813L, 1750L, 3751L);
            assertThat(rec.annotations()).extracting(HolterAnnotation::code).containsExactly("N", "V", "\"", "N");
            assertThat(rec.annotations().get(2).text()).isEqualTo("患者日记: 胸闷");
        }
        List<Biosig.Event> theirs = Biosig.events(edf);
        // biosig keeps onsets as sample positions too (3.25 s at 250 Hz is sample 812.5, rounded up like ours)
        assertThat(theirs).extracting(e -> Math.round(e.seconds() * fs)).containsExactly(625L, 813L, 1750L, 3751L);
        assertThat(theirs.get(1).description()).isEqualTo("V");
    }

    @Test
    void refusesDiscontinuousEdfPlus(@TempDir Path dir) throws Exception {
        Path edf = dir.resolve("d.edf");
        EdfPlusWriter.write(edf, new String[] {"ECG"}, 100, new short[1][300], List.of());
        byte[] b = Files.readAllBytes(edf);
        b[192 + 4] = 'D';
        Files.write(edf, b);
        try (HolterRecording rec = HolterReader.open(edf)) {
            throw new AssertionError("opened " + rec.header());
        } catch (EcgFormatException e) {
            assertThat(e.kind()).isEqualTo(EcgFormatException.Kind.UNSUPPORTED);
            assertThat(e.getMessage()).contains("EDF+D");
        }
    }
}
