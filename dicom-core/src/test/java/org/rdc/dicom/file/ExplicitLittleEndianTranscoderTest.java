package org.rdc.dicom.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdc.dicom.TestData;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.json.JsonWriter;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
import org.rdc.test.Requires;

class ExplicitLittleEndianTranscoderTest {

    @TempDir
    Path tmp;

    static Stream<Path> transcodable() throws Exception {
        List<Path> out = new java.util.ArrayList<>();
        for (Path p : TestData.dicomFiles()) {
            if (TestData.isMalformed(p)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(p)) {
                if (ExplicitLittleEndianTranscoder.canTranscode(new Part10Reader().open(in, Files.size(p)).transferSyntax().uid())) {
                    out.add(p);
                }
            }
        }
        return out.stream();
    }

    static byte[] transcode(byte[] file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExplicitLittleEndianTranscoder().transcode(new ByteArrayInputStream(file), file.length, out);
        return out.toByteArray();
    }

    /** Every implicit, big endian and deflated file of the shared corpus: the same data set, now Explicit VR LE, as dcmtk reads it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transcodable")
    void sameAttributesAsDcmtkReadsInTheOriginal(Path file) throws Exception {
        byte[] result = transcode(Files.readAllBytes(file));
        DicomFile read = new Part10Reader().read(new ByteArrayInputStream(result), result.length);
        assertThat(read.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(new JsonWriter().write(read.dataSet())).isEqualTo(new JsonWriter().write(new Part10Reader().read(file).dataSet()));
        Requires.dcmtk("dcm2json");
        Path out = Files.write(tmp.resolve("out.dcm"), result);
        assertThat(dcm2json(out)).isEqualTo(dcm2json(file));
    }

    @Test
    void implicitWithNestedSequencesAndALongUnknownValue() throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4");
        Item item = ds.newSequence(Tag.of(0x0040, 0x0275)).addItem();
        item.setString(Tag.of(0x0040, 0x1001), VR.SH, "RP1");
        item.newSequence(Tag.of(0x0008, 0x1110)).addItem().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.5");
        ds.setBytes(Tag.of(0x0009, 0x0010), VR.LO, "ACME".getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(Tag.of(0x0009, 0x1001), VR.UN, new byte[70_000]);
        ds.setBytes(Tag.PixelData, VR.OW, new byte[200_000]);
        byte[] implicit = Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN), ds,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
        byte[] result = transcode(implicit);
        DicomFile read = new Part10Reader().read(new ByteArrayInputStream(result), result.length);
        assertThat(read.meta().getString(Tag.TransferSyntaxUID)).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(read.meta().getString(Tag.MediaStorageSOPInstanceUID)).isEqualTo("1.2.3.4");
        assertThat(read.dataSet().get(Tag.of(0x0009, 0x1001)).vr()).isEqualTo(VR.UN);
        assertThat(read.dataSet().get(Tag.PixelData).bytes()).hasSize(200_000);
        assertThat(new JsonWriter().write(read.dataSet())).isEqualTo(new JsonWriter().write(
                new Part10Reader().read(new ByteArrayInputStream(implicit), implicit.length).dataSet()));
    }

    @Test
    void refusesCompressedSyntaxes() throws Exception {
        assertThat(ExplicitLittleEndianTranscoder.canTranscode("1.2.840.10008.1.2.4.80")).isFalse();
        assertThat(ExplicitLittleEndianTranscoder.canTranscode("1.2.840.10008.1.2.1")).isFalse();
        byte[] jpegLs = Files.readAllBytes(TestData.file("dicom/pydicom/MR_small_jpeg_ls_lossless.dcm"));
        assertThatThrownBy(() -> transcode(jpegLs)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JPEG-LS");
    }

    static String dcm2json(Path file) throws Exception {
        Process p = new ProcessBuilder("dcm2json", file.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
