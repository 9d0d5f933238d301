package org.rdc.dicom.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.dicom.TestData;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;

class DataSetParserTest {

    /** The gateway's use: raw bytes teed to storage while the header is decoded, pixel data streamed. */
    @Test
    void callerCanTeeTheRawStreamAndStreamThePixelData() throws Exception {
        Path file = TestData.file("dicom/pydicom/CT_small.dcm");
        DicomFile f = new Part10Reader().read(file);
        // the bare data set as a C-STORE would carry it
        ByteArrayOutputStream bare = new ByteArrayOutputStream();
        new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(f.dataSet(), bare);
        byte[] bytes = bare.toByteArray();

        ByteArrayOutputStream storage = new ByteArrayOutputStream();
        InputStream tee = new TeeInputStream(new ByteArrayInputStream(bytes), storage);
        DataSetParser parser = new DataSetParser(tee, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, -1);
        DataSet header = new DataSetReader().stopBefore(Tag.PixelData).read(parser);
        assertThat(header.getString(Tag.SOPInstanceUID)).isEqualTo(f.dataSet().getString(Tag.SOPInstanceUID));
        assertThat(header.contains(Tag.PixelData)).isFalse();
        // the parser stopped right after the pixel data header: nothing read ahead
        ElementHeader pixels = parser.header();
        assertThat(pixels.tag()).isEqualTo(Tag.PixelData);
        assertThat(pixels.vr()).isEqualTo(VR.OW);
        assertThat(parser.position()).isEqualTo(pixels.valueOffset()).isEqualTo(storage.size());

        ByteArrayOutputStream pixelSink = new ByteArrayOutputStream();
        assertThat(parser.copyValue(pixelSink)).isEqualTo(pixels.length());
        int after = 0;
        while (parser.next() != null) {
            after++;  // CT_small has private elements after the pixel data
        }
        assertThat(after).isPositive();
        assertThat(pixelSink.toByteArray()).isEqualTo(f.dataSet().getBytes(Tag.PixelData));
        assertThat(storage.toByteArray()).isEqualTo(bytes);

        // what was stored, behind a file header, is a valid file holding the same data set
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        Part10Writer.writeFileHeader(stored, null, Part10Writer.createMeta(header.getString(Tag.SOPClassUID),
                header.getString(Tag.SOPInstanceUID), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        stored.writeBytes(storage.toByteArray());
        DicomFile back = new Part10Reader().read(new ByteArrayInputStream(stored.toByteArray()), stored.size());
        assertThat(back.dataSet().getBytes(Tag.PixelData)).isEqualTo(f.dataSet().getBytes(Tag.PixelData));
        assertThat(back.meta().getString(Tag.MediaStorageSOPInstanceUID)).isEqualTo(header.getString(Tag.SOPInstanceUID));
    }

    /** A C-STORE in Deflated Explicit VR Little Endian: the bare data set is inflated by {@code open}. */
    @Test
    void deflatedBareDataSet() throws Exception {
        DataSet ds = new Part10Reader().read(TestData.file("dicom/pydicom/image_dfl.dcm")).dataSet();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        new DataSetWriter(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN).write(ds, deflated);
        DataSet back = new DataSetReader().read(DataSetParser.open(new ByteArrayInputStream(deflated.toByteArray()),
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(back.getBytes(Tag.PixelData)).isEqualTo(ds.getBytes(Tag.PixelData));
        assertThat(back.size()).isEqualTo(ds.size());
        assertThat(deflated.size()).isLessThan(ds.getBytes(Tag.PixelData).length);
    }

    @Test
    void valueStreamEndsWithTheValueAndFragmentsComeOneByOne() throws Exception {
        Path file = TestData.file("dicom/pydicom/SC_rgb_rle_2frame.dcm");
        try (InputStream in = Files.newInputStream(file)) {
            DataSetParser parser = new Part10Reader().open(in, Files.size(file)).parser();
            List<Long> fragmentLengths = new ArrayList<>();
            for (Token t = parser.next(); t != null; t = parser.next()) {
                if (t == Token.FRAGMENT) {
                    try (InputStream value = parser.valueStream()) {
                        byte[] bytes = value.readAllBytes();
                        assertThat(bytes).hasSize((int) parser.header().length());
                        assertThat(value.read()).isEqualTo(-1);
                    }
                    fragmentLengths.add(parser.header().length());
                }
            }
            assertThat(fragmentLengths).hasSize(3).startsWith(8L);
        }
    }

    @Test
    void tokensForDefinedAndUndefinedLengthSequences() throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.PatientID, VR.LO, "P1");
        Sequence undefined = ds.newSequence(0x00081115);
        Item item = undefined.addItem(true);
        Sequence inner = item.newSequence(0x00081199);
        inner.setUndefinedLength(false);
        inner.addItem(false).setString(0x00081150, VR.UI, "1.2.3");
        ds.newSequence(0x00400275);  // empty
        for (TransferSyntax ts : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new DataSetWriter(ts).write(ds, out);
            DataSetParser p = new DataSetParser(new ByteArrayInputStream(out.toByteArray()), ts, 0, out.size());
            List<String> tokens = new ArrayList<>();
            for (Token t = p.next(); t != null; t = p.next()) {
                tokens.add(t + (t == Token.ELEMENT || t == Token.SEQUENCE_START ? " " + Tag.toString(p.header().tag()) : "")
                        + "@" + p.depth());
            }
            assertThat(tokens).as(ts.name()).containsExactly(
                    "SEQUENCE_START (0008,1115)@1", "ITEM_START@2",
                    "SEQUENCE_START (0008,1199)@3", "ITEM_START@4", "ELEMENT (0008,1150)@4", "ITEM_END@3",
                    "SEQUENCE_END@2", "ITEM_END@1", "SEQUENCE_END@0",
                    "ELEMENT (0010,0020)@0",
                    "SEQUENCE_START (0040,0275)@1", "SEQUENCE_END@0");
        }
    }

    @Test
    void lyingLengthsFailBeforeAllocating() {
        // (7FE0,0010) OB with a 4 GB - 2 length in a 20-byte stream of unknown length
        byte[] lie = {(byte) 0xE0, 0x7F, 0x10, 0, 'O', 'B', 0, 0, (byte) 0xFE, -1, -1, -1, 1, 2, 3, 4, 5, 6, 7, 8};
        assertThatThrownBy(() -> new DataSetReader().read(
                new DataSetParser(new ByteArrayInputStream(lie), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, -1)))
                .isInstanceOf(DicomParseException.class).hasMessageContaining("(7FE0,0010)");
        // 1 GB claimed, 8 bytes there: the buffer grows with the data, so this is an EOF, not an allocation
        byte[] gig = Arrays.copyOf(lie, lie.length);
        gig[8] = 0;
        gig[9] = 0;
        gig[10] = 0;
        gig[11] = 0x40;
        assertThatThrownBy(() -> new DataSetReader().read(
                new DataSetParser(new ByteArrayInputStream(gig), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, -1)))
                .isInstanceOf(DicomParseException.class).hasMessageContaining("stream ends inside the value")
                .hasMessageContaining("offset 0 in (7FE0,0010)");
        // with the length known it fails before reading anything
        assertThatThrownBy(() -> new DataSetParser(new ByteArrayInputStream(gig), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                0, gig.length).next()).hasMessageContaining("exceeds the 8 bytes left");
    }

    @Test
    void itemLengthOverrunningItsSequenceIsRejected() {
        // SQ of length 8 holding an item that claims 100 bytes
        byte[] b = {0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, 8, 0, 0, 0, (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 100, 0, 0, 0};
        assertThatThrownBy(() -> new DataSetReader().read(
                new DataSetParser(new ByteArrayInputStream(b), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, b.length)))
                .isInstanceOf(DicomParseException.class).hasMessageContaining("(FFFE,E000)")
                .hasMessageContaining("offset 12");
    }

    @Test
    void deepNestingIsRejected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            out.writeBytes(new byte[] {0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1});
            out.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1});
        }
        byte[] b = out.toByteArray();
        assertThatThrownBy(() -> new DataSetReader().read(
                new DataSetParser(new ByteArrayInputStream(b), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, b.length)))
                .isInstanceOf(DicomParseException.class).hasMessageContaining("nested deeper than 64");
    }

    @Test
    void bigEndianValuesAreSwapped() throws Exception {
        DataSet be = new Part10Reader().read(TestData.file("dicom/pydicom/MR_small_bigendian.dcm")).dataSet();
        DataSet le = new Part10Reader().read(TestData.file("dicom/pydicom/MR_small.dcm")).dataSet();
        assertThat(be.getInt(0x00280010, 0)).isEqualTo(64);
        assertThat(be.getBytes(Tag.PixelData)).isEqualTo(le.getBytes(Tag.PixelData));
        assertThat(Files.size(TestData.file("dicom/pydicom/MR_small_bigendian.dcm"))).isPositive();
    }
}
