package org.rdc.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.rdc.test.Requires;

/** The shared corpus under {@code ../shared/testdata} (system property {@code rdc.testdata}); tests skip without it (fail with CI=true). */
public final class TestData {

    private TestData() {
    }

    public static Path dir() {
        return Requires.testdata();
    }

    public static Path file(String relative) {
        return Requires.testdata(relative);
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
