package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.TestData;
import org.rdc.ecg.model.SourceFormat;

/**
 * DICOM Ambulatory ECG Waveform Storage (PS3.3 A.34.4) written here with dicom-core: two consecutive
 * multiplex groups of three leads (each with its own sensitivity, unit and baseline) and a
 * respiration channel, streamed from the file's Waveform Data; every sample is compared with the
 * stored integers written.
 */
class HolterDicomDecoderTest {

    private static final int RATE = 200;
    private static final String STUDY = "1.2.826.0.1.3680043.10.1014.5";

    private static short[][] segment(int frames, int seed) {
        short[][] s = new short[4][frames];
        for (int f = 0; f < frames; f++) {
            s[0][f] = (short) ((f + seed) % 4000 - 2000);
            s[1][f] = (short) -((f * 7 + seed) % 30_000);
            s[2][f] = (short) ((f * 31 + seed) % 65_536 - 32_768);
            s[3][f] = (short) (f % 100);
        }
        return s;
    }

    private static AmbulatoryEcgWriter writer(short[][] first, short[][] second) {
        return new AmbulatoryEcgWriter(RATE)
                .channel(new AmbulatoryEcgWriter.Channel(2, "II", 2.5, "uV", 0))
                .channel(new AmbulatoryEcgWriter.Channel(3, "V1", 5, "uV", -3))
                .channel(new AmbulatoryEcgWriter.Channel(7, "V5", 0.0025, "mV", 0))
                .channel(new AmbulatoryEcgWriter.Channel(0, "Resp", 1, "{breaths}/min", 0))
                .segment(first).segment(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2"})
    void twoSegmentsStreamEverySampleAsStored(String syntax, @TempDir Path dir) throws Exception {
        short[][] first = segment(RATE * 600, 0);
        short[][] second = segment(RATE * 300, 17);
        Path file = dir.resolve("holter.dcm");
        writer(first, second).write(file, STUDY, TransferSyntax.of(syntax));

        assertThat(HolterReader.detect(file)).contains(SourceFormat.DICOM_WAVEFORM);
        try (HolterRecording rec = HolterReader.open(file)) {
            HolterHeader h = rec.header();
            assertThat(h.sampleRate()).isEqualTo(RATE);
            assertThat(h.frames()).isEqualTo(RATE * 900L);
            assertThat(h.leads()).extracting(HolterLead::name).as("the respiration channel is not a lead").containsExactly("II", "V1", "V5");
            assertThat(h.start()).isEqualTo(LocalDateTime.of(2026, 12, 3, 7, 45, 9));
            assertThat(h.patientId()).isEqualTo("H-0014");
            double[] scale = {2.5, 5, 2.5};
            double[] baseline = {0, -3, 0};
            SampleBlock block = rec.newBlock();
            long read = 0;
            while (rec.read(block)) {
                assertThat(block.firstFrame()).isEqualTo(read);
                for (int i = 0; i < block.frames(); i++) {
                    long f = block.firstFrame() + i;
                    short[][] seg = f < first[0].length ? first : second;
                    int k = (int) (f < first[0].length ? f : f - first[0].length);
                    for (int l = 0; l < 3; l++) {
                        double uv = block.lead(l)[i];
                        // back to the stored integer: exact; the value itself as PS3.3 C.10.9.1.4.3 defines it
                        if (Math.round(uv / scale[l] - baseline[l]) != seg[l][k] || Math.abs(uv - (seg[l][k] + baseline[l]) * scale[l]) > 1e-9) {
                            throw new AssertionError("frame " + f + " lead " + l + ": " + uv + " for stored " + seg[l][k]);
                        }
                    }
                }
                read += block.frames();
            }
            assertThat(read).isEqualTo(RATE * 900L);
        }
    }

    /**
     * An independent writer: dcmtk's dump2dcm builds the object from a text dump (sequences of
     * undefined length, Waveform Data loaded from a raw file); every sample comes back as written.
     */
    @Test
    void anObjectWrittenByDcmtkDump2dcmStreamsEverySample(@TempDir Path dir) throws Exception {
        int frames = 5000;
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(frames * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < frames; k++) {
            raw.putShort((short) (k % 200 - 100)).putShort((short) -(k * 3 % 500));
        }
        java.nio.file.Files.write(dir.resolve("wave.raw"), raw.array());
        StringBuilder dump = new StringBuilder("""
                (0002,0010) UI =LittleEndianExplicit
                (0008,0016) UI 1.2.840.10008.5.1.4.1.1.9.1.3
                (0008,0018) UI 1.2.826.0.1.3680043.10.1014.6.1
                (0008,0060) CS ECG
                (0008,002a) DT 20261203221500
                (0010,0020) LO H-0099
                (0020,000d) UI 1.2.826.0.1.3680043.10.1014.6
                (0020,000e) UI 1.2.826.0.1.3680043.10.1014.6.2
                (5400,0100) SQ (Sequence with undefined length)
                (fffe,e000) na (Item with undefined length)
                (003a,0005) US 2
                (003a,0010) UL 5000
                (003a,001a) DS 250
                (003a,0200) SQ (Sequence with undefined length)
                """);
        for (String[] lead : new String[][] {{"2:2", "Lead II", "2.5", "0"}, {"2:8", "Lead V6", "0.005", "10"}}) {
            dump.append("(fffe,e000) na (Item with undefined length)\n")
                    .append("(003a,0208) SQ (Sequence with undefined length)\n(fffe,e000) na (Item with undefined length)\n")
                    .append("(0008,0100) SH ").append(lead[0]).append("\n(0008,0102) SH MDC\n(0008,0104) LO ").append(lead[1])
                    .append("\n(fffe,e00d) na (ItemDelimitationItem)\n(fffe,e0dd) na (SequenceDelimitationItem)\n")
                    .append("(003a,0210) DS ").append(lead[2]).append("\n(003a,0213) DS ").append(lead[3]).append('\n')
                    .append("(003a,0211) SQ (Sequence with undefined length)\n(fffe,e000) na (Item with undefined length)\n")
                    .append("(0008,0100) SH ").append(lead[2].equals("2.5") ? "uV" : "mV")
                    .append("\n(0008,0102) SH UCUM\n(fffe,e00d) na (ItemDelimitationItem)\n(fffe,e0dd) na (SequenceDelimitationItem)\n")
                    .append("(fffe,e00d) na (ItemDelimitationItem)\n");
        }
        dump.append("""
                (fffe,e0dd) na (SequenceDelimitationItem)
                (5400,1004) US 16
                (5400,1006) CS SS
                (5400,1010) OW =wave.raw
                (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
                """);
        java.nio.file.Files.writeString(dir.resolve("holter.dump"), dump);
        Process p = new ProcessBuilder(org.rdc.test.Requires.program("dump2dcm", "dcmtk").toString(), "holter.dump", "holter.dcm")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();

        Path file = dir.resolve("holter.dcm");
        assertThat(HolterReader.detect(file)).contains(SourceFormat.DICOM_WAVEFORM);
        try (HolterRecording rec = HolterReader.open(file)) {
            assertThat(rec.header().leads()).extracting(HolterLead::name).containsExactly("II", "V6");
            assertThat(rec.header().start()).isEqualTo(LocalDateTime.of(2026, 12, 3, 22, 15));
            assertThat(rec.header().frames()).isEqualTo(frames);
            SampleBlock block = rec.newBlock();
            int f = 0;
            while (rec.read(block)) {
                for (int i = 0; i < block.frames(); i++, f++) {
                    assertThat(block.lead(0)[i]).isEqualTo((f % 200 - 100) * 2.5);
                    assertThat(block.lead(1)[i]).isCloseTo((-(f * 3 % 500) + 10) * 5.0, org.assertj.core.data.Offset.offset(1e-9));
                }
            }
            assertThat(f).isEqualTo(frames);
        }
    }

    /**
     * The Waveform Data stays in the file: reading a recording five times longer allocates almost
     * nothing more (blocks are reused), where loading it would allocate its size again.
     */
    @Test
    void waveformDataIsStreamedNotLoaded(@TempDir Path dir) throws Exception {
        Path small = dir.resolve("small.dcm");
        Path large = dir.resolve("large.dcm");
        writer(segment(RATE * 300, 0), segment(RATE * 300, 1)).write(small, STUDY, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        writer(segment(RATE * 1800, 0), segment(RATE * 1200, 1)).write(large, STUDY, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        long extraWaveformBytes = RATE * (3000L - 600) * 4 * 2;
        long smallAllocated = allocatedReading(small, RATE * 600L);
        long largeAllocated = allocatedReading(large, RATE * 3000L);
        assertThat(largeAllocated - smallAllocated).as("extra bytes allocated for %d more bytes of Waveform Data", extraWaveformBytes)
                .isLessThan(extraWaveformBytes / 20);
    }

    private static long allocatedReading(Path file, long expectedFrames) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long frames = 0;
        try (HolterRecording rec = HolterReader.open(file)) {
            SampleBlock block = rec.newBlock();
            while (rec.read(block)) {
                frames += block.frames();
            }
        }
        assertThat(frames).isEqualTo(expectedFrames);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void aRestingTwelveLeadObjectIsNotAHolterRecording() throws Exception {
        Path twelveLead = TestData.path("ecg/pydicom/waveform_ecg.dcm");
        assertThat(HolterReader.detect(twelveLead)).isEmpty();
    }

    @Test
    void segmentsThatDoNotContinueEachOtherAreRefused(@TempDir Path dir) throws Exception {
        AmbulatoryEcgWriter w = new AmbulatoryEcgWriter(RATE)
                .channel(new AmbulatoryEcgWriter.Channel(2, "II", 2.5, "uV", 0))
                .segment(new short[][] {new short[100]}).segment(new short[][] {new short[100]});
        var ds = w.dataSet(STUDY);
        ds.getSequence(org.rdc.dicom.core.Tag.WaveformSequence).get(1)
                .setDouble(org.rdc.ecg.format.dicom.WaveformTags.MultiplexGroupTimeOffset, org.rdc.dicom.core.VR.DS, 5000);
        Path file = dir.resolve("gap.dcm");
        org.rdc.dicom.file.Part10Writer.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThatThrownBy(() -> HolterReader.open(file)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("multiplex group 2 (RHYTHM) starts at 5000.0 ms but the previous segment ends at 500.0 ms");
    }
}
