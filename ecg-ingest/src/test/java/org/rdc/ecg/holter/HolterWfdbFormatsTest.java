package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WFDB formats 16 and 212 (with an odd number of signals, so sample pairs straddle frames) on records
 * written here to signal(5), read by us and, through its EDF conversion, by biosig.
 */
class HolterWfdbFormatsTest {

    private static final int FRAMES = 5000;

    @Test
    void format16ThreeSignalsWithBaselineUnitsAndStartTime(@TempDir Path dir) throws Exception {
        int[][] adu = samples(3, 30000);
        ByteBuffer b = ByteBuffer.allocate(FRAMES * 3 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < FRAMES; f++) {
            for (int s = 0; s < 3; s++) {
                b.putShort((short) adu[s][f]);
            }
        }
        Files.write(dir.resolve("r16.dat"), b.array());
        Path hea = dir.resolve("r16.hea");
        Files.writeString(hea, "r16 3 500 " + FRAMES + " 08:30:15 02/12/2026\n"
                + "r16.dat 16 1000(100)/mV 16 0 0 0 0 ECG I\n"
                + "r16.dat 16 2000/mV 16 -7 0 0 0 ECG II\n"
                + "r16.dat 16 4/uV 16 0 0 0 0 ECG V2\n");
        try (HolterRecording rec = HolterReader.open(hea)) {
            HolterHeader h = rec.header();
            assertThat(h.sampleRate()).isEqualTo(500);
            assertThat(h.start()).isEqualTo(LocalDateTime.of(2026, 12, 2, 8, 30, 15));
            assertThat(h.leads()).extracting(HolterLead::name).containsExactly("ECG I", "ECG II", "ECG V2");
            SampleBlock block = rec.newBlock();
            long frames = 0;
            while (rec.read(block)) {
                for (int i = 0; i < block.frames(); i++) {
                    int f = (int) (block.firstFrame() + i);
                    assertThat(block.lead(0)[i]).isCloseTo((adu[0][f] - 100) * 1.0, within(1e-9));
                    // no baseline in parentheses: the ADC zero (-7) is the baseline
                    assertThat(block.lead(1)[i]).isCloseTo((adu[1][f] + 7) * 0.5, within(1e-9));
                    assertThat(block.lead(2)[i]).isCloseTo(adu[2][f] * 0.25, within(1e-9));
                }
                frames += block.frames();
            }
            assertThat(frames).isEqualTo(FRAMES);
        }
        // biosig 3 ignores a "(baseline)" in the gain field (header(5) makes it the ADC value of 0 mV), and its
        // format 16 reader strides wrongly through a file of several signals (two signals 0,-10,10,-20 ... read
        // as 0,-10,30,-40): it is compared on one signal with its baseline stated as the ADC zero
        ByteBuffer single = ByteBuffer.allocate(FRAMES * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < FRAMES; f++) {
            single.putShort((short) adu[2][f]);
        }
        Files.write(dir.resolve("p16.dat"), single.array());
        Path plain = dir.resolve("p16.hea");
        Files.writeString(plain, "p16 1 500 " + FRAMES + "\np16.dat 16 4/uV 16 0 0 0 0 ECG V2\n");
        compareWithBiosig(plain, dir);
    }

    @Test
    void format212ThreeSignalsPairsAcrossFrames(@TempDir Path dir) throws Exception {
        int[][] adu = samples(3, 2047);
        int total = FRAMES * 3;
        byte[] d = new byte[(total + 1) / 2 * 3];
        for (int k = 0, o = 0; k < total; k += 2, o += 3) {
            int a = adu[k % 3][k / 3] & 0xFFF;
            int c = k + 1 < total ? adu[(k + 1) % 3][(k + 1) / 3] & 0xFFF : 0;
            d[o] = (byte) a;
            d[o + 1] = (byte) (a >> 8 | (c >> 8) << 4);
            d[o + 2] = (byte) c;
        }
        Files.write(dir.resolve("r212.dat"), d);
        Path hea = dir.resolve("r212.hea");
        Files.writeString(hea, "# written by HolterWfdbFormatsTest\nr212 3 250 " + FRAMES + "\n"
                + "r212.dat 212 200 12 0 0 0 0 MLII\nr212.dat 212 200 12 0 0 0 0 V1\nr212.dat 212 200 12 0 0 0 0 V5\n");
        try (HolterRecording rec = HolterReader.open(hea)) {
            SampleBlock block = rec.newBlock();
            long frames = 0;
            while (rec.read(block)) {
                for (int i = 0; i < block.frames(); i++) {
                    int f = (int) (block.firstFrame() + i);
                    for (int s = 0; s < 3; s++) {
                        assertThat(block.lead(s)[i]).as("signal %d frame %d", s, f).isCloseTo(adu[s][f] * 5.0, within(1e-9));
                    }
                }
                frames += block.frames();
            }
            assertThat(frames).isEqualTo(FRAMES);
        }
        Path plain = dir.resolve("p212.hea");
        Files.writeString(plain, Files.readString(hea).replace("# written by HolterWfdbFormatsTest\n", "").replace("r212 3", "p212 3"));
        compareWithBiosig(plain, dir);
    }

    /** Signed values in -range..range, different per signal, with extremes in the first frames. */
    private static int[][] samples(int signals, int range) {
        int[][] v = new int[signals][FRAMES];
        for (int s = 0; s < signals; s++) {
            for (int f = 0; f < FRAMES; f++) {
                v[s][f] = (int) Math.round(range * Math.sin(f * (0.01 + 0.013 * s) + s));
            }
            v[s][0] = range;
            v[s][1] = -range;
        }
        return v;
    }

    private static void compareWithBiosig(Path hea, Path dir) throws Exception {
        Path edf = dir.resolve(hea.getFileName().toString().replace(".hea", ".edf"));
        Biosig.convert("EDF", hea, edf);
        try (HolterRecording ours = HolterReader.open(hea); HolterRecording theirs = HolterReader.open(edf)) {
            double[][] a = readAll(ours);
            double[][] b = readAll(theirs);
            assertThat(b[0]).hasSize(FRAMES);
            for (int s = 0; s < a.length; s++) {
                double range = 0;
                double worst = 0;
                for (int f = 0; f < FRAMES; f++) {
                    range = Math.max(range, Math.abs(a[s][f]));
                    worst = Math.max(worst, Math.abs(a[s][f] - b[s][f]));
                }
                // biosig rescales to 16 bits over its own physical range: allow that quantisation step
                assertThat(worst).as("signal %d", s).isLessThanOrEqualTo(range / 16000);
            }
        }
    }

    private static double[][] readAll(HolterRecording rec) throws Exception {
        int leads = rec.header().leads().size();
        double[][] out = new double[leads][FRAMES];
        SampleBlock block = rec.newBlock();
        while (rec.read(block)) {
            for (int s = 0; s < leads; s++) {
                System.arraycopy(block.lead(s), 0, out[s], (int) block.firstFrame(), block.frames());
            }
        }
        return out;
    }
}
