package org.rdc.gateway.scu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.rdc.gateway.ul.AssociationException;

/**
 * The logic of {@code rdc dicom echo} and {@code rdc dicom send}: C-ECHO, and C-STORE of files and
 * directories with one association per at most 128 (SOP class, transfer syntax) pairs, each file's data set
 * as it is in the file. Prints one line per file; returns the exit code.
 */
public final class DicomSender {

    private DicomSender() {
    }

    public static int echo(String host, int port, String calledAe, String callingAe, PrintStream out, PrintStream err) {
        long t0 = System.nanoTime();
        try (DicomClient c = DicomClient.open(DicomClient.request(host, port, calledAe).callingAe(callingAe).verification())) {
            int status = c.echo();
            out.printf("C-ECHO %s@%s:%d: status 0x%04X (%s), %.1f ms%n", calledAe, host, port, status,
                    status == 0 ? "success" : "failure", (System.nanoTime() - t0) / 1e6);
            return status == 0 ? 0 : 1;
        } catch (IOException | AssociationException e) {
            err.println("C-ECHO " + calledAe + "@" + host + ":" + port + " failed: " + e.getMessage());
            return 1;
        }
    }

    public static int send(String host, int port, String calledAe, String callingAe, List<Path> inputs, PrintStream out,
                           PrintStream err) {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    err.println(p + ": " + e.getMessage());
                }
            } else {
                files.add(p);
            }
        }
        Map<Path, DicomFiles.Info> infos = new LinkedHashMap<>();
        int failed = 0;
        for (Path f : files) {
            try {
                infos.put(f, DicomFiles.inspect(f));
            } catch (IOException | RuntimeException e) {
                err.println(f + ": not sent, not a DICOM file we can read: " + e.getMessage());
                failed++;
            }
        }
        // batches of files whose (SOP class, syntax) pairs fit in one association's 128 presentation contexts
        List<List<Path>> batches = new ArrayList<>();
        List<Path> batch = new ArrayList<>();
        Set<String> pairs = new LinkedHashSet<>();
        for (Map.Entry<Path, DicomFiles.Info> e : infos.entrySet()) {
            String pair = e.getValue().sopClassUid() + "|" + e.getValue().transferSyntaxUid();
            if (!pairs.contains(pair) && pairs.size() == 127) {
                batches.add(batch);
                batch = new ArrayList<>();
                pairs.clear();
            }
            pairs.add(pair);
            batch.add(e.getKey());
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        int stored = 0;
        for (List<Path> b : batches) {
            DicomClient.Request rq = DicomClient.request(host, port, calledAe).callingAe(callingAe);
            Set<String> proposed = new LinkedHashSet<>();
            for (Path f : b) {
                DicomFiles.Info i = infos.get(f);
                if (proposed.add(i.sopClassUid() + "|" + i.transferSyntaxUid())) {
                    rq.context(i.sopClassUid(), List.of(i.transferSyntaxUid()));
                }
            }
            try (DicomClient c = DicomClient.open(rq)) {
                for (Path f : b) {
                    DicomFiles.Info i = infos.get(f);
                    try {
                        int status = c.store(f);
                        boolean ok = status == 0 || (status & 0xF000) == 0xB000;
                        out.printf("%s: %s (0x%04X) %s%n", f, ok ? "stored" : "FAILED", status, i.sopInstanceUid());
                        if (ok) {
                            stored++;
                        } else {
                            failed++;
                        }
                    } catch (IOException e) {
                        out.printf("%s: FAILED %s%n", f, e.getMessage());
                        failed++;
                    }
                }
            } catch (IOException | AssociationException e) {
                err.println("association to " + calledAe + "@" + host + ":" + port + " failed: " + e.getMessage());
                failed += b.size();
            }
        }
        out.printf("%d stored, %d failed%n", stored, failed);
        return failed == 0 ? 0 : 1;
    }
}
