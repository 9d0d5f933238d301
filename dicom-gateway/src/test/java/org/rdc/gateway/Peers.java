package org.rdc.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dcmtk storescp and Orthanc started by tests, on 127.0.0.1 only: neither can choose a listen address,
 * so an LD_PRELOAD shim (src/test/resources/bind-loopback.c, from ../shared/peers) rewrites their wildcard bind.
 */
public final class Peers {

    private Peers() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Builds the loopback shim into target/ (needs gcc; skips the test otherwise). */
    public static Path shim() throws IOException, InterruptedException {
        Path so = Path.of("target", "bind-loopback.so").toAbsolutePath();
        if (!Files.exists(so)) {
            Tools.require("gcc");
            Path c = Path.of("target", "bind-loopback.c");
            try (InputStream in = Peers.class.getResourceAsStream("/bind-loopback.c")) {
                Files.copy(in, c, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Tools.Result r = Tools.run(60, "gcc", "-shared", "-fPIC", "-O2", "-o", so.toString(), c.toString(), "-ldl");
            org.rdc.test.Requires.that(r.exitCode() == 0, "the loopback shim, which gcc failed to build: " + r.output());
        }
        return so;
    }

    public static void waitPort(int port, long seconds) throws InterruptedException, IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("port " + port + " not open after " + seconds + " s");
    }

    /** A child process we started, stopped by its own handle (never by name). */
    public static final class Child implements AutoCloseable {
        final Process process;
        final Path log;

        Child(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        public String log() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Child start(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("LD_PRELOAD", shim().toString());
        pb.environment().put("TCP_NODELAY", "1");
        return new Child(pb.start(), log);
    }

    /** storescp writing exactly what it receives (+B) into {@code out}, accepting every syntax it knows (+xa). */
    public static Child storescp(String aeTitle, int port, Path out) throws IOException, InterruptedException {
        Tools.require("storescp");
        Files.createDirectories(out);
        Child c = start(List.of("storescp", "-aet", aeTitle, "+B", "+xa", "-od", out.toString(), "-fe", ".dcm",
                String.valueOf(port)), out.resolveSibling("storescp.log"));
        waitPort(port, 30);
        return c;
    }

    /** Orthanc with SQLite and files under {@code home}; {@code modalities} is the JSON of "DicomModalities". */
    public static Child orthanc(Path home, String aeTitle, int dicomPort, int httpPort, String modalities)
            throws IOException, InterruptedException {
        org.rdc.test.Requires.orthanc();
        Files.createDirectories(home.resolve("db"));
        Path config = home.resolve("orthanc.json");
        Files.writeString(config, """
                {
                  "Name": "rdc-test-orthanc",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "StorageCompression": false,
                  "Plugins": [],
                  "HttpServerEnabled": true,
                  "HttpPort": %d,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "DicomServerEnabled": true,
                  "DicomAet": "%s",
                  "DicomPort": %d,
                  "DicomCheckCalledAet": false,
                  "DicomAlwaysAllowEcho": true,
                  "DicomAlwaysAllowStore": true,
                  "UnknownSopClassAccepted": true,
                  "DicomModalities": %s,
                  "OverwriteInstances": true
                }
                """.formatted(home.resolve("db"), home.resolve("db"), httpPort, aeTitle, dicomPort, modalities),
                StandardCharsets.UTF_8);
        Child c = start(List.of("/usr/sbin/Orthanc", config.toString()), home.resolve("orthanc.log"));
        waitPort(dicomPort, 60);
        waitPort(httpPort, 60);
        return c;
    }

    public static String http(String method, String url, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(60_000);
        if (body != null) {
            c.setDoOutput(true);
            c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int code = c.getResponseCode();
        InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (code >= 400) {
            throw new IOException(method + " " + url + " -> " + code + ": " + text);
        }
        return text;
    }

    public static byte[] httpBytes(String url) throws IOException {
        try (InputStream in = URI.create(url).toURL().openStream()) {
            return in.readAllBytes();
        }
    }
}
