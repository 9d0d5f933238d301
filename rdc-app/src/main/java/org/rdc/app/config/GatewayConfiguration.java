package org.rdc.app.config;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.sql.DataSource;
import org.rdc.gateway.event.GatewayListener;
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

    /** Loads RDC_FACILITIES (or, when unset, the demo facility) into the database, then serves the registry from memory. */
    @Bean(destroyMethod = "")
    FacilityRegistry facilityRegistry(DataSource dataSource, RdcProperties rdc, GatewayProperties gw) throws IOException {
        FacilityRegistry registry = new FacilityRegistry(new FacilityRepository(dataSource));
        List<Facility> facilities;
        if (rdc.facilities() == null || rdc.facilities().toString().isBlank()) {
            facilities = FacilitiesFile.demo();
            log.info("RDC_FACILITIES not set: registering the demo facility 'demo' (devices DEMO_DR, DEMO_ECG)");
        } else {
            facilities = FacilitiesFile.read(rdc.facilities());
            log.info("facilities file {}: {} facilities", rdc.facilities(), facilities.size());
        }
        registry.importFacilities(facilities);
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

    @Bean
    GatewayConfig gatewayConfig(GatewayProperties p) throws SSLException {
        UlSettings ul = UlSettings.defaults().withMaxPduLength(p.maxPduLength()).withArtimTimeout(p.artimTimeout())
                .withIdleTimeout(p.idleTimeout());
        GatewayConfig c = GatewayConfig.defaults(p.aeTitle(), p.bindAddress(), p.port()).withUl(ul)
                .withLimits(p.maxAssociations(), p.maxConnections(), p.maxDataSetBytes(), p.maxInflatedBytes())
                .withCommitmentRetries(p.commitmentRetries(), p.commitmentRetryDelay());
        if (p.tlsCertificate() != null && !p.tlsCertificate().toString().isBlank()) {
            SslContextBuilder tls = SslContextBuilder.forServer(p.tlsCertificate().toFile(), p.tlsKey().toFile());
            if (p.tlsClientCa() != null && !p.tlsClientCa().toString().isBlank()) {
                // asked for, required per facility (tlsClientCn): facilities without it may connect without one
                tls.trustManager(p.tlsClientCa().toFile()).clientAuth(ClientAuth.OPTIONAL);
            }
            SslContext ctx = tls.build();
            c = c.withTls(ctx);
        }
        return c;
    }

    /** STOW-RS (the HTTP controller is in reading-workstation-api): same storage path and limits as C-STORE. */
    @Bean
    org.rdc.gateway.stow.StowService stowService(InstanceStore store, GatewayEvents events, GatewayProperties p) {
        return new org.rdc.gateway.stow.StowService(store, events.listener(), p.maxDataSetBytes(), p.maxInflatedBytes());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "rdc.dicom.enabled", havingValue = "true", matchIfMissing = true)
    DicomGateway dicomGateway(GatewayConfig config, FacilityRegistry registry, InstanceStore store, GatewayEvents events,
                              DataSource dataSource, org.rdc.storage.outbox.JobOutbox jobs,
                              io.micrometer.core.instrument.MeterRegistry meters) {
        // Storage Commitment reports for a new association wait in the job outbox: they survive a restart
        jobs.bindMetrics(meters, org.rdc.gateway.scp.CommitmentOutbox.KIND);
        return new DicomGateway(config, registry, store, events.listener(),
                new org.rdc.gateway.scp.CommitmentOutbox(jobs, dataSource), meters).start();
    }
}
