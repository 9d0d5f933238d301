package org.rdc.ecg.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.TestData;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;

/**
 * ECG analysis as durable jobs: an ECG instance stored through the instance store (as the gateway
 * stores it) is a job before the store returns, whatever the analyser is doing, so a burst larger
 * than the in-memory queue of 1000 this replaces loses nothing; uploads, analysed before they are
 * stored, get none.
 */
@Timeout(300)
class EcgAnalysisJobsTest {

    static final String ECG_12_LEAD = "1.2.840.10008.5.1.4.1.1.9.1.1";

    @TempDir
    Path dir;
    StorageFixture storage;
    EcgAnalysisJobs analyses;

    @BeforeEach
    void setUp() {
        storage = new StorageFixture(dir);
        analyses = new EcgAnalysisJobs(storage.jobs);
        storage.store.addFollowUp(analyses);
    }

    @AfterEach
    void tearDown() {
        storage.close();
    }

    static InstanceAttributes ecg(String study, int n) {
        return new InstanceAttributes("P" + study.hashCode(), null, "王^五", "F", LocalDate.of(1960, 5, 1), study, "E" + n,
                LocalDate.of(2026, 12, 2), "101500", "心电图", study + ".1", "ECG", null, 1, null, ECG_12_LEAD,
                study + ".1." + n, n, "1.2.840.10008.1.2.1", "demo", "DEMO_ECG", null);
    }

    @Test
    void aBurstOfEcgsWhileTheAnalyserIsBlockedIsAnalysedInFullOnceItIsFree() throws Exception {
        int studies = 26;
        int perStudy = 40; // 1040 ECGs: more than the in-memory queue of 1000 held
        CountDownLatch blocked = new CountDownLatch(1);
        Set<String> analysed = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        JobWorkers workers = new JobWorkers(storage.jobs, EcgAnalysisJobs.KIND, job -> {
            blocked.await();
            runs.incrementAndGet();
            analysed.add(job.key());
        }, new JobOutbox.Retry(3, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMinutes(10)), Duration.ofMillis(100))
                .start(2);
        try {
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<?>> stored = new ArrayList<>();
            for (int s = 0; s < studies; s++) {
                String study = "1.2.826.0.1.3680043.10.7." + (s + 1);
                stored.add(senders.submit(() -> {
                    for (int i = 1; i <= perStudy; i++) {
                        storage.store.store(ecg(study, i), new ByteArrayInputStream(("ecg " + study + " " + i).getBytes()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : stored) {
                f.get(240, TimeUnit.SECONDS);
            }
            senders.shutdown();
            assertThat(storage.jobs.count(EcgAnalysisJobs.KIND, JobOutbox.State.PENDING)).as("every ECG is a job")
                    .isEqualTo(studies * perStudy);
            assertThat(analyses.status("1.2.826.0.1.3680043.10.7.1").pending()).isEqualTo(perStudy);
            assertThat(runs.get()).isZero();
            blocked.countDown();
            for (int i = 0; i < 2400 && storage.jobs.count(EcgAnalysisJobs.KIND, JobOutbox.State.PENDING) > 0; i++) {
                Thread.sleep(50);
            }
        } finally {
            blocked.countDown();
            workers.close();
        }
        assertThat(storage.jobs.count(EcgAnalysisJobs.KIND, JobOutbox.State.PENDING)).isZero();
        assertThat(analysed).hasSize(studies * perStudy);
        assertThat(runs.get()).as("each once").isEqualTo(studies * perStudy);
        assertThat(analyses.status("1.2.826.0.1.3680043.10.7.1")).isEqualTo(new EcgAnalysisJobs.Status(0, null));
    }

    @Test
    void theSameEcgStoredAgainIsOneJobAndOtherInstancesNone() {
        storage.store.store(ecg("1.2.826.0.1.3680043.10.8", 1), new ByteArrayInputStream(new byte[] {1}));
        storage.store.store(ecg("1.2.826.0.1.3680043.10.8", 1), new ByteArrayInputStream(new byte[] {1}));
        storage.store.store(StorageFixture.dx("1.2.826.0.1.3680043.10.8", 2), new ByteArrayInputStream(new byte[] {2}));
        assertThat(storage.jobs.count(EcgAnalysisJobs.KIND, "1.2.826.0.1.3680043.10.8", JobOutbox.State.PENDING)).isEqualTo(1);
    }

    @Test
    void anUploadIsAnalysedBeforeItIsStoredAndGetsNoJob() throws Exception {
        EcgIntake intake = new EcgIntake(storage.store, EcgReader.standard(), AnalysisSettings.defaults(), new EcgRenderer(),
                EcgMetrics.none(), EcgIntake.Listener.NONE);
        EcgResult xml = intake.ingest(TestData.bytes("ecg/philips-sierra/3191723_ZZDEMOPTONLY_1-04_orig.xml"), new Device("demo", "DEMO_ECG"));
        EcgResult dcm = intake.ingest(TestData.bytes("ecg/pydicom/waveform_ecg.dcm"), new Device("demo", "DEMO_ECG"));
        assertThat(storage.store.catalog().attachments(xml.studyInstanceUid(), EcgIntake.ANALYSIS)).hasSize(1);
        assertThat(storage.store.catalog().attachments(dcm.studyInstanceUid(), EcgIntake.ANALYSIS)).hasSize(1);
        assertThat(storage.jobs.count(EcgAnalysisJobs.KIND, JobOutbox.State.PENDING)).isZero();
    }
}
