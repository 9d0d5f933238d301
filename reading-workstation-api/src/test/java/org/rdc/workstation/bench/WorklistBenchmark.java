package org.rdc.workstation.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.catalog.Location;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Role;
import org.rdc.workstation.security.UserStore;
import org.rdc.workstation.worklist.Priority;
import org.rdc.workstation.worklist.ServiceLine;
import org.rdc.workstation.worklist.StudyRouter;
import org.rdc.workstation.worklist.Worklist;
import org.rdc.workstation.worklist.WorklistQuery;
import org.rdc.workstation.worklist.WorklistSettings;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worklist on PostgreSQL with 100k open tasks (and 100k finished ones behind them): worklist
 * page latency, {@code next} latency with 8 concurrent readers, and the time from a study
 * becoming ready to its task being visible. Run by bench/worklist.sh; measures the service layer
 * (SQL + mapping), not HTTP.
 *
 * <p>Arguments: PostgreSQL JDBC URL (its public schema is dropped and recreated), open tasks.
 */
public final class WorklistBenchmark {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int open = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int finished = open;
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(TestDatabases.freshPostgres(url));
        hc.setMaximumPoolSize(16);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            Catalog.migrate(ds);
            Clock clock = Clock.systemUTC();
            WorklistSettings settings = WorklistSettings.defaults();
            Catalog catalog = new Catalog(ds, clock);
            Worklist worklist = new Worklist(ds, catalog, clock, settings, new UserStore(ds, clock));
            long t0 = System.nanoTime();
            seed(ds, open, finished);
            System.out.printf("# seeded %d open + %d finished tasks (studies, patients) in %.1f s%n", open, finished,
                    (System.nanoTime() - t0) / 1e9);

            Caller radiologist = new Caller("bench.reader", Set.of(Role.READER), Set.of(ServiceLine.RADIOLOGY), null, false);
            Caller twoLines = new Caller("bench.reader2", Set.of(Role.READER), Set.of(ServiceLine.RADIOLOGY, ServiceLine.ECG), null, false);
            Caller admin = Caller.system();
            Caller clerk = new Caller("bench.clerk", Set.of(Role.FACILITY_USER), Set.of(), "f7", false);
            System.out.println();
            System.out.println("| worklist page (size 50) | calls | p50 ms | p95 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            page(worklist, "reader, 1 line, page 0", radiologist, new WorklistQuery(null, null, null, null, 0, 50));
            page(worklist, "reader, 2 lines, page 0", twoLines, new WorklistQuery(null, null, null, null, 0, 50));
            page(worklist, "reader, 1 line, page 20", radiologist, new WorklistQuery(null, null, null, null, 20, 50));
            page(worklist, "reader, priority=STAT", radiologist, new WorklistQuery(null, Priority.STAT, null, null, 0, 50));
            page(worklist, "admin, all lines, page 0", admin, new WorklistQuery(null, null, null, null, 0, 50));
            page(worklist, "facility user, page 0", clerk, new WorklistQuery(null, null, null, null, 0, 50));

            System.out.println();
            System.out.println("| next | readers | claims | p50 ms | p95 ms | p99 ms | max ms | claims/s |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            Worklist conditionalOnly = new Worklist(ds, catalog, clock, settings, new UserStore(ds, clock), false);
            next(worklist, "SKIP LOCKED + conditional UPDATE", 1, 500);
            next(worklist, "SKIP LOCKED + conditional UPDATE", 8, 500);
            next(conditionalOnly, "conditional UPDATE only", 8, 500);

            StudyRouter router = new StudyRouter(ds, catalog, clock, settings, worklist);
            long scan = System.nanoTime();
            router.scan(); // the start-up scan (everything without a task) before measuring
            System.out.printf("%n# start-up routing scan over %d studies: %.2f s%n", open + finished, (System.nanoTime() - scan) / 1e9);
            router.start();
            System.out.println();
            System.out.println("| ready -> task visible | studies | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            readyToVisible(catalog, worklist, router, false, 40);
            readyToVisible(catalog, worklist, router, true, 40);
            router.close();
        }
    }

    private static void seed(HikariDataSource ds, int open, int finished) {
        JdbcClient jdbc = JdbcClient.create(ds);
        int studies = open + finished;
        int patients = Math.max(1, studies / 4);
        jdbc.sql("INSERT INTO patient (patient_id, issuer, name, sex, birth_date) SELECT 'BP' || g, 'HOSP', '患者^' || g, 'M',"
                + " DATE '1950-01-01' + (g % 20000) FROM generate_series(1, ?) g").param(patients).update();
        jdbc.sql("""
                        INSERT INTO study (study_uid, patient_ref, accession_number, study_date, study_time, description, facility_id,
                            first_received_at, last_received_at)
                        SELECT '9.9.' || g, 1 + (g % ?), 'ACC' || g, DATE '2026-11-23' - (g / 500), '101500', 'bench', 'f' || (g % 40),
                            now() - make_interval(secs => g * 30), now() - make_interval(secs => g * 30)
                        FROM generate_series(1, ?) g""").params(patients, studies).update();
        // g <= open: open (5 % IN_PROGRESS); above: finished. Lines 60/20/20; priorities 5/15/55/25 %.
        jdbc.sql("""
                        INSERT INTO reading_task (study_uid, facility_id, service_line, priority, priority_rank, critical, state, active, queue,
                            holder, lease_expires_at, arrived_at, ready_at, ready_reason, due_at, modalities, instance_count,
                            study_last_received_at, late_instance_count, version, created_at, updated_at)
                        SELECT '9.9.' || g, 'f' || (g % 40),
                            CASE WHEN g % 10 < 6 THEN 'RADIOLOGY' WHEN g % 10 < 8 THEN 'ULTRASOUND' ELSE 'ECG' END,
                            CASE WHEN g % 20 = 0 THEN 'STAT' WHEN g % 20 < 4 THEN 'INPATIENT' WHEN g % 20 < 15 THEN 'OUTPATIENT' ELSE 'CHECKUP' END,
                            CASE WHEN g % 20 = 0 THEN 0 WHEN g % 20 < 4 THEN 1 WHEN g % 20 < 15 THEN 2 ELSE 3 END,
                            FALSE,
                            CASE WHEN g > ? THEN 'COMPLETED' WHEN g % 20 = 7 THEN 'IN_PROGRESS' ELSE 'SCHEDULED' END,
                            g <= ?, 'READING',
                            CASE WHEN g <= ? AND g % 20 = 7 THEN 'someone' END,
                            CASE WHEN g <= ? AND g % 20 = 7 THEN now() + interval '1 hour' END,
                            now() - make_interval(secs => g * 30), now() - make_interval(secs => g * 30), 'BENCH',
                            now() - make_interval(secs => g * 30) + make_interval(mins => 30 + (g % 4) * 60), 'DX', 1,
                            now() - make_interval(secs => g * 30), 0, 0, now(), now()
                        FROM generate_series(1, ?) g""").params(open, open, open, open, studies).update();
        jdbc.sql("ANALYZE").update();
    }

    private static void page(Worklist worklist, String what, Caller caller, WorklistQuery q) {
        for (int i = 0; i < 50; i++) {
            worklist.list(caller, q);
        }
        int n = 300;
        List<Long> nanos = new ArrayList<>(n);
        int items = 0;
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            items = worklist.list(caller, q).items().size();
            nanos.add(System.nanoTime() - s);
        }
        if (items == 0) {
            throw new IllegalStateException(what + ": empty page");
        }
        System.out.printf("| %s | %d | %s | %s | %s | %s |%n", what, n, ms(nanos, 50), ms(nanos, 95), ms(nanos, 99), ms(nanos, 100));
    }

