package org.rdc.dicom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.Token;

/**
 * Header parse (up to pixel data) and a full streaming pass, over a 15 MB CR instance and over the
 * shared corpus, next to dcmtk's dcm2json on the same files (whole process, output discarded).
 * Run by hand: see {@code dicom-core/bench/README.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

    Path cr;
    List<Path> corpus;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        cr = Files.createTempFile("cr15mb", ".dcm");
        cr.toFile().deleteOnExit();
        Part10Writer.write(cr, crInstance(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Path shared = Path.of(System.getProperty("rdc.testdata", "../shared/testdata"), "dicom");
        corpus = new ArrayList<>();
        if (Files.isDirectory(shared)) {
            try (var s = Files.walk(shared)) {
                s.filter(p -> p.toString().endsWith(".dcm")).sorted().forEach(p -> {
                    try {
                        new Part10Reader().read(p);
                        corpus.add(p);  // only files that parse: the damaged ones are not a speed test
                    } catch (IOException e) {
                        // skipped
                    }
                });
            }
        }
    }

    /** A CR image as a township DR sends it: 2500 x 3000, 16 bits, about 15 MB of pixel data. */
    static DataSet crInstance() {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "GB18030");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.15000000");
        ds.setString(0x00080060, VR.CS, "CR");
        ds.setString(Tag.PatientName, VR.PN, "Zhang^San=张^三");
        ds.setString(Tag.PatientID, VR.LO, "BENCH");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.1");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.2");
        ds.setInt(0x00280002, VR.US, 1);
        ds.setString(0x00280004, VR.CS, "MONOCHROME2");
        ds.setInt(0x00280010, VR.US, 3000);
        ds.setInt(0x00280011, VR.US, 2500);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(0x00280101, VR.US, 12);
        ds.setInt(0x00280102, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = new byte[3000 * 2500 * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            pixels[i] = (byte) (i * 31);
            pixels[i + 1] = (byte) ((i >> 12) & 0x0F);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    @Benchmark
    public DataSet crHeader() throws IOException {
        return header(cr);
    }

    @Benchmark
    public long crStream() throws IOException {
        return stream(cr);
    }

    @Benchmark
    public int crDcm2json() throws Exception {
        return dcm2json(cr);
    }

    @Benchmark
    public void corpusHeader(Blackhole bh) throws IOException {
        for (Path p : corpus) {
            bh.consume(header(p));
        }
    }

    @Benchmark
    public void corpusStream(Blackhole bh) throws IOException {
        for (Path p : corpus) {
            bh.consume(stream(p));
        }
    }

    @Benchmark
    public void corpusDcm2json(Blackhole bh) throws Exception {
        for (Path p : corpus) {
            bh.consume(dcm2json(p));
        }
    }

    static DataSet header(Path p) throws IOException {
        DicomFile f = new Part10Reader(new DataSetReader().stopBefore(Tag.PixelData)).read(p);
        return f.dataSet();
    }

    /** Every element header visited and every value streamed through, as the gateway does. */
    static long stream(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            DataSetParser parser = new Part10Reader().open(in, Files.size(p)).parser();
            long total = 0;
            for (Token t = parser.next(); t != null; t = parser.next()) {
                if (t == Token.ELEMENT || t == Token.FRAGMENT) {
                    total += parser.copyValue(OutputStream.nullOutputStream());
                }
            }
            return total;
        }
    }

    static int dcm2json(Path p) throws Exception {
        Process process = new ProcessBuilder("dcm2json", p.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor();
    }
}
