package org.rdc.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.object.BulkData;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Fragments;
import org.rdc.test.Requires;

/** Frames found by {@link FrameLocator} in real files, checked against the whole pixel data and dcmtk's decoders. */
class FrameLocatorTest {

    @TempDir
    Path tmp;

    private static FrameLocator.Located locate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return FrameLocator.read(in, Files.size(file));
        }
    }

    private static byte[] bytes(Path file, List<BulkData> ranges) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (BulkData r : ranges) {
                byte[] b = new byte[(int) r.length()];
                f.seek(r.offset());
                f.readFully(b);
                out.write(b);
            }
            return out.toByteArray();
        }
    }

    private static DataSet whole(Path file) throws IOException {
        return new Part10Reader().read(file).dataSet();
    }

    private Path run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return Path.of(command[command.length - 1]);
    }

    @Test
    void nativeMultiFrameIsCutIntoFramesOfRowsColumnsSamplesBits() throws IOException {
        Path file = Requires.testdata("dicom/pydicom/rtdose.dcm");
        FrameLocator.Located located = locate(file);
        FrameTable table = located.frames();
        assertThat(table.count()).isEqualTo(15);
        assertThat(table.length(3)).isEqualTo(10 * 10 * 4);
        byte[] all = whole(file).getBytes(Tag.PixelData);
        byte[] third = bytes(file, table.frame(3));
        assertThat(third).isEqualTo(java.util.Arrays.copyOfRange(all, 800, 1200));
    }

    @Test
    void singleFrameNativeIsThePixelDataValue() throws IOException {
        Path file = Requires.testdata("dicom/pydicom/CT_small.dcm");
        FrameTable table = locate(file).frames();
        assertThat(table.count()).isEqualTo(1);
        assertThat(bytes(file, table.frame(1))).isEqualTo(whole(file).getBytes(Tag.PixelData));
    }

    @Test
    void rleFramesOneFragmentEachDecodeToWhatDcmtkDecodes() throws Exception {
        Requires.dcmtk("dcmdrle");
        for (String name : List.of("SC_rgb_rle_2frame.dcm", "SC_rgb_rle_16bit_2frame.dcm", "rtdose_rle.dcm")) {
            Path file = Requires.testdata("dicom/pydicom/" + name);
            FrameTable table = locate(file).frames();
            Path plain = run("dcmdrle", file.toString(), tmp.resolve(name).toString());
            byte[] expected = whole(plain).getBytes(Tag.PixelData);
            int frameLength = (int) table.pixel().frameLength();
            assertThat(table.pixel().planarConfiguration()).isIn(0, 1);
            for (int n = 1; n <= table.count(); n++) {
                byte[] decoded = RleDecoder.decode(bytes(file, table.frame(n)), table.pixel());
                byte[] reference = java.util.Arrays.copyOfRange(expected, (n - 1) * frameLength, n * frameLength);
                if (whole(plain).getInt(Tag.PlanarConfiguration, 0) == 1) {
                    reference = interleave(reference, table.pixel());
                }
                assertThat(decoded).as(name + " frame " + n).isEqualTo(reference);
            }
        }
    }

    private static byte[] interleave(byte[] planar, ImagePixel p) {
        int bps = p.bitsAllocated() / 8;
        int pixels = p.rows() * p.columns();
        byte[] out = new byte[planar.length];
        for (int s = 0; s < p.samplesPerPixel(); s++) {
            for (int i = 0; i < pixels; i++) {
                for (int b = 0; b < bps; b++) {
                    out[(i * p.samplesPerPixel() + s) * bps + b] = planar[(s * pixels + i) * bps + b];
                }
            }
        }
        return out;
    }

    @Test
    void emptyOffsetTableWithSeveralFragmentsPerFrameIsSplitAtTheEndOfEachCodeStream() throws Exception {
        Requires.dcmtk("dcmcjpeg");
        Path plain = run("dcmdrle", Requires.testdata("dicom/pydicom/SC_rgb_rle_2frame.dcm").toString(), tmp.resolve("p.dcm").toString());
        Path jpeg = run("dcmcjpeg", "-ot", "+fs", "1", plain.toString(), tmp.resolve("j.dcm").toString());
        Fragments fragments = (Fragments) whole(jpeg).get(Tag.PixelData).value();
        assertThat(fragments.size()).as("offset table and several fragments per frame").isGreaterThan(3);
        assertThat(fragments.length(0)).isZero();
        FrameTable table = locate(jpeg).frames();
        assertThat(table.count()).isEqualTo(2);
        assertThat(table.frame(1).size()).isGreaterThan(1);
        for (int n = 1; n <= 2; n++) {
            byte[] frame = bytes(jpeg, table.frame(n));
            assertThat(frame[0] & 0xFF).isEqualTo(0xFF);
            assertThat(frame[1] & 0xFF).isEqualTo(0xD8);
        }
    }

    @Test
    void basicOffsetTableGroupsFragmentsIntoFrames() throws Exception {
        Requires.dcmtk("dcmcjpeg");
        Path plain = run("dcmdrle", Requires.testdata("dicom/pydicom/SC_rgb_rle_2frame.dcm").toString(), tmp.resolve("p.dcm").toString());
        Path jpeg = run("dcmcjpeg", "+ot", "+fs", "1", plain.toString(), tmp.resolve("j.dcm").toString());
        FrameTable table = locate(jpeg).frames();
        Fragments fragments = (Fragments) whole(jpeg).get(Tag.PixelData).value();
        assertThat(fragments.length(0)).isEqualTo(8);
        assertThat(table.count()).isEqualTo(2);
        assertThat(table.frame(1).size() + table.frame(2).size()).isEqualTo(fragments.size() - 1);
        assertThat(table.frame(2).get(0).offset()).isGreaterThan(table.frame(1).get(table.frame(1).size() - 1).offset());
    }

    @Test
    void encapsulatedSingleFrameTakesEveryFragment() throws IOException {
        Path file = Requires.testdata("dicom/pydicom/JPEG2000.dcm");
        FrameTable table = locate(file).frames();
        assertThat(table.count()).isEqualTo(1);
        Fragments fragments = (Fragments) whole(file).get(Tag.PixelData).value();
        byte[] first = fragments.bytes(1);
        assertThat(java.util.Arrays.copyOf(bytes(file, table.frame(1)), first.length)).isEqualTo(first);
    }

    @Test
    void extendedOffsetTableIsUsedWhenPresent() throws Exception {
        // Built from a real JPEG file: its fragments listed in an Extended Offset Table, the BOT left empty.
        Requires.dcmtk("dcmcjpeg");
        Path plain = run("dcmdrle", Requires.testdata("dicom/pydicom/SC_rgb_rle_2frame.dcm").toString(), tmp.resolve("p.dcm").toString());
        Path jpeg = run("dcmcjpeg", "+ot", "+fs", "1", plain.toString(), tmp.resolve("j.dcm").toString());
        org.rdc.dicom.file.DicomFile f = new Part10Reader().read(jpeg);
        Fragments fragments = (Fragments) f.dataSet().get(Tag.PixelData).value();
        long[] bot = org.rdc.dicom.object.Values.longs(fragments.bytes(0), org.rdc.dicom.core.VR.UL);
        Fragments emptied = new Fragments();
        emptied.add(new byte[0]);
        for (int i = 1; i < fragments.size(); i++) {
            emptied.add(fragments.bytes(i));
        }
        f.dataSet().put(new org.rdc.dicom.object.DataElement(Tag.PixelData, org.rdc.dicom.core.VR.OB, emptied));
        f.dataSet().setBytes(Tag.ExtendedOffsetTable, org.rdc.dicom.core.VR.OV,
                org.rdc.dicom.object.Values.encodeLongs(bot, org.rdc.dicom.core.VR.OV));
        Path withEot = tmp.resolve("eot.dcm");
        org.rdc.dicom.file.Part10Writer.write(withEot, f);
        FrameTable table = locate(withEot).frames();
        FrameTable reference = locate(jpeg).frames();
        assertThat(table.count()).isEqualTo(2);
        assertThat(table.frame(2).size()).isEqualTo(reference.frame(2).size());
        assertThat(bytes(withEot, table.frame(2))).isEqualTo(bytes(jpeg, reference.frame(2)));
    }
}
