package org.rdc.ecg;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared real-world files under {@code rdc.testdata}; tests skip when they are not there. */
public final class TestData {

    private TestData() {
    }

    public static Path path(String relative) {
        String root = System.getProperty("rdc.testdata");
        assumeTrue(root != null && !root.isBlank(), "system property rdc.testdata is not set: skipping " + relative);
        Path p = Path.of(root).resolve(relative);
        assumeTrue(Files.isRegularFile(p), "test data " + p + " is missing: skipping");
        return p;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
