package org.rdc.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.rdc.app.ApiClient;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.gateway.Peers;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.TestStreams;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 16's delivery goal end to end in the running application: from a reader's
 * {@code POST /api/reports/{id}/sign} (render, PAdES + SM2 signatures with RFC 3161 timestamps,
 * archive, release to the delivery outbox) to the Encapsulated PDF stored complete by the facility's
 * dcmtk storescp, one report after another, in ONE measurement per report. The application runs with
 * its production delivery settings on the embedded H2 database; only claiming and the draft are
 * outside the timed span. Run by {@code bench/delivery.sh sign}. Arguments: reports to measure.
 */
public final class SignDeliveryBenchmark {

    private SignDeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmup = 5;
        Path data = Files.createTempDirectory("rdc-sign-delivery-bench");
        int pacsPort = Peers.freePort();
        Path received = data.resolve("pacs");
        String[] props = {"--rdc.data-dir=" + data, "--server.address=127.0.0.1", "--server.port=0", "--management.server.port=0",
                "--rdc.admin.user=" + ApiClient.ADMIN, "--rdc.admin.password=" + ApiClient.PASSWORD, "--rdc.dicom.enabled=false",
                "--rdc.ecg.enabled=false", "--rdc.security.bcrypt-strength=4", "--rdc.worklist.poll-interval=100ms",
                "--logging.level.root=WARN"};
        try (Peers.Child pacs = Peers.storescp("FD_PACS", pacsPort, received);
             ConfigurableApplicationContext app = SpringApplication.run(RdcApplication.class, props)) {
            ApiClient api = new ApiClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            ApiClient.Response facility = api.call(ApiClient.ADMIN, "PUT", "/api/admin/facilities/fd", "{\"name\":\"竹山县人民医院\","
                    + "\"reportDestination\":{\"aeTitle\":\"FD_PACS\",\"host\":\"127.0.0.1\",\"port\":" + pacsPort + "}}");
            check(facility, 200);
            api.createUser("rad", "\"READER\"", "\"RADIOLOGY\"", null, ",\"displayName\":\"王医生\"");
            ApiClient.Session rad = api.signIn("rad");
            InstanceStore store = app.getBean(InstanceStore.class);
            List<Double> total = new ArrayList<>();
            List<Double> signCall = new ArrayList<>();
            Set<Path> seen = new HashSet<>();
            for (int i = -warmup; i < n; i++) {
                String study = "9.9." + (i + warmup + 1);
                store.store(ApiClient.instance(study, "fd", "DX", "1.2.840.10008.5.1.4.1.1.1.1", "PB" + (i + warmup)),
                        TestStreams.content(i + 100, 2000));
                store.catalog().markReady(study, "STOW_RS");
                long task = api.awaitTask(study);
                check(rad.post("/api/tasks/" + task + "/claim", null), 200);
                ApiClient.Response created = rad.post("/api/tasks/" + task + "/report", "{}");
                check(created, 201);
                long id = Long.parseLong(created.body().replaceAll("^\\{\"id\":(\\d+),.*", "$1").trim());
                check(rad.put("/api/reports/" + id + "/draft", "{\"baseRevision\":0,\"findings\":\"两肺纹理清晰，右下肺野见斑片影。\","
                        + "\"impression\":\"右下肺炎症。\",\"fields\":{\"projection\":\"PA\",\"imageQuality\":\"GOOD\"}}"), 200);

                long t0 = System.nanoTime();
                check(rad.post("/api/reports/" + id + "/sign", null), 200);
                long signed = System.nanoTime();
                awaitStored(received, study, seen);
                long stored = System.nanoTime();
                if (i >= 0) {
                    signCall.add((signed - t0) / 1e6);
                    total.add((stored - t0) / 1e6);
                }
            }
            System.out.printf("%d reports (after %d warm-up), H2, production delivery settings:%n", n, warmup);
            print("sign API call (render + sign + archive + enqueue)", signCall);
            print("sign API call -> Encapsulated PDF stored by storescp", total);
        }
    }

    private static void print(String what, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("  %s: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", what, s.get(s.size() / 2),
                s.get((int) Math.ceil(s.size() * 0.95) - 1), s.get(s.size() - 1));
    }

    private static void check(ApiClient.Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r.status() + ": " + r.body());
        }
    }

    /** Until storescp has written an object of the study completely (it writes the file, then answers). */
    private static void awaitStored(Path dir, String study, Set<Path> seen) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".dcm") && !seen.contains(p)).toList();
            }
            for (Path f : files) {
                try {
                    if (study.equals(new Part10Reader().read(f).dataSet().getString(Tag.StudyInstanceUID))) {
                        seen.add(f);
                        return;
                    }
                } catch (IOException | RuntimeException partial) {
                    // still being written
                }
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("nothing of study " + study + " stored by storescp within 60 s");
    }
}
