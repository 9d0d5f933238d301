package org.rdc.app.ecg;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rdc.test.Requires;

/** The shared ECG files under {@code rdc.testdata}; tests skip when they are not there (fail with CI=true). */
public final class Testdata {

    private Testdata() {
    }

    static Path path(String relative) {
        return Requires.testdata(relative);
    }

    public static byte[] bytes(String relative) throws Exception {
        return Files.readAllBytes(path(relative));
    }
}
