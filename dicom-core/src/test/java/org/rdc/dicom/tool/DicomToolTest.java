package org.rdc.dicom.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.TestData;
import org.rdc.dicom.json.Json;

class DicomToolTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void dumpListsElementsLikeDcmdump() {
        int rc = DicomTool.dump(TestData.file("dicom/pydicom-charsets/chrX2.dcm"), print(out), print(err));
        assertThat(rc).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("# Dicom-Meta-Information-Header")
                .contains("(0008,0005) CS [GB18030]")
                .contains("(0010,0010) PN [Wang^XiaoDong=王^小东=]")
                .containsPattern("\\(0010,0010\\) PN \\[.*\\] +# +\\d+, 1 PatientName")
                .containsPattern("\\(7fe0,0010\\) OB \\(not loaded: offset \\d+\\) +# +\\d+, 1 PixelData");
        assertThat(err.size()).isZero();
    }

    @Test
    void jsonPrintsTheDataSet() throws Exception {
        int rc = DicomTool.json(TestData.file("dicom/pydicom/CT_small.dcm"), print(out), print(err));
        assertThat(rc).isZero();
        Object json = Json.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(json).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKey("7FE00010").doesNotContainKey("00020010");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"InlineBinary\": \"rwC0");
    }

    @Test
    void unparseableFileGivesOneLineAndNonZeroExit(@TempDir Path tmp) throws Exception {
        int rc = DicomTool.json(TestData.file("dicom/pydicom/MR_truncated.dcm"), print(out), print(err));
        assertThat(rc).isEqualTo(DicomTool.FAILED);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message.lines()).hasSize(1);
        assertThat(message).contains("MR_truncated.dcm: ").contains("offset 1488 in (7FE0,0010)");
        assertThat(out.size()).isZero();

        err.reset();
        assertThat(DicomTool.dump(tmp.resolve("missing.dcm"), print(out), print(err))).isEqualTo(DicomTool.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("missing.dcm: no such file\n");

        err.reset();
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a DICOM file at all\n");
        assertThat(DicomTool.dump(text, print(out), print(err))).isEqualTo(DicomTool.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }
}
