package org.rdc.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.reports.archive.ReportArchive;
import org.rdc.reports.delivery.ArchivedPdfs;
import org.rdc.reports.delivery.DeliverySettings;
import org.rdc.reports.delivery.DeliveryWorker;
import org.rdc.reports.delivery.RegistryDestinations;
import org.rdc.reports.delivery.ReportDelivery;
import org.rdc.reports.delivery.SignedPdfs;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Signed reports going back to their facility (reports' org.rdc.reports.delivery): the deliveries
 * on the catalog's database, destinations from the facility registry, signed PDFs from the object
 * store, and the delivery workers of this node (jobs of kind report.delivery in the one outbox).
 */
@Configuration(proxyBeanMethods = false)
public class ReportDeliveryConfiguration {

    @Bean
    DeliverySettings deliverySettings(@Value("${rdc.dicom.ae-title:RDC}") String ae,
                                      @Value("${rdc.reports.delivery.sender:RDC}") String sender,
                                      @Value("${rdc.reports.delivery.time-zone:Asia/Shanghai}") String zone,
                                      @Value("${rdc.reports.delivery.timeout:30s}") Duration timeout,
                                      @Value("${rdc.reports.delivery.attempts:20}") int attempts,
                                      @Value("${rdc.reports.delivery.retry-delay:10s}") Duration firstDelay,
                                      @Value("${rdc.reports.delivery.max-retry-delay:30m}") Duration maxDelay,
                                      @Value("${rdc.reports.delivery.workers:2}") int workers) {
        try {
            return new DeliverySettings(ae, sender, ZoneId.of(zone), timeout,
                    new JobOutbox.Retry(attempts, firstDelay, maxDelay, timeout.multipliedBy(4)), workers, Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            throw new IllegalStateException("report delivery configuration (RDC_REPORT_DELIVERY_*): " + e.getMessage(), e);
        }
    }

    /** Depends on the Catalog so that the schema (migrated with the data source) is there. */
    @Bean
    ReportDelivery reportDelivery(DataSource dataSource, JobOutbox jobs, FacilityRegistry registry, Clock clock, Catalog catalog) {
        return new ReportDelivery(dataSource, jobs, new RegistryDestinations(registry), clock);
    }

    /** Signed PDFs through the report archive (digest-checked); a test may replace it. */
    @Bean
    @ConditionalOnMissingBean
    SignedPdfs signedPdfs(ReportArchive archive) {
        return new ArchivedPdfs(archive);
    }

    @Bean(destroyMethod = "close")
    JobWorkers reportDeliveryWorkers(JobOutbox jobs, ReportDelivery deliveries, SignedPdfs pdfs, DeliverySettings settings,
                                     MeterRegistry meters, Clock clock) {
        return DeliveryWorker.start(jobs, deliveries, pdfs, settings, meters, clock);
    }
}
