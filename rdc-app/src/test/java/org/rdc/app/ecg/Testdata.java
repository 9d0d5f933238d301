package org.rdc.app.ecg;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared ECG files under {@code rdc.testdata}; tests skip when they are not there. */
final class Testdata {

    private Testdata() {
    }

    static Path path(String relative) {
        String root = System.getProperty("rdc.testdata");
        assumeTrue(root != null && !root.isBlank(), "system property rdc.testdata is not set: skipping " + relative);
        Path p = Path.of(root).resolve(relative);
        assumeTrue(Files.isRegularFile(p), "test data " + p + " is missing: skipping");
        return p;
    }

    static byte[] bytes(String relative) throws Exception {
        return Files.readAllBytes(path(relative));
    }
}
