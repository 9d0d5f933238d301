package org.rdc.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.intake.EcgAnalysisJobs;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;
import org.rdc.workstation.worklist.RoutingGate;
import org.rdc.workstation.worklist.StudyRouter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * DICOM ECGs stored by the gateway (C-STORE, STOW-RS) are analysed and rendered from durable jobs
 * of the shared outbox ({@link EcgAnalysisJobs}), and the worklist router holds their study until
 * the analysis has run, so a critical ECG is routed STAT, never as routine.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rdc.ecg.enabled", havingValue = "true", matchIfMissing = true)
public class EcgAnalysisConfiguration {

    /** Five attempts 10 s, 20 s, 40 s, 80 s apart; a claim outlasts the slowest analysis and rendering by far. */
    static final JobOutbox.Retry RETRY = new JobOutbox.Retry(5, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(5));

    /** The follow-up the instance store runs before it returns (StorageConfiguration registers every one). */
    @Bean
    EcgAnalysisJobs ecgAnalysisJobs(JobOutbox jobs, MeterRegistry meters) {
        jobs.bindMetrics(meters, EcgAnalysisJobs.KIND);
        return new EcgAnalysisJobs(jobs);
    }

    /**
     * {@code RDC_ECG_ANALYSIS_WORKERS} threads (default {@code RDC_ECG_WORKER_THREADS}); 0 leaves the
     * analysis to another node on the same database.
     */
    @Bean(destroyMethod = "close")
    JobWorkers ecgAnalysisWorkers(JobOutbox jobs, EcgIntake intake, HolterIntake holter, RdcProperties rdc,
                                  ObjectProvider<StudyRouter> routers,
                                  @Value("${rdc.ecg.analysis-workers:-1}") int workers) {
        JobWorkers.Handler analyse = new JobWorkers.Handler() {
            @Override
            public void run(JobOutbox.Job job) {
                try {
                    if (EcgAnalysisJobs.HOLTER.equals(job.payload())) {
                        holter.ingestStoredInstance(job.subject(), job.key());
                    } else {
                        intake.ingestStoredInstance(job.key());
                    }
                } catch (EcgFormatException e) {
                    throw new JobWorkers.PermanentFailure("not a readable ECG: " + e.getMessage(), e);
                }
                nudge(routers);
            }

            @Override
            public void dead(JobOutbox.Job job, String error) {
                nudge(routers);
            }
        };
        return new JobWorkers(jobs, EcgAnalysisJobs.KIND, analyse, RETRY, Duration.ofSeconds(2))
                .start(workers < 0 ? Math.max(1, rdc.ecg().workerThreads()) : workers);
    }

    private static void nudge(ObjectProvider<StudyRouter> routers) {
        StudyRouter router = routers.getIfAvailable();
        if (router != null) {
            router.nudge();
        }
    }

    /** An ECG study waits for its analysis (whose critical flag decides STAT); one that can never be analysed is routed, flagged. */
    @Bean
    RoutingGate ecgAnalysisGate(EcgAnalysisJobs analyses) {
        return study -> {
            EcgAnalysisJobs.Status s = analyses.status(study);
            return s.pending() > 0 ? RoutingGate.Verdict.hold("ECG automatic analysis pending")
                    : s.failure() != null ? RoutingGate.Verdict.route("ECG automatic analysis failed, read without it: " + s.failure())
                    : RoutingGate.Verdict.ROUTE;
        };
    }
}
