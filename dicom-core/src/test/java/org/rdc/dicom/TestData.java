package org.rdc.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared corpus under {@code ../shared/testdata} (system property {@code rdc.testdata}); tests skip without it. */
public final class TestData {

    private TestData() {
    }

    public static Path dir() {
        String prop = System.getProperty("rdc.testdata");
        Path dir = prop == null ? null : Path.of(prop);
        assumeTrue(dir != null && Files.isDirectory(dir.resolve("dicom")),
                "shared test data not found (system property rdc.testdata = " + prop + "): skipped");
        return dir;
    }

    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(p), p + " not found: skipped");
        return p;
    }

    /** Every .dcm file of the shared test data (testdata/dicom, and the DICOM ECGs under testdata/ecg), sorted. */
    public static List<Path> dicomFiles() {
        try (Stream<Path> s = Files.walk(dir())) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files of the corpus that are damaged on purpose and must be rejected. */
    public static boolean isMalformed(Path p) {
        String name = p.getFileName().toString();
        return name.equals("MR_truncated.dcm") || name.equals("rtplan_truncated.dcm") || name.equals("no_meta.dcm");
    }
}
