package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.ecg.TestData;
import org.rdc.ecg.model.SourceFormat;

/**
 * {@link HolterRecording#seek}: a window read after a seek holds the very samples a front-to-back read gives at those
 * frames, in every format, including windows that start inside an EDF data record, a WFDB 212 byte triple and the
 * second DICOM multiplex group.
 */
class HolterSeekTest {

    @Test
    void ishneFromAStoredChannel(@TempDir Path dir) throws Exception {
        Path file = HolterTestFiles.syntheticIshne(dir.resolve("day.ecg"), 0.1, 3, 256);
        assertSeekMatches(file, SourceFormat.ISHNE_HOLTER, 256 * 200 + 17, 256 * 10);
    }

    @Test
    void edfPlusInsideADataRecord(@TempDir Path dir) throws Exception {
        Path file = HolterTestFiles.mitdb100AsEdf(dir.resolve("100.edf"));
        assertSeekMatches(file, SourceFormat.EDF_PLUS, 360 * 601 + 100, 360 * 12);
    }

    @Test
    void wfdb212MidTriple() throws Exception {
        Path header = TestData.path("ecg/mitdb/100.hea");
        double[][] expected = frontToBack(header, 360 * 77 + 1, 720);
        try (HolterRecording rec = HolterReader.open(header)) {
            assertWindow(rec, 360 * 77 + 1, expected);
        }
    }

    @Test
    void dicomSecondMultiplexGroup(@TempDir Path dir) throws Exception {
        short[][] first = new short[1][2000];
        short[][] second = new short[1][3000];
        for (int i = 0; i < 3000; i++) {
            if (i < 2000) {
                first[0][i] = (short) (i - 1000);
            }
            second[0][i] = (short) (7 * i % 3001 - 1500);
        }
        Path file = dir.resolve("holter.dcm");
        new AmbulatoryEcgWriter(200).channel(new AmbulatoryEcgWriter.Channel(2, "II", 2.5, "uV", 0))
                .segment(first).segment(second).write(file, "1.2.826.0.1.3680043.10.1014.9", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertSeekMatches(file, SourceFormat.DICOM_WAVEFORM, 1990, 1000);
        assertSeekMatches(file, SourceFormat.DICOM_WAVEFORM, 2500, 400);
    }

    private static void assertSeekMatches(Path file, SourceFormat format, long from, int frames) throws Exception {
        double[][] expected = frontToBack(file, from, frames);
        try (HolterRecording rec = HolterReader.open(format, FileChannel.open(file, StandardOpenOption.READ))) {
            assertWindow(rec, from, expected);
        }
    }

    private static void assertWindow(HolterRecording rec, long from, double[][] expected) throws Exception {
        rec.seek(from);
        SampleBlock block = rec.newBlock();
        int frames = expected[0].length;
        int got = 0;
        while (got < frames && rec.read(block)) {
            assertThat(block.firstFrame()).as("the block holds the frame sought").isLessThanOrEqualTo(from + got);
            for (int i = 0; i < block.frames(); i++) {
                long f = block.firstFrame() + i;
                if (f >= from && f < from + frames) {
                    for (int l = 0; l < expected.length; l++) {
                        assertThat(block.lead(l)[i]).as("frame %d lead %d", f, l).isEqualTo(expected[l][(int) (f - from)]);
                    }
                    got++;
                }
            }
        }
        assertThat(got).isEqualTo(frames);
    }

    private static double[][] frontToBack(Path file, long from, int frames) throws Exception {
        try (HolterRecording rec = HolterReader.open(file)) {
            double[][] out = new double[rec.header().leads().size()][frames];
            SampleBlock block = rec.newBlock();
            while (rec.read(block) && block.firstFrame() < from + frames) {
                for (int i = 0; i < block.frames(); i++) {
                    long f = block.firstFrame() + i;
                    if (f >= from && f < from + frames) {
                        for (int l = 0; l < out.length; l++) {
                            out[l][(int) (f - from)] = block.lead(l)[i];
                        }
                    }
                }
            }
            return out;
        }
    }
}
