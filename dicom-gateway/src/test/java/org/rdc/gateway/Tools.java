package org.rdc.gateway;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** External programs (dcmtk, Orthanc) and the shared test data; tests skip with a message when missing. */
public final class Tools {

    private Tools() {
    }

    public static boolean has(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    public static void require(String program) {
        Assumptions.assumeTrue(has(program), program + " is not installed (apt-get install dcmtk / orthanc): test skipped");
    }

    public static Path testdata() {
        String p = System.getProperty("rdc.testdata");
        Path dir = p == null ? null : Path.of(p);
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir.resolve("dicom")),
                "shared test data not found (-Drdc.testdata=" + p + "): test skipped");
        return dir;
    }

    public record Result(int exitCode, String output) {
    }

    /** Runs a program with TCP_NODELAY=1 (dcmtk's switch for Nagle off), bounded in time. */
    public static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(timeoutSeconds, List.of(command));
    }

    public static Result run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
