package org.rdc.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine: the shared test data, dcmtk, dicom3tools, Orthanc, PostgreSQL, the
 * CJK font. Missing, the test is skipped on a developer's machine, but fails where {@code CI=true} (set by
 * .ci/run and by CI services), so a green CI run always means these tests ran. Every module's tests use
 * this one class (dicom-core's test-jar).
 */
public final class Requires {

    /** Where {@code .ci/run} and the surefire configuration put the connection of the PostgreSQL suites. */
    public static final String POSTGRES_PROPERTY = "rdc.test.postgres";
    public static final String POSTGRES_ENV = "RDC_TEST_POSTGRES";

    private Requires() {
    }

    /** The shared corpus {@code ../shared/testdata} (system property {@code rdc.testdata}, set by the build). */
    public static Path testdata() {
        String prop = System.getProperty("rdc.testdata");
        Path dir = prop == null || prop.isBlank() ? null : Path.of(prop);
        that(dir != null && Files.isDirectory(dir.resolve("dicom")), "the shared test data (-Drdc.testdata=" + prop + ")");
        return dir;
    }

    /** One file of the shared corpus. */
    public static Path testdata(String relative) {
        Path p = testdata().resolve(relative);
        that(Files.isRegularFile(p), "the test data file " + p);
        return p;
    }

    /** A dcmtk program (dcmdump, dcm2json, storescu, storescp ...) on the PATH. */
    public static Path dcmtk(String program) {
        return program(program, "dcmtk");
    }

    /** A dicom3tools program (dciodvfy) on the PATH. */
    public static Path dicom3tools(String program) {
        return program(program, "dicom3tools");
    }

    public static Path orthanc() {
        Path orthanc = Path.of("/usr/sbin/Orthanc");
        that(Files.isExecutable(orthanc), "Orthanc (apt-get install orthanc)");
        return orthanc;
    }

    /** Debian's chromium, the only browser browser tests drive (Playwright never downloads one here). */
    public static Path chromium() {
        Path chromium = Path.of("/usr/bin/chromium");
        that(Files.isExecutable(chromium), "chromium (apt-get install chromium)");
        return chromium;
    }

    /** The font that ECG headers and PDFs need for Chinese text. */
    public static Path font(Path file) {
        that(Files.isRegularFile(file), "the CJK font " + file + " (apt-get install fonts-wqy-microhei)");
        return file;
    }

    /** The JDBC URL of the PostgreSQL test database: {@code -Drdc.test.postgres=...}, else {@code $RDC_TEST_POSTGRES}. */
    public static String postgres() {
        String url = postgresUrl(System.getenv());
        that(url != null, "PostgreSQL (-D" + POSTGRES_PROPERTY + "=jdbc:postgresql://... or " + POSTGRES_ENV + ")");
        return url;
    }

    /** The PostgreSQL test database if one is configured here, for code that has an alternative. */
    public static Optional<String> postgresUrl() {
        return Optional.ofNullable(postgresUrl(System.getenv()));
    }

    /** Any other program, named with the Debian package that has it. */
    public static Path program(String program, String debianPackage) {
        return program(program, debianPackage, System.getenv());
    }

    static Path program(String program, String debianPackage, Map<String, String> env) {
        Path found = null;
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                found = Path.of(dir, program);
                break;
            }
        }
        that(found != null, program + " on the PATH (apt-get install " + debianPackage + ")", isCi(env));
        return found;
    }

    static String postgresUrl(Map<String, String> env) {
        String url = System.getProperty(POSTGRES_PROPERTY, "");
        if (url.isBlank()) {
            url = env.getOrDefault(POSTGRES_ENV, "");
        }
        return url.isBlank() ? null : url;
    }

    /** The test needs {@code what}: without it the test is skipped, or fails on CI. */
    public static void that(boolean present, String what) {
        that(present, what, isCi(System.getenv()));
    }

    static void that(boolean present, String what, boolean ci) {
        if (present) {
            return;
        }
        if (ci) {
            Assertions.fail("CI=true and this test needs " + what + ", which is missing: install it (see .ci/run)");
        }
        Assumptions.abort("needs " + what + ": skipped (with CI=true this fails)");
    }

    static boolean isCi(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
    }
}
