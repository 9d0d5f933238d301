package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.synthetic.ScpWriter;

/**
 * SCP-ECG v3 section 12 (long-term rhythm data) on records written here field by field (no real
 * section 12 file is available): detected from content, streamed, every sample compared with what
 * was written, the section CRC checked over the streamed bytes.
 */
class HolterScpDecoderTest {

    private static final LocalDateTime START = LocalDateTime.of(2026, 12, 3, 7, 45, 9);

    /** Three leads (II, V1, V5) of a known pattern, {@code frames} long, within {@code bytes}-byte samples. */
    private static int[][] samples(int frames, int bytes) {
        int range = bytes == 1 ? 128 : bytes == 2 ? 32_000 : 1_000_000;
        int[][] s = new int[3][frames];
        for (int f = 0; f < frames; f++) {
            s[0][f] = f % (2 * range) - range;
            s[1][f] = -(f * 7 % range);
            s[2][f] = (int) ((f * 31L) % range);
        }
        return s;
    }

    private static byte[] record(int[][] s, int rate, int bytes) {
        ScpWriter w = new ScpWriter().version(30).lead(2, s[0]).lead(3, s[1]).lead(7, s[2]);
        return w.longTerm(rate, bytes, new int[] {1000, 2500, 5000}, START).write();
    }

    @Test
    void anHourOfThreeLeadsStreamsEverySampleAsWritten(@TempDir Path dir) throws Exception {
        int frames = 3600 * 256;
        int[][] s = samples(frames, 2);
        Path file = dir.resolve("holter.scp");
        Files.write(file, record(s, 256, 2));

        assertThat(HolterReader.detect(file)).contains(SourceFormat.SCP_ECG);
        try (HolterRecording rec = HolterReader.open(file)) {
            HolterHeader h = rec.header();
            assertThat(h.format()).isEqualTo(SourceFormat.SCP_ECG);
            assertThat(h.sampleRate()).isEqualTo(256);
            assertThat(h.frames()).isEqualTo(frames);
            assertThat(h.leads()).extracting(HolterLead::name).containsExactly("II", "V1", "V5");
            assertThat(h.leads()).extracting(HolterLead::microvoltsPerUnit).containsExactly(1.0, 2.5, 5.0);
            assertThat(h.start()).isEqualTo(START);
            assertThat(h.patientId()).isEqualTo("P-0001");
            assertThat(rec.annotations()).isEmpty();
            long read = 0;
            SampleBlock block = rec.newBlock();
            while (rec.read(block)) {
                assertThat(block.firstFrame()).isEqualTo(read);
                for (int i = 0; i < block.frames(); i++) {
                    int f = (int) (block.firstFrame() + i);
                    if (block.lead(0)[i] != s[0][f] || block.lead(1)[i] != s[1][f] * 2.5 || block.lead(2)[i] != s[2][f] * 5.0) {
                        throw new AssertionError("frame " + f + ": " + block.lead(0)[i] + ", " + block.lead(1)[i] + ", " + block.lead(2)[i]);
                    }
                }
                read += block.frames();
            }
            assertThat(read).isEqualTo(frames);
        }
    }

    /**
     * biosig 2.5 (Debian biosig-tools) reads section 12 when built with SCP v3 support, as Debian's
     * is: it agrees with us on the header (type, version, rate, leads, names, scales, length, start).
     * Its samples cannot be compared: converting the same file to any format (GDF, EDF, ASCII)
     * aborts with "realloc(): invalid pointer" (it points its sample buffer into the file buffer
     * and then reallocates it), and its digital range is -2..1 whatever the sample width (it takes
     * bytes per sample for bits).
     */
    @Test
    void biosigReadsTheSameSection12Header(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("b.scp");
        Files.write(file, record(samples(2000, 2), 250, 2));
        var json = Biosig.header(file);
        assertThat(json.path("TYPE").asString()).isEqualTo("SCP");
        assertThat(json.path("VERSION").asDouble()).isEqualTo(3.0);
        assertThat(json.path("Samplingrate").asDouble()).isEqualTo(250);
        assertThat(json.path("NumberOfSamples").asLong()).isEqualTo(2000);
        assertThat(json.path("StartOfRecording").asString()).startsWith("2026-12-03 07:45:0");
        assertThat(json.path("Patient").path("Id").asString()).isEqualTo("P-0001");
        try (HolterRecording ours = HolterReader.open(file)) {
            assertThat(json.path("NumberOfChannels").asInt()).isEqualTo(ours.header().leads().size());
            for (int i = 0; i < 3; i++) {
                var channel = json.path("CHANNEL").get(i);
                HolterLead lead = ours.header().leads().get(i);
                assertThat(channel.path("Label").asString()).isEqualTo(lead.name());
                assertThat(channel.path("scaling").asDouble()).isEqualTo(lead.microvoltsPerUnit());
                assertThat(channel.path("PhysicalUnit").asString()).isEqualTo("uV");
            }
        }
    }

