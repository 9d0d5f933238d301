package org.rdc.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import org.rdc.ecg.holter.RhythmSummary;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.intake.HolterUploads;
import org.rdc.reports.critical.CriticalValues;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;
import org.rdc.workstation.worklist.StudyRouter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Holter recordings (issue 14 point 2): resumable tus uploads on the ECG port, received under
 * {@code <data dir>/holter-uploads}, and the outbox jobs that make each completed upload a study
 * ({@link HolterIntake}). Part of the ECG intake: off with {@code RDC_ECG_ENABLED=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rdc.ecg.enabled", havingValue = "true", matchIfMissing = true)
public class HolterConfiguration {

    /** Three attempts: storage that is away comes back, a recording that cannot be read is refused on the first. */
    static final JobOutbox.Retry RETRY = new JobOutbox.Retry(3, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30));

    /** {@code RDC_ECG_HOLTER_MAX_UPLOAD_BYTES}: the largest recording (Tus-Max-Size; 413 beyond). */
    @Bean
    HolterUploads holterUploads(RdcProperties rdc, JobOutbox jobs, Clock clock, MeterRegistry meters,
                                @Value("${rdc.ecg.holter-max-upload-bytes:4294967296}") long maxBytes) {
        jobs.bindMetrics(meters, HolterUploads.KIND);
        HolterUploads uploads = new HolterUploads(rdc.dataDir().resolve("holter-uploads"), maxBytes, jobs, clock);
        try {
            uploads.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Holter upload directory", e);
        }
        return uploads;
    }

    /** {@code RDC_ECG_HOLTER_WORKERS} recordings analysed and stored at once (0: left to another node). */
    @Bean(destroyMethod = "close")
    JobWorkers holterIntakeWorkers(JobOutbox jobs, HolterIntake intake, @Value("${rdc.ecg.holter-workers:1}") int workers) {
        return new JobWorkers(jobs, HolterUploads.KIND, job -> intake.process(job.key()), RETRY, Duration.ofSeconds(2)).start(workers);
    }

    /**
     * Uploads' intake, and the analysis of Ambulatory ECGs the gateway stores (EcgAnalysisConfiguration's jobs); a
     * recording with a critical finding goes STAT and raises its critical value, as a resting ECG does (issue 14 point 7).
     */
    @Bean
    HolterIntake holterIntake(InstanceStore store, HolterUploads uploads, ObjectProvider<StudyRouter> routers,
                              ObjectProvider<CriticalValues> criticalValues) {
        return new HolterIntake(store, uploads, EcgConfiguration.worklistListener(routers, criticalValues, store),
                RhythmSummary.DEFAULT_PAUSE_SECONDS);
    }
}