    private static void next(Worklist worklist, String how, int readers, int claimsEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> fs = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            Caller c = new Caller("bench.next" + how.length() + "." + readers + "." + r, Set.of(Role.READER), Set.of(ServiceLine.RADIOLOGY), null, false);
            fs.add(pool.submit(() -> {
                start.await();
                List<Long> nanos = new ArrayList<>(claimsEach);
                for (int i = 0; i < claimsEach; i++) {
                    long s = System.nanoTime();
                    if (worklist.next(c, Set.of(), null).isEmpty()) {
                        throw new IllegalStateException("queue ran dry");
                    }
                    nanos.add(System.nanoTime() - s);
                }
                return nanos;
            }));
        }
        long t = System.nanoTime();
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : fs) {
            all.addAll(f.get());
        }
        double secs = (System.nanoTime() - t) / 1e9;
        pool.shutdown();
        System.out.printf("| RADIOLOGY, " + how + " | %d | %d | %s | %s | %s | %s | %.0f |%n", readers, all.size(), ms(all, 50),
                ms(all, 95), ms(all, 99), ms(all, 100), all.size() / secs);
    }

    private static void readyToVisible(Catalog catalog, Worklist worklist, StudyRouter router, boolean nudge, int n) throws Exception {
        List<Long> nanos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String study = "8.8." + (nudge ? 1 : 0) + "." + i;
            InstanceAttributes a = new InstanceAttributes("RP" + i, "HOSP", "王^五", "F", LocalDate.of(1990, 1, 1), study, "R" + i,
                    LocalDate.of(2026, 11, 23), "101500", "bench", study + ".1", "DX", null, 1, null, "1.2.840.10008.5.1.4.1.1.1.1",
                    study + ".1.1", 1, "1.2.840.10008.1.2.1", "f1", "DEV", null);
            catalog.record(a, new StoredObject(a.objectKey("0".repeat(64)), 1, "0".repeat(64), Location.SPOOL), false);
            Thread.sleep(37); // not in step with the poll
            long s = System.nanoTime();
            catalog.markReady(study, "STORAGE_COMMITMENT");
            if (nudge) {
                router.nudge();
            }
            while (worklist.findByStudy(study).isEmpty()) {
                Thread.sleep(2);
                if (System.nanoTime() - s > Duration.ofSeconds(30).toNanos()) {
                    throw new IllegalStateException("study " + study + " not routed within 30 s");
                }
            }
            nanos.add(System.nanoTime() - s);
        }
        System.out.printf("| %s | %d | %s | %s | %s |%n", nudge ? "markReady + nudge (gateway path)" : "markReady, router polling every 250 ms",
                n, ms(nanos, 50), ms(nanos, 95), ms(nanos, 100));
    }

    private static String ms(List<Long> nanos, int percentile) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        int i = Math.min(s.size() - 1, (int) Math.ceil(percentile / 100.0 * s.size()) - 1);
        return String.format("%.1f", s.get(Math.max(0, i)) / 1e6);
    }

}
