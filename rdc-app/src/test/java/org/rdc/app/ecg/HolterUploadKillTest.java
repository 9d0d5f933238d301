package org.rdc.app.ecg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.intake.RecordUids;
import org.rdc.storage.Sha256;

/**
 * Issue 14 point 2 end to end: a Holter recording (MIT-BIH 100 as EDF+) is uploaded by tus to the
 * whole centre in a child process, which is killed (SIGKILL) in the middle of a PATCH. After the
 * restart HEAD reports at least every acknowledged byte, curl sends the rest (the README's example),
 * and the recording becomes a study whose UIDs derive from the SHA-256 of the bytes received (so
 * they are the bytes sent) with a reading task.
 */
@Timeout(600)
class HolterUploadKillTest {

    static final String KEY = "6b696c6c2d686f6c7465722d6b657931";
    static final String PATH = "/api/ecg/holter/uploads";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anUploadCutByAKillResumesAfterTheRestartAndBecomesAStudyWithItsTask() throws Exception {
        byte[] recording = Files.readAllBytes(HolterTestFiles.mitdb100AsEdf(dir.resolve("100.edf")));
        int n = recording.length;
        Path facilities = Files.writeString(dir.resolve("facilities.yaml"), """
                facilities:
                  - id: kill
                    name: 杀进程测试卫生院
                    devices:
                      - {aeTitle: KILL_HOLTER, kind: ECG, apiKey: "%s"}
                """.formatted(KEY));
        Path data = dir.resolve("data");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] extra = {"--rdc.dicom.port=0", "--rdc.ecg.address=127.0.0.1", "--rdc.ecg.port=" + port};

        List<String> first = new CopyOnWriteArrayList<>();
        Process centre = EcgAnalysisKillTest.start(data, facilities, first, extra);
        String location;
        int acknowledged = 400_000;
        try {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                    .header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer " + KEY)
                    .header("Upload-Length", String.valueOf(n)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            location = created.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> p = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + location))
                    .header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer " + KEY).header("Upload-Offset", "0")
                    .header("Content-Type", "application/offset+octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(recording, acknowledged))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(p.statusCode()).as(p.body()).isEqualTo(204);
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write(("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\nAuthorization: Bearer " + KEY
                        + "\r\nUpload-Offset: " + acknowledged + "\r\nContent-Type: application/offset+octet-stream\r\n"
                        + "Content-Length: " + (n - acknowledged) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(recording, acknowledged, 300_000);
                out.flush();
                Thread.sleep(500);
                centre.destroyForcibly(); // SIGKILL in the middle of the PATCH
                centre.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            centre.destroyForcibly();
        }

        List<String> second = new CopyOnWriteArrayList<>();
        Process restarted = EcgAnalysisKillTest.start(data, facilities, second, extra);
        String study = RecordUids.of("kill", Sha256.of(recording)).study();
        try {
            String url = "http://127.0.0.1:" + port + location;
            String head = curl("-sS", "-I", "-H", "Tus-Resumable: 1.0.0", "-H", "Authorization: Bearer " + KEY, url);
            long offset = Long.parseLong(head.lines().filter(l -> l.toLowerCase().startsWith("upload-offset:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow(() -> new AssertionError(head)));
            assertThat(offset).as("every acknowledged byte survived the kill").isBetween((long) acknowledged, (long) acknowledged + 300_000);
            Path rest = Files.write(dir.resolve("rest.bin"), Arrays.copyOfRange(recording, (int) offset, n));
            String patched = curl("-sS", "-i", "-X", "PATCH", "-H", "Tus-Resumable: 1.0.0", "-H", "Authorization: Bearer " + KEY,
                    "-H", "Upload-Offset: " + offset, "-H", "Content-Type: application/offset+octet-stream",
                    "--data-binary", "@" + rest, url);
            assertThat(patched).contains("204").containsIgnoringCase("Upload-Offset: " + n);

            String status = "";
            for (int i = 0; i < 1200 && !status.contains("\"DONE\""); i++) {
                Thread.sleep(100);
                status = curl("-sS", "-H", "Accept: application/json", "-H", "Authorization: Bearer " + KEY, url);
            }
            assertThat(status).as("the stored recording is the bytes sent: its study UID derives from their SHA-256")
                    .contains("\"state\":\"DONE\"", "\"studyInstanceUid\":\"" + study + "\"", "\"bytesReceived\":" + n);
            for (int i = 0; i < 600 && second.stream().noneMatch(l -> l.startsWith("TASK " + study + " ")); i++) {
                Thread.sleep(100);
            }
            assertThat(second).as(String.join("\n", second)).anyMatch(l -> l.startsWith("TASK " + study + " "));
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "--max-time", "60"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
