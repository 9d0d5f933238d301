package org.rdc.dicom.iod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;

/** Objects built from scratch are valid: dciodvfy (dicom3tools) finds no error, dcmdump no warning. */
class IodBuilderTest {

    @TempDir
    Path tmp;

    static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
            + "trailer<</Root 1 0 R>>\n%%EOF").getBytes(StandardCharsets.US_ASCII);

    private static DataSet study() {
        DataSet study = new DataSet();
        study.setString(Tag.SpecificCharacterSet, VR.CS, "GB18030");
        study.setString(Tag.PatientName, VR.PN, "Zhang^San=张^三");
        study.setString(Tag.PatientID, VR.LO, "P0001");
        study.setString(0x00100030, VR.DA, "19700101");
        study.setString(0x00100040, VR.CS, "M");
        study.setString(Tag.StudyInstanceUID, VR.UI, "2.25.42");
        study.setString(0x00080020, VR.DA, "20260101");
        study.setString(0x00080030, VR.TM, "101500");
        study.setString(0x00080050, VR.SH, "A1");
        return study;
    }

    @Test
    void encapsulatedPdfIsValid() throws Exception {
        DataSet pdf = EncapsulatedPdf.create(study(), PDF, "放射诊断报告", LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        Path file = tmp.resolve("report.dcm");
        Part10Writer.write(file, pdf, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        DataSet back = new Part10Reader().read(file).dataSet();
        assertThat(back.getString(Tag.PatientName)).isEqualTo("Zhang^San=张^三");  // re-encoded from GB18030
        assertThat(back.getString(Tag.StudyInstanceUID)).isEqualTo("2.25.42");
        assertThat(back.getString(Tag.SOPInstanceUID)).startsWith("2.25.");
        assertThat(back.getString(0x00420010)).isEqualTo("放射诊断报告");
        byte[] doc = back.getBytes(Tag.EncapsulatedDocument);
        assertThat(java.util.Arrays.copyOf(doc, PDF.length)).isEqualTo(PDF);
        assertThat(back.getInt(0x00420015, 0)).isEqualTo(PDF.length);

        assertValid(file);
    }

    @Test
    void basicTextSrIsValid() throws Exception {
        Map<BasicTextSr.Code, String> sections = new LinkedHashMap<>();
        sections.put(new BasicTextSr.Code("121071", "DCM", "Finding"), "双肺纹理清晰，心影不大。");
        sections.put(new BasicTextSr.Code("121073", "DCM", "Impression"), "胸部未见明显异常。");
        DataSet sr = BasicTextSr.create(study(), new BasicTextSr.Code("18748-4", "LN", "Diagnostic imaging report"),
                sections, LocalDateTime.of(2026, 1, 2, 3, 4, 5), true, "Li^Si");
        Path file = tmp.resolve("sr.dcm");
        Part10Writer.write(file, sr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        DataSet back = new Part10Reader().read(file).dataSet();
        assertThat(back.getSequence(0x0040A730).get(1).getString(0x0040A160)).isEqualTo("胸部未见明显异常。");
        assertValid(file);
    }

    private static void assertValid(Path file) throws IOException, InterruptedException {
        org.rdc.test.Requires.dcmtk("dcmdump");
        org.rdc.test.Requires.dicom3tools("dciodvfy");
        List<String> dcmdump = run("dcmdump", "-dc", file.toString());
        if (dcmdump != null) {
            assertThat(dcmdump).noneMatch(l -> l.startsWith("W:") || l.startsWith("E:"));
        }
        List<String> dciodvfy = run("dciodvfy", file.toString());
        assertThat(dciodvfy).as("dciodvfy ran").isNotNull();
        assertThat(dciodvfy).as(String.join("\n", dciodvfy)).noneMatch(l -> l.startsWith("Error"));
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().toList();
    }

    @Test
    void uidsAreUnder225() {
        String uid = org.rdc.dicom.uid.UidGenerator.newUid();
        assertThat(uid).startsWith("2.25.").hasSizeLessThanOrEqualTo(64);
        assertThat(org.rdc.dicom.uid.Uids.isValid(uid)).isTrue();
        assertThat(org.rdc.dicom.uid.UidGenerator.fromUuid(java.util.UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")))
                .isEqualTo("2.25.329800735698586629295641978511506172918");  // PS3.5 B.2 example
        assertThat(org.rdc.dicom.uid.Uids.isValid(Part10Writer.IMPLEMENTATION_CLASS_UID)).isTrue();
        assertThat(org.rdc.dicom.uid.Uids.isValid("1.02.3")).isFalse();
        assertThat(Files.exists(Path.of("/"))).isTrue();
    }
}
