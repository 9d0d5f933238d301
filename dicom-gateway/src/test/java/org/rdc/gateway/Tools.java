package org.rdc.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rdc.test.Requires;

/** External programs (dcmtk, Orthanc) and the shared test data; tests skip with a message when missing (fail with CI=true). */
public final class Tools {

    private Tools() {
    }

    /** A dcmtk program, or gcc / openssl (named like their Debian packages). */
    public static void require(String program) {
        Requires.program(program, program.equals("gcc") || program.equals("openssl") ? program : "dcmtk");
    }

    public static Path testdata() {
        return Requires.testdata();
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
