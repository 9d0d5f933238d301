package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.model.SourceFormat;

/**
 * ISHNE 1.0 on a file written from the 1998 specification with known samples (no real ISHNE
 * recording is available): 3 leads, 200 Hz, 10 000 frames, and its .ann file.
 */
class HolterIshneDecoderTest {

    private static final int FRAMES = 10_000;

    @Test
    void decodesHeaderSamplesAndAnnotations(@TempDir Path dir) throws Exception {
        IshneWriter writer = new IshneWriter(200, new int[] {6, 11, 15}, new int[] {2500, 5000, 1000}, "P-0042", "township 3");
        short[][] samples = new short[3][FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            samples[0][f] = (short) (f % 4000 - 2000);
            samples[1][f] = (short) -(f % 1000);
            samples[2][f] = (short) (f * 7 % 32000);
        }
        Path ecg = dir.resolve("rec.ecg");
        Path ann = dir.resolve("rec.ann");
        writer.writeEcg(ecg, samples);
        writer.writeAnnotations(ann, FRAMES, 100, new char[] {'N', 'N', 'V', 'N', 'X', 'S'}, new int[] {40, 160, 110, 210, 20, 140});

        assertThat(HolterReader.detect(ecg)).contains(SourceFormat.ISHNE_HOLTER);
        try (HolterRecording rec = HolterReader.open(ecg, ann)) {
            HolterHeader h = rec.header();
            assertThat(h.sampleRate()).isEqualTo(200);
            assertThat(h.frames()).isEqualTo(FRAMES);
            assertThat(h.leads()).extracting(HolterLead::name).containsExactly("II", "V1", "V5");
            assertThat(h.leads()).extracting(HolterLead::microvoltsPerUnit).containsExactly(2.5, 5.0, 1.0);
            assertThat(h.start()).isEqualTo(LocalDateTime.of(2026, 12, 2, 8, 30, 15));
            assertThat(h.patientId()).isEqualTo("P-0042");
            SampleBlock block = rec.newBlock();
            long frames = 0;
            while (rec.read(block)) {
                for (int i = 0; i < block.frames(); i++) {
                    int f = (int) (block.firstFrame() + i);
                    assertThat(block.lead(0)[i]).isEqualTo(samples[0][f] * 2.5);
                    assertThat(block.lead(1)[i]).isEqualTo(samples[1][f] * 5.0);
                    assertThat(block.lead(2)[i]).isEqualTo(samples[2][f] * 1.0);
                }
                frames += block.frames();
            }
            assertThat(frames).isEqualTo(FRAMES);
            List<HolterAnnotation> a = rec.annotations();
            assertThat(a).extracting(HolterAnnotation::frame).containsExactly(140L, 300L, 410L, 620L, 640L, 780L);
            assertThat(a).extracting(HolterAnnotation::code).containsExactly("N", "N", "V", "N", "|", "S");
            assertThat(a.stream().filter(HolterAnnotation::isBeat)).hasSize(5);
            assertThat(a.get(2).beatClass()).contains(BeatClass.VENTRICULAR);
        }
    }

    /**
     * biosig 3's ISHNE reader ("experimental", it warns) agrees on the header; its samples are not compared:
     * it starts reading samples at byte 1024 whatever Offset_ECG_block (byte 22) says, so on a file
     * with a short variable block it reads from mid-block, lead-misaligned.
     */
    @Test
    void biosigReadsTheSameHeader(@TempDir Path dir) throws Exception {
        IshneWriter writer = new IshneWriter(256, new int[] {5, 6}, new int[] {2000, 2000}, "X1", "");
        Path ecg = dir.resolve("b.ecg");
        writer.writeEcg(ecg, new short[2][2560]);
        var json = Biosig.header(ecg);
        assertThat(json.path("TYPE").asString()).isEqualTo("ISHNE");
        assertThat(json.path("Samplingrate").asDouble()).isEqualTo(256);
        assertThat(json.path("NumberOfChannels").asInt()).isEqualTo(2);
        assertThat(json.path("StartOfRecording").asString()).startsWith("2026-12-02");
        try (HolterRecording ours = HolterReader.open(ecg)) {
            for (int i = 0; i < 2; i++) {
                var channel = json.path("CHANNEL").get(i);
                assertThat(channel.path("Label").asString()).isEqualTo(ours.header().leads().get(i).name());
                assertThat(channel.path("scaling").asDouble()).isEqualTo(ours.header().leads().get(i).microvoltsPerUnit() * 1000);
                assertThat(channel.path("PhysicalUnit").asString()).isEqualTo("nV");
            }
        }
    }
}