    /** Section 12 is read from the file block by block: five times as many frames allocate almost nothing more. */
    @Test
    void section12IsStreamedNotLoaded(@TempDir Path dir) throws Exception {
        Path small = dir.resolve("small.scp");
        Path large = dir.resolve("large.scp");
        Files.write(small, record(samples(256 * 600, 2), 256, 2));
        Files.write(large, record(samples(256 * 3000, 2), 256, 2));
        long extraBytes = 256L * 2400 * 3 * 2;
        long smallAllocated = allocatedReading(small);
        long largeAllocated = allocatedReading(large);
        assertThat(largeAllocated - smallAllocated).as("extra bytes allocated for %d more bytes of samples", extraBytes)
                .isLessThan(extraBytes / 20);
    }

    private static long allocatedReading(Path file) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try (HolterRecording rec = HolterReader.open(file)) {
            SampleBlock block = rec.newBlock();
            while (rec.read(block)) {
                // stream to the end, CRC included
            }
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4})
    void everySampleWidthOfSection12(int bytes, @TempDir Path dir) throws Exception {
        int[][] s = samples(5000, bytes);
        Path file = dir.resolve("w" + bytes + ".scp");
        Files.write(file, record(s, 500, bytes));
        try (HolterRecording rec = HolterReader.open(file)) {
            SampleBlock block = rec.newBlock();
            assertThat(rec.read(block)).isTrue();
            assertThat(block.frames()).isEqualTo(4096);
            for (int i = 0; i < block.frames(); i++) {
                assertThat(block.lead(0)[i]).isEqualTo(s[0][i]);
                assertThat(block.lead(2)[i]).isEqualTo(s[2][i] * 5.0);
            }
            assertThat(rec.read(block)).isTrue();
            assertThat(block.frames()).isEqualTo(5000 - 4096);
            assertThat(rec.read(block)).isFalse();
        }
    }

    @Test
    void aCorruptSampleFailsTheSectionCrcWhenTheLastFrameIsRead(@TempDir Path dir) throws Exception {
        byte[] b = record(samples(10_000, 2), 250, 2);
        b[b.length - 1000] ^= 0x10; // a sample byte; the file CRC is not checked when streaming, section 12's is
        Path file = dir.resolve("corrupt.scp");
        Files.write(file, b);
        try (HolterRecording rec = HolterReader.open(file)) {
            SampleBlock block = rec.newBlock();
            assertThatThrownBy(() -> {
                while (rec.read(block)) {
                    // read to the end
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("SCP-ECG section 12 CRC mismatch")
                    .hasMessageContaining("10000 frames");
        }
    }

    @Test
    void aTruncatedRecordOrALyingSampleCountIsRefusedAtOpen(@TempDir Path dir) throws Exception {
        byte[] b = record(samples(1000, 2), 250, 2);
        Path cut = dir.resolve("cut.scp");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 100));
        assertThat(HolterReader.detect(cut)).contains(SourceFormat.SCP_ECG);
        assertThatThrownBy(() -> HolterReader.open(cut)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("record size field says " + b.length + " bytes but the file has " + (b.length - 100));

        int[][] s = samples(1000, 2);
        byte[] lying = new ScpWriter().lead(2, s[0]).lead(3, s[1]).lead(7, s[2])
                .longTerm(250, 2, new int[] {1000, 1000, 1000}, START).write();
        // samples per lead (data byte 5 of section 12) raised to 1001: one frame more than the section holds
        Path liar = dir.resolve("liar.scp");
        Files.write(liar, patchSamplesPerLead(lying, 1001));
        assertThatThrownBy(() -> HolterReader.open(liar)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("SCP-ECG section 12 declares 1001 samples of 3 leads");
    }

    @Test
    void aRestingRecordWithSection6IsNotAHolterRecording(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resting.scp");
        Files.write(file, new ScpWriter().lead(1, new int[5000]).lead(2, new int[5000]).write());
        assertThat(HolterReader.detect(file)).isEmpty();
    }

    /** Rewrites section 12's samples-per-lead field and the section and file CRCs, as a lying writer would. */
    private static byte[] patchSamplesPerLead(byte[] b, int samples) {
        int s0 = 6;
        int pointers = (int) (u32(b, s0 + 4) - 16) / 10;
        for (int i = 0; i < pointers; i++) {
            int p = s0 + 16 + 10 * i;
            if ((b[p] & 0xFF) == 12) {
                int start = (int) u32(b, p + 6) - 1;
                int length = (int) u32(b, p + 2);
                for (int k = 0; k < 4; k++) {
                    b[start + 16 + 5 + k] = (byte) (samples >> (8 * k));
                }
                int crc = ScpWriter.crc(b, start + 2, start + length);
                b[start] = (byte) crc;
                b[start + 1] = (byte) (crc >> 8);
            }
        }
        int crc = ScpWriter.crc(b, 2, b.length);
        b[0] = (byte) crc;
        b[1] = (byte) (crc >> 8);
        return b;
    }

    private static long u32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }
}
