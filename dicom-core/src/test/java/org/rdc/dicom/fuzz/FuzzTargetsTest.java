package org.rdc.dicom.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.json.JsonReader;
import org.rdc.dicom.json.JsonWriter;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.parser.DataSetParser;

/**
 * Jazzer fuzz targets. In a plain {@code mvn test} each target runs once over its seed inputs in
 * {@code src/test/resources/org/rdc/dicom/fuzz/FuzzTargetsTestInputs/<target>/} (regression seeds);
 * {@link CorpusMutationTest} additionally replays the shared corpus and mutations of it. To fuzz, see
 * {@code dicom-core/FUZZING.md}. The only acceptable failure for any input is {@link DicomParseException}.
 */
class FuzzTargetsTest {

    @FuzzTest(maxDuration = "10m")
    void part10File(byte[] data) throws IOException {
        parseFile(data);
    }

    @FuzzTest(maxDuration = "10m")
    void bareDataSet(byte[] data) throws IOException {
        parseBare(data);
    }

    @FuzzTest(maxDuration = "10m")
    void dicomJson(byte[] data) throws IOException {
        parseJson(new String(data, StandardCharsets.UTF_8));
    }

    /** Reads a file and, when it parses, writes its JSON: both must either work or fail cleanly. */
    static void parseFile(byte[] data) throws IOException {
        try {
            DicomFile f = new Part10Reader().read(new ByteArrayInputStream(data), data.length);
            new JsonWriter().write(f.dataSet());
            new Part10Reader(new DataSetReader().withoutBulkData()).read(new ByteArrayInputStream(data), -1);
        } catch (DicomParseException expected) {
            // malformed input, reported with offset and tag
        }
    }

    static void parseBare(byte[] data) throws IOException {
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN}) {
            try {
                new DataSetReader().read(new DataSetParser(new ByteArrayInputStream(data), ts, 0, -1));
            } catch (DicomParseException expected) {
                // malformed input
            }
        }
    }

    static void parseJson(String json) throws IOException {
        try {
            new JsonWriter().write(new JsonReader().read(json));
        } catch (DicomParseException expected) {
            // malformed input
        }
    }
}
