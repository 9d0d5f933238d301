package org.rdc.dicom.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdc.dicom.TestData;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Fragments;
import org.rdc.dicom.object.Sequence;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.Token;

/**
 * Read, write, read: the same data set for every shared file, the same bytes when nothing was changed,
 * and transcoding between the native syntaxes preserves every value. dcmdump (when installed) reads
 * everything we write without a warning.
 */
class RoundTripTest {

    @TempDir
    Path tmp;

    static Stream<Path> files() {
        return TestData.dicomFiles().stream().filter(p -> !TestData.isMalformed(p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void unchangedDataSetIsWrittenBackByteForByte(Path file) throws Exception {
        DicomFile f = new Part10Reader().read(file);
        byte[] original = Files.readAllBytes(file);
        byte[] written = Part10Writer.toBytes(f);
        DicomFile back = new Part10Reader().read(new ByteArrayInputStream(written), written.length);
        assertSameDataSet(f.dataSet(), back.dataSet(), "");

        String name = file.getFileName().toString();
        if (name.equals("SC_rgb_jpeg.dcm")) {
            // its data set is implicit VR under an explicit VR syntax; we write it explicit, as the syntax says
            return;
        }
        int originalStart = (int) dataSetStart(original, f);
        int writtenStart = (int) dataSetStart(written, back);
        byte[] expected = Arrays.copyOfRange(original, originalStart, original.length);
        byte[] actual = Arrays.copyOfRange(written, writtenStart, written.length);
        if (f.transferSyntax().deflated()) {
            // the compressed bytes depend on the deflater's settings: the inflated data sets must be equal
            expected = inflate(expected);
            actual = inflate(actual);
        }
        assertThat(actual.length).as(name).isEqualTo(expected.length);
        // The only bytes allowed to differ are group length values that were wrong in the source
        // (chrJapMulti, chrKoreanMulti, 693_J2KI): the writer always writes the correct length.
        List<long[]> groupLengthValues = groupLengthValueRanges(expected,
                f.transferSyntax().deflated() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : f.transferSyntax());
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                int at = i;
                assertThat(groupLengthValues).as(name + ": byte " + i + " of the data set differs")
                        .anyMatch(r -> at >= r[0] && at < r[1]);
            }
        }
    }

    private static List<long[]> groupLengthValueRanges(byte[] dataSet, TransferSyntax ts) throws IOException {
        List<long[]> ranges = new ArrayList<>();
        DataSetParser parser = new DataSetParser(new ByteArrayInputStream(dataSet), ts, 0, dataSet.length);
        for (Token t = parser.next(); t != null; t = parser.next()) {
            if (t == Token.ELEMENT && parser.depth() == 0 && Tag.isGroupLength(parser.header().tag())) {
                ranges.add(new long[] {parser.position(), parser.position() + 4});
            }
        }
        return ranges;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void transcodingBetweenNativeSyntaxesKeepsEveryValue(Path file) throws Exception {
        DicomFile f = new Part10Reader().read(file);
        List<TransferSyntax> targets = f.transferSyntax().encapsulated()
                ? List.of(f.transferSyntax())
                : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                        TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        List<String> sourceWarnings = dcmdumpWarnings(file, false);
        for (TransferSyntax ts : targets) {
            Path out = tmp.resolve(ts.uid() + ".dcm");
            Part10Writer.write(out, new DicomFile(null, null, f.dataSet(), ts));
            DicomFile back = new Part10Reader().read(out);
            assertThat(back.transferSyntax()).isEqualTo(ts);
            assertSameDataSet(f.dataSet(), back.dataSet(), file.getFileName() + " as " + ts.name(), ts.explicitVr());
            if (sourceWarnings != null) {
                // dcmdump finds nothing in what we write, except what it already finds in the source
                // (group 0001 elements, odd lengths, encapsulated pixel data declared OW, which an unchanged
                // rewrite keeps); objects built from scratch must be clean (IodBuilderTest, DataSetTest)
                assertThat(dcmdumpWarnings(out, true)).as(file.getFileName() + " as " + ts.name())
                        .isSubsetOf(sourceWarnings);
            }
        }
    }

    /** Values compare as held in memory (little endian); sequences and fragments recursively. */
    static void assertSameDataSet(DataSet expected, DataSet actual, String where) {
        assertSameDataSet(expected, actual, where, true);
    }

    /** In implicit VR the VR comes from the dictionary, so only values can be compared there. */
    static void assertSameDataSet(DataSet expected, DataSet actual, String where, boolean checkVr) {
        List<Integer> e = expected.elements().stream().map(DataElement::tag).toList();
        List<Integer> a = actual.elements().stream().map(DataElement::tag).toList();
        assertThat(a).as(where + " tags").isEqualTo(e);
        for (DataElement x : expected) {
            DataElement y = actual.get(x.tag());
            String at = where + " " + Tag.toString(x.tag());
            if (Tag.isGroupLength(x.tag())) {
                continue;  // recomputed for the target syntax
            }
            if (x.sequence() != null) {
                Sequence sx = x.sequence();
                Sequence sy = y.sequence();
                assertThat(sy).as(at).isNotNull();
                assertThat(sy.size()).as(at).isEqualTo(sx.size());
                for (int i = 0; i < sx.size(); i++) {
                    assertSameDataSet(sx.get(i), sy.get(i), at + "[" + i + "]", checkVr);
                }
            } else if (x.fragments() != null) {
                Fragments fx = x.fragments();
                Fragments fy = y.fragments();
                assertThat(fy.size()).as(at).isEqualTo(fx.size());
                for (int i = 0; i < fx.size(); i++) {
                    assertThat(fy.bytes(i)).as(at).isEqualTo(fx.bytes(i));
                }
            } else {
                assertThat(y.bytes()).as(at).isEqualTo(x.bytes());
                if (x.vr() != org.rdc.dicom.core.VR.UN && checkVr) {
                    assertThat(y.vr()).as(at).isEqualTo(x.vr());
                }
            }
        }
    }

    /**
     * dcmdump's W:/E: lines for a file, with the file name taken out; {@code null} when dcmtk is not
     * installed. A file dcmdump cannot read fails the test if {@code mustRead}, else counts as clean (so
     * that what we write from it has to be clean).
     */
    private static List<String> dcmdumpWarnings(Path file, boolean mustRead) throws IOException,
            InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("dcmdump", "-dc", file.toString()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) {
            assertThat(mustRead).as(file + ": " + out).isFalse();
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("W:") || line.startsWith("E:")) {
                problems.add(line.replace(file.toString(), "FILE"));
            }
        }
        return problems;
    }

    private static byte[] inflate(byte[] deflated) throws IOException {
        try (var in = new java.util.zip.InflaterInputStream(new ByteArrayInputStream(deflated),
                new java.util.zip.Inflater(true))) {
            return in.readAllBytes();
        }
    }

    /** Where the data set starts: after preamble and meta information, as the reader found it. */
    private static long dataSetStart(byte[] file, DicomFile f) throws IOException {
        return new Part10Reader().open(new ByteArrayInputStream(file), file.length).dataSetOffset();
    }
}
