package org.rdc.dicom.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.parser.DataSetParser;

class DataSetTest {

    @TempDir
    Path tmp;

    @Test
    void typedValuesRoundTripThroughEverySyntax() throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.PatientName, VR.PN, "Wang^XiaoDong=王^小东");
        ds.setInt(0x00280010, VR.US, 512);
        ds.setInt(0x00281052, VR.DS, -1024);
        ds.setDouble(0x00280030, VR.DS, 0.143, 0.143);
        ds.setDouble(0x00186028, VR.FD, 1.5);
        ds.setInt(0x00189219, VR.SS, -3);
        ds.setInt(0x00209165, VR.AT, Tag.PatientName);
        ds.setInt(0x00081160, VR.IS, 1, 2, 3);
        ds.setInt(0x00720082, VR.SV, Long.MIN_VALUE);
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
            TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN}) {
            byte[] file = Part10Writer.toBytes(new DicomFile(null, null, ds, ts));
            DataSet back = new Part10Reader().read(new ByteArrayInputStream(file), file.length).dataSet();
            assertThat(back.getString(Tag.PatientName)).as(ts.name()).isEqualTo("Wang^XiaoDong=王^小东");
            assertThat(back.getInt(0x00280010, 0)).isEqualTo(512);
            assertThat(back.getInt(0x00281052, 0)).isEqualTo(-1024);
            assertThat(back.getDoubles(0x00280030)).containsExactly(0.143, 0.143);
            assertThat(back.getDoubles(0x00186028)).containsExactly(1.5);
            assertThat(back.getStrings(0x00209165)).containsExactly("00100010");
            assertThat(back.getLongs(0x00081160)).containsExactly(1, 2, 3);
            assertThat(back.getInt(0x00189219, 0)).isEqualTo(-3);
            assertThat(back.getLongs(0x00720082)).containsExactly(Long.MIN_VALUE);
        }
    }

    @Test
    void valuesArePaddedToEvenLength() {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        ds.setString(Tag.PatientID, VR.LO, "ABC");
        ds.setBytes(0x00091010, VR.OB, new byte[] {1, 2, 3});
        assertThat(ds.getBytes(Tag.SOPInstanceUID)).containsExactly('1', '.', '2', '.', '3', 0);
        assertThat(ds.getBytes(Tag.PatientID)).containsExactly('A', 'B', 'C', ' ');
        assertThat(ds.getBytes(0x00091010)).containsExactly(1, 2, 3, 0);
        assertThat(ds.getString(Tag.SOPInstanceUID)).isEqualTo("1.2.3");
    }

    /** HTJ2K with an Extended Offset Table (PS3.5 A.4, PS3.3 C.7.6.3): fragments written and read unchanged. */
    @Test
    void encapsulatedPixelDataWithExtendedOffsetTable() throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.77");
        ds.setString(0x00280008, VR.IS, "2");
        byte[] frame1 = "frame-one!".getBytes(StandardCharsets.US_ASCII);
        byte[] frame2 = "frame-two!!!".getBytes(StandardCharsets.US_ASCII);
        ds.setInt(0x7FE00001, VR.OV, 0, 8 + frame1.length);                   // Extended Offset Table
        ds.setInt(0x7FE00002, VR.OV, frame1.length, frame2.length);           // Extended Offset Table Lengths
        Fragments fragments = new Fragments();
        fragments.add(new byte[0]);                                           // empty Basic Offset Table
        fragments.add(frame1);
        fragments.add(frame2);
        ds.put(new DataElement(Tag.PixelData, VR.OB, fragments));
        Path file = tmp.resolve("htj2k.dcm");
        Part10Writer.write(file, ds, TransferSyntax.HTJ2K);

        DicomFile back = new Part10Reader().read(file);
        assertThat(back.transferSyntax().uid()).isEqualTo("1.2.840.10008.1.2.4.203");
        Fragments f = back.dataSet().get(Tag.PixelData).fragments();
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.bytes(1)).isEqualTo(frame1);
        assertThat(f.bytes(2)).isEqualTo(frame2);
        assertThat(back.dataSet().getLongs(0x7FE00001)).containsExactly(0, 18);
        assertThat(back.dataSet().get(0x7FE00002).vr()).isEqualTo(VR.OV);
        assertThat(dcmdumpWarnings(file)).isEmpty();
    }

    @Test
    void longValueInShortLengthVrIsWrittenAsUn() throws Exception {
        DataSet ds = new DataSet();
        ds.setString(0x00081030, VR.LO, "x".repeat(70_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ds, out);
        DataSet back = new DataSetReader().read(new DataSetParser(new ByteArrayInputStream(out.toByteArray()),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, out.size()));
        assertThat(back.get(0x00081030).vr()).isEqualTo(VR.UN);
        assertThat(back.getBytes(0x00081030)).hasSize(70_000);
    }

    @Test
    void unloadedBulkDataCannotBeWrittenByMistake() throws Exception {
        DataSet ds = new DataSet();
        ds.put(new DataElement(Tag.PixelData, VR.OW, new BulkData(1000, 2000)));
        assertThatThrownBy(() -> new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                .write(ds, new ByteArrayOutputStream())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(7FE0,0010)");
    }

    private static java.util.List<String> dcmdumpWarnings(Path file) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("dcmdump", "-dc", file.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException notInstalled) {
            return java.util.List.of();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out.lines().filter(l -> l.startsWith("W:") || l.startsWith("E:")).toList();
    }
}
