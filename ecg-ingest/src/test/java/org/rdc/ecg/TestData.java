package org.rdc.ecg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rdc.test.Requires;

/** The shared real-world files under {@code rdc.testdata}; tests skip when they are not there. */
public final class TestData {

    private TestData() {
    }

    public static Path path(String relative) {
        return Requires.testdata(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
