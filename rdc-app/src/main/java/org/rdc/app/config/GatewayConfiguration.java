package org.rdc.app.config;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.gateway.registry.DemoFacility;
import org.rdc.gateway.registry.DeviceAuthenticator;
import org.rdc.gateway.registry.FacilitiesFile;
import org.rdc.gateway.registry.Facility;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.registry.FacilityRepository;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.gateway.scp.GatewayConfig;
import org.rdc.gateway.ul.UlSettings;
import org.rdc.storage.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The facility registry (always: STOW-RS and the ECG upload authenticate devices with it) and the
 * DICOM listener (when {@code rdc.dicom.enabled}). Every {@link GatewayListener} bean hears what the
 * gateway stores and commits; the same events are also published as Spring application events.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

    /**
     * Loads RDC_FACILITIES into the database (or, in demo mode only, the demo facility), then serves the
     * registry from memory. Outside demo mode a demo facility left in the database by an earlier demo run is
     * removed first: its devices' keys are published.
     */
    @Bean(destroyMethod = "")
    FacilityRegistry facilityRegistry(DataSource dataSource, RdcProperties rdc, GatewayProperties gw) throws IOException {
        FacilityRegistry registry = new FacilityRegistry(new FacilityRepository(dataSource));
        boolean file = rdc.facilities() != null && !rdc.facilities().toString().isBlank();
        if (rdc.demo() && file) {
            throw new IllegalStateException("RDC_DEMO=true and RDC_FACILITIES=" + rdc.facilities() + " exclude each other:"
                    + " the demo facility and its published keys never enter a centre with a facilities file");
        }
        if (!rdc.demo()) {
            registry.facility(DemoFacility.ID).filter(DemoFacility::isDemo).ifPresent(f -> {
                registry.delete(f.id());
                log.warn("removed the demo facility '{}' (devices {}) left from a demo run: its API keys are published;"
                        + " it exists only with RDC_DEMO=true", f.id(), f.devices().stream().map(Facility.Device::aeTitle).toList());
            });
        }
        if (file) {
            List<Facility> facilities = FacilitiesFile.read(rdc.facilities());
            log.info("facilities file {}: {} facilities", rdc.facilities(), facilities.size());
            registry.importFacilities(facilities);
        } else if (rdc.demo()) {
            registry.importFacilities(List.of(DemoFacility.facility()));
            log.warn("DEMO MODE (RDC_DEMO=true): facility 'demo' with devices DEMO_DR and DEMO_ECG, whose API keys are"
                    + " published in the README; never run a real centre like this");
        } else if (registry.facilities().stream().allMatch(f -> f.devices().isEmpty())) {
            log.warn("no devices are registered: every DICOM association and upload is refused. Add facilities with"
                    + " RDC_FACILITIES=/path/facilities.yaml (see README, \"DICOM gateway\") or PUT /api/admin/facilities/{id};"
                    + " RDC_DEMO=true starts the quick start's demo facility instead");
        }
        if (gw.registryReload() != null && !gw.registryReload().isZero()) {
            // other nodes may change the registry through the admin API: pick it up
            ScheduledExecutorService reload = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "facility-registry-reload");
                t.setDaemon(true);
                return t;
            });
            long ms = gw.registryReload().toMillis();
            reload.scheduleWithFixedDelay(() -> {
                try {
                    registry.reload();
                } catch (RuntimeException e) {
                    log.warn("facility registry reload failed: {}", e.getMessage());
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
        return registry;
    }

    /** Gateway events as Spring application events too ({@code @EventListener InstanceStored e}). */
    @Bean
    GatewayListener gatewayEventPublisher(ApplicationEventPublisher events) {
        return new GatewayListener() {
            @Override
            public void instanceStored(InstanceStored e) {
                events.publishEvent(e);
            }

            @Override
            public void storageCommitted(StorageCommitted e) {
                events.publishEvent(e);
            }

            @Override
            public void stowCompleted(StowCompleted e) {
                events.publishEvent(e);
            }
        };
    }

    /** All listeners as one, for the DICOM listener and STOW-RS. */
    @Bean
    GatewayEvents gatewayEvents(ObjectProvider<GatewayListener> listeners) {
        return new GatewayEvents(GatewayListener.all(listeners.orderedStream().toList()));
    }

    /** Holder so that the combined listener is not itself a GatewayListener bean. */
    public record GatewayEvents(GatewayListener listener) {
    }

    /** The one device authentication: DICOM associations, STOW-RS and the ECG upload all ask it. */
    @Bean
    DeviceAuthenticator deviceAuthenticator(FacilityRegistry registry, RdcProperties rdc) {
        return new DeviceAuthenticator(registry, rdc.demo());
    }

    @Bean
    GatewayConfig gatewayConfig(GatewayProperties p) {
        UlSettings ul = UlSettings.defaults().withMaxPduLength(p.maxPduLength()).withArtimTimeout(p.artimTimeout())
                .withIdleTimeout(p.idleTimeout());
        GatewayConfig c = GatewayConfig.defaults(p.aeTitle(), p.bindAddress(), p.port()).withUl(ul)
                .withLimits(p.maxAssociations(), p.maxConnections(), p.maxDataSetBytes(), p.maxInflatedBytes())
                .withCommitmentRetries(p.commitmentRetries(), p.commitmentRetryDelay());
        SslContext tls = ServerTls.load("RDC_DICOM_TLS_CERT/KEY/CLIENT_CA", p.tlsCertificate(), p.tlsKey(), p.tlsClientCa());
        return tls == null ? c : c.withTls(tls);
    }

    /** STOW-RS (the HTTP controller is in reading-workstation-api): same storage path and limits as C-STORE. */
    @Bean
    org.rdc.gateway.stow.StowService stowService(InstanceStore store, GatewayEvents events, GatewayProperties p) {
        return new org.rdc.gateway.stow.StowService(store, events.listener(), p.maxDataSetBytes(), p.maxInflatedBytes());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "rdc.dicom.enabled", havingValue = "true", matchIfMissing = true)
    DicomGateway dicomGateway(GatewayConfig config, DeviceAuthenticator devices, InstanceStore store, GatewayEvents events,
                              DataSource dataSource, org.rdc.storage.outbox.JobOutbox jobs,
                              io.micrometer.core.instrument.MeterRegistry meters) {
        // Storage Commitment reports for a new association wait in the job outbox: they survive a restart
        jobs.bindMetrics(meters, org.rdc.gateway.scp.CommitmentOutbox.KIND);
        return new DicomGateway(config, devices, store, events.listener(),
                new org.rdc.gateway.scp.CommitmentOutbox(jobs, dataSource), meters).start();
    }
}
