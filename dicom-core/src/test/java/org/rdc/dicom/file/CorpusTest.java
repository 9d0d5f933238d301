package org.rdc.dicom.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdc.dicom.TestData;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;

/** Every file of the shared corpus parses; the damaged ones fail with offset and tag, fast. */
class CorpusTest {

    static Stream<Path> wellFormed() {
        return TestData.dicomFiles().stream().filter(p -> !TestData.isMalformed(p));
    }

    static Stream<Path> malformed() {
        return TestData.dicomFiles().stream().filter(TestData::isMalformed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void parsesWithAndWithoutBulkData(Path file) throws Exception {
        DicomFile full = new Part10Reader().read(file);
        assertThat(full.dataSet().size()).isPositive();
        DicomFile header = new Part10Reader(new DataSetReader().withoutBulkData()).read(file);
        assertThat(header.dataSet().size()).isEqualTo(full.dataSet().size());
        DataElement pixels = header.dataSet().get(Tag.PixelData);
        if (pixels != null && pixels.fragments() == null && !header.transferSyntax().deflated()) {
            // not loaded, but its place in the file is known and holds the same bytes
            assertThat(pixels.bulkData()).isNotNull();
            byte[] loaded = full.dataSet().getBytes(Tag.PixelData);
            assertThat(pixels.bulkData().length()).isEqualTo(loaded.length);
            if (!full.transferSyntax().bigEndian()) {
                try (InputStream in = Files.newInputStream(file)) {
                    in.skipNBytes(pixels.bulkData().offset());
                    assertThat(in.readNBytes(loaded.length)).isEqualTo(loaded);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void damagedFilesFailWithOffsetAndTag(Path file) {
        assertThatThrownBy(() -> new Part10Reader().read(file))
                .isInstanceOf(DicomParseException.class)
                .satisfies(e -> {
                    DicomParseException d = (DicomParseException) e;
                    assertThat(d.offset()).isBetween(0L, Files.size(file));
                    assertThat(d.tag()).isNotEqualTo(DicomParseException.NO_TAG);
                    assertThat(d.getMessage()).contains("offset " + d.offset()).contains(Tag.toString(d.tag()));
                });
    }

    @Test
    void truncatedFilesNameTheElement() {
        Path mr = TestData.file("dicom/pydicom/MR_truncated.dcm");
        Path rtplan = TestData.file("dicom/pydicom/rtplan_truncated.dcm");
        Path noMeta = TestData.file("dicom/pydicom/no_meta.dcm");
        assertThatThrownBy(() -> new Part10Reader().read(mr))
                .hasMessageContaining("(7FE0,0010)").hasMessageContaining("8192");
        assertThatThrownBy(() -> new Part10Reader().read(rtplan))
                .hasMessageContaining("offset 1410").hasMessageContaining("(300A,00B0)");
        // a stray byte before the first element: dcmtk fails the same way on (0820,0500)
        assertThatThrownBy(() -> new Part10Reader().read(noMeta))
                .hasMessageContaining("offset 0 in (0820,0500)");
    }

    @Test
    void toleratedDefectsAreWarnedAbout() throws Exception {
        Part10Reader reader = new Part10Reader();
        DicomFile f = reader.read(TestData.file("dicom/pydicom/meta_missing_tsyntax.dcm"));
        assertThat(f.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(reader.warnings()).anyMatch(w -> w.contains("no transfer syntax"))
                .anyMatch(w -> w.contains("odd value length 9"));

        f = reader.read(TestData.file("dicom/pydicom/no_meta_group_length.dcm"));
        assertThat(reader.warnings()).anyMatch(w -> w.contains("no group length"));
        assertThat(f.dataSet().getString(Tag.of(0x0008, 0x0012))).isEqualTo("20111130");

        f = reader.read(TestData.file("dicom/pydicom/ExplVR_BigEndNoMeta.dcm"));
        assertThat(f.meta()).isNull();
        assertThat(f.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);

        // Transfer syntax says explicit VR, the data set is implicit VR: read element by element as implicit
        f = reader.read(TestData.file("dicom/pydicom/SC_rgb_jpeg.dcm"));
        assertThat(reader.warnings()).anyMatch(w -> w.contains("invalid VR bytes in (0008,0008)"));
        assertThat(f.dataSet().getStrings(Tag.of(0x0008, 0x0008))).containsExactly("DERIVED", "SECONDARY", "OTHER");
        assertThat(f.dataSet().get(Tag.PixelData).fragments().size()).isPositive();
    }

    @Test
    void invalidNumberTextIsReportedNotFatal() throws Exception {
        DataSet ds = new Part10Reader().read(TestData.file("dicom/pydicom/badVR.dcm")).dataSet();
        assertThat(ds.getStrings(0x00280008)).containsExactly("1A");  // Number of Frames
        assertThat(ds.getInt(0x00280008, -1)).isEqualTo(-1);
        assertThatThrownBy(() -> ds.getLongs(0x00280008)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("(0028,0008) IS value \"1A\"");
    }

    @Test
    void sequencesAndPrivateElements() throws Exception {
        DataSet un = new Part10Reader().read(TestData.file("dicom/pydicom/UN_sequence.dcm")).dataSet();
        DataElement e = un.get(0x4453100C);
        assertThat(e.sequence()).isNotNull();
        DataSet inner = e.sequence().get(0).getSequence(0x00081115).get(0).getSequence(0x00081199).get(0);
        assertThat(inner.getString(0x00081150)).isEqualTo("1.2.840.10008.5.1.4.1.1.2");

        DataSet nested = new Part10Reader().read(TestData.file("dicom/pydicom/nested_priv_SQ.dcm")).dataSet();
        assertThat(nested.getSequence(0x00010001).get(0).getSequence(0x00010001).get(0).getBytes(0x00010001))
                .asString().isEqualTo("Double Nested SQ");

        DataSet priv = new Part10Reader().read(TestData.file("dicom/pydicom/priv_SQ.dcm")).dataSet();
        assertThat(priv.get(0x3F031001).vr()).isEqualTo(org.rdc.dicom.core.VR.UN);
        assertThat(priv.getString(0x3F030010)).isEqualTo("aaabbbccc MEDICAL SYSTEMS");
    }

    @Test
    void encapsulatedPixelDataIsKeptAsFragments() throws Exception {
        for (String name : new String[] {"JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_rle_2frame.dcm",
            "JPEG2000-embedded-sequence-delimiter.dcm", "MR_small_jpeg_ls_lossless.dcm", "JPGExtended.dcm"}) {
            DicomFile f = new Part10Reader().read(TestData.file("dicom/pydicom/" + name));
            assertThat(f.transferSyntax().encapsulated()).as(name).isTrue();
            var fragments = f.dataSet().get(Tag.PixelData).fragments();
            assertThat(fragments.size()).as(name).isGreaterThanOrEqualTo(2);
        }
        Path rleFile = TestData.file("dicom/pydicom/SC_rgb_rle_2frame.dcm");
        var rle = new Part10Reader().read(rleFile).dataSet().get(Tag.PixelData).fragments();
        // without bulk data, each fragment is where the file has it
        var refs = new Part10Reader(new DataSetReader().withoutBulkData()).read(rleFile).dataSet()
                .get(Tag.PixelData).fragments();
        assertThat(refs.bytes(1)).isNull();
        try (InputStream in = Files.newInputStream(rleFile)) {
            in.skipNBytes(refs.bulkData(1).offset());
            assertThat(in.readNBytes((int) refs.bulkData(1).length())).isEqualTo(rle.bytes(1));
        }
        assertThat(rle.size()).isEqualTo(3);           // offset table + one fragment per frame
        assertThat(rle.length(0)).isEqualTo(8);        // basic offset table with two entries
    }

    @Test
    void parsingTheWholeCorpusIsFast() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (Path p : TestData.dicomFiles()) {
                try {
                    new Part10Reader().read(p);
                } catch (DicomParseException expected) {
                    assertThat(TestData.isMalformed(p)).as(p.toString()).isTrue();
                }
            }
        });
    }
}
