package org.rdc.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.reports.critical.CriticalDeadlines;
import org.rdc.reports.critical.CriticalDispatchWorker;
import org.rdc.reports.critical.CriticalTargets;
import org.rdc.reports.critical.CriticalValues;
import org.rdc.reports.critical.RegistryCriticalTargets;
import org.rdc.reports.delivery.DeliverySettings;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Critical values (危急值, reports' org.rdc.reports.critical): the notifications on the catalog's
 * database, targets and second contacts from the facility registry, the dispatch workers of this
 * node (jobs of kind critical.dispatch in the one outbox) and the deadline check. Report releases
 * ({@link ReportConfiguration}) and critical ECG analyses ({@link EcgConfiguration}) raise them.
 */
@Configuration(proxyBeanMethods = false)
public class CriticalValueConfiguration {

    @Bean
    CriticalTargets criticalTargets(FacilityRegistry registry) {
        return new RegistryCriticalTargets(registry);
    }

    /** Depends on the Catalog so that the schema (migrated with the data source) is there. */
    @Bean
    CriticalValues criticalValues(DataSource dataSource, JobOutbox jobs, CriticalTargets targets, Clock clock, Catalog catalog,
                                  @Value("${rdc.critical.deadline-ecg:10m}") Duration ecg,
                                  @Value("${rdc.critical.deadline-imaging:30m}") Duration imaging,
                                  @Value("${rdc.critical.duty-senior:}") String dutySenior) {
        try {
            return new CriticalValues(dataSource, jobs, targets, new CriticalDeadlines(ecg, imaging), dutySenior, clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("critical values (RDC_CRITICAL_DEADLINE_*): " + e.getMessage(), e);
        }
    }

    @Bean(destroyMethod = "close")
    JobWorkers criticalDispatchWorkers(JobOutbox jobs, CriticalValues values, CriticalTargets targets, MeterRegistry meters, Clock clock,
                                       DeliverySettings delivery,
                                       @Value("${rdc.critical.timeout:10s}") Duration timeout,
                                       @Value("${rdc.critical.attempts:10}") int attempts,
                                       @Value("${rdc.critical.retry-delay:5s}") Duration firstDelay,
                                       @Value("${rdc.critical.max-retry-delay:2m}") Duration maxDelay,
                                       @Value("${rdc.critical.workers:1}") int workers) {
        JobOutbox.Retry retry = new JobOutbox.Retry(attempts, firstDelay, maxDelay, timeout.multipliedBy(4));
        // HL7 messages name the centre (MSH-4) and write times (TS) as report delivery does
        return CriticalDispatchWorker.start(jobs, values, targets, delivery.sender(), delivery.zone(), timeout, retry, workers, Duration.ofSeconds(1),
                meters, clock);
    }

    /** The deadline check: stateless over the database, so a restart or another node loses nothing. */
    @Bean(destroyMethod = "close")
    AutoCloseable criticalDeadlineWatch(CriticalValues values, @Value("${rdc.critical.check-interval:15s}") Duration interval) {
        return values.watch(interval);
    }
}
