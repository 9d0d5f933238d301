package org.rdc.app.ecg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.ecg.format.EcgContent;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.format.dicom.DicomWaveformWriter;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.gateway.scu.DicomSender;

/**
 * Issue 11 point 7: the centre is killed (SIGKILL) after the gateway has acknowledged DICOM ECGs and
 * before any was analysed (the first process runs no analysis workers, as a gateway-only node would).
 * Until then nothing is routed; after the restart every ECG is analysed before its study is routed,
 * and the critical ones become STAT.
 */
@Timeout(600)
class EcgAnalysisKillTest {

    @TempDir
    Path dir;

    static final int CRITICAL = 5;

    @Test
    void ecgsAcknowledgedBeforeAKillAreAnalysedAfterTheRestartAndTheCriticalOnesRoutedStat() throws Exception {
        Path critical = Testdata.path("ecg/philips-sierra/129DYPRG.XML");
        Path normal = Testdata.path("ecg/pydicom/waveform_ecg.dcm");
        EcgRecord record = EcgReader.standard().read(new EcgContent(Files.readAllBytes(critical)));
        List<Path> files = new ArrayList<>();
        List<String> criticalStudies = new ArrayList<>();
        for (int i = 0; i < CRITICAL; i++) {
            String study = UidGenerator.newUid();
            criticalStudies.add(study);
            Path f = dir.resolve("critical-" + i + ".dcm");
            Files.write(f, DicomWaveformWriter.toPart10(DicomWaveformWriter.build(record,
                    new DicomWaveformWriter.Identity(study, study + ".1", study + ".1.1", "kill", "KILL_ECG"))));
            files.add(f);
        }
        files.add(normal);
        String normalStudy = "1.3.76.13.65829.2.20130125082826.1072139.2";
        Path facilities = dir.resolve("facilities.yaml");
        Files.writeString(facilities, """
                facilities:
                  - id: kill
                    name: 杀进程测试卫生院
                    devices:
                      - {aeTitle: KILL_ECG, kind: ECG}
                """);
        Path data = dir.resolve("data");

        List<String> first = new CopyOnWriteArrayList<>();
        Process gatewayOnly = start(data, facilities, first, "--rdc.ecg.analysis-workers=0");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            assertThat(DicomSender.send("127.0.0.1", port(first), "RDC", "KILL_ECG", files, ps, ps)).as(out.toString()).isZero();
            // well beyond the 1 s quiet period: a study whose analysis has not run must still not be routed
            Thread.sleep(3000);
        } finally {
            gatewayOnly.destroyForcibly(); // SIGKILL
            gatewayOnly.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(first).as("routed before the analysis ran").noneMatch(l -> l.startsWith("TASK "));

        List<String> second = new CopyOnWriteArrayList<>();
        Process restarted = start(data, facilities, second);
        Map<String, String[]> tasks = new TreeMap<>();
        try {
            for (int i = 0; i < 1800 && tasks.size() < CRITICAL + 1; i++) {
                Thread.sleep(100);
                for (String l : second) {
                    if (l.startsWith("TASK ")) {
                        String[] f = l.split(" ");
                        tasks.put(f[1], f);
                    }
                }
            }
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(tasks.keySet()).as(String.join("\n", second)).containsExactlyInAnyOrderElementsOf(
                concat(criticalStudies, normalStudy));
        for (String study : criticalStudies) {
            assertThat(tasks.get(study)).as("task of critical ECG study " + study).containsExactly("TASK", study, "STAT", "true", "1");
        }
        String[] routine = tasks.get(normalStudy);
        assertThat(routine[2]).isNotEqualTo("STAT");
        assertThat(routine[3]).isEqualTo("false");
        assertThat(routine[4]).as("analysed before it was routed").isEqualTo("1");
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> all = new ArrayList<>(a);
        all.add(b);
        return all;
    }

    private static int port(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("PORT ")).map(l -> Integer.parseInt(l.substring(5).trim())).findFirst()
                .orElseThrow();
    }

    /** Starts the centre on {@code data}; returns once its gateway listens. Every output line lands in {@code lines} (HolterUploadKillTest too). */
    static Process start(Path data, Path facilities, List<String> lines, String... extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                AppChild.class.getName(), "--rdc.data-dir=" + data, "--rdc.http.enabled=false", "--rdc.dicom.ae-title=RDC",
                "--rdc.facilities=" + facilities, "--rdc.worklist.quiet-period=1s", "--rdc.worklist.poll-interval=200ms"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        for (int i = 0; i < 3600 && lines.stream().noneMatch(l -> l.startsWith("PORT ")); i++) {
            if (!p.isAlive()) {
                throw new AssertionError("the centre did not start:\n" + String.join("\n", lines));
            }
            Thread.sleep(50);
        }
        if (lines.stream().noneMatch(l -> l.startsWith("PORT "))) {
            p.destroyForcibly();
            throw new AssertionError("the centre did not start within 180 s:\n" + String.join("\n", lines));
        }
        return p;
    }
}
