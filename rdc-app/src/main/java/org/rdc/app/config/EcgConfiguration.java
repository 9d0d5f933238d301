package org.rdc.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.CriticalThresholds;
import org.rdc.ecg.analysis.QtcFormula;
import org.rdc.ecg.analysis.StElevationCriteria;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.DeviceDirectory;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.EcgMetrics;
import org.rdc.ecg.intake.EcgResult;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.gateway.registry.FacilitiesFile;
import org.rdc.gateway.registry.Facility;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.registry.Secrets;
import org.rdc.storage.InstanceStore;
import org.rdc.workstation.worklist.StudyRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ECG intake (issue 5): its own HTTP listener for uploads ({@code RDC_ECG_PORT}) and the
 * hand-over of critical ECGs to the worklist router; DICOM ECGs the gateway receives are analysed
 * from outbox jobs ({@link EcgAnalysisConfiguration}).
 * Everything here is off with {@code RDC_ECG_ENABLED=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rdc.ecg.enabled", havingValue = "true", matchIfMissing = true)
public class EcgConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EcgConfiguration.class);

    @Bean
    EcgIntake ecgIntake(InstanceStore store, RdcProperties rdc, MeterRegistry meters, ObjectProvider<StudyRouter> router) {
        RdcProperties.Ecg e = rdc.ecg();
        RdcProperties.EcgCritical c = e.critical();
        StElevationCriteria st = StElevationCriteria.fourthUniversalDefinition();
        st = new StElevationCriteria(c.stUv(), c.stV2V3Male40PlusUv(), c.stV2V3MaleUnder40Uv(), c.stV2V3FemaleUv(),
                st.posteriorUv(), st.rightUv(), st.rightMaleUnder30Uv(), st.minLeads(), st.contiguousGroups());
        CriticalThresholds thresholds = new CriticalThresholds(c.pauseSeconds(), c.minRateBpm(), c.maxRateBpm(), c.qtcMs(),
                QtcFormula.BAZETT, st);
        AnalysisSettings defaults = AnalysisSettings.defaults();
        AnalysisSettings settings = defaults.withFilters(defaults.highPassHz(), e.mainsHz() > 0 ? e.mainsHz() : null,
                defaults.lowPassHz()).withCritical(thresholds);
        log.info("ECG analysis: critical pause >= {} s, rate < {} or >= {} bpm, QTc >= {} ms, ST >= {} uV; mains {} Hz",
                c.pauseSeconds(), c.minRateBpm(), c.maxRateBpm(), c.qtcMs(), c.stUv(), e.mainsHz());
        if (e.font() == null || !Files.isReadable(e.font())) {
            log.warn("ECG rendering: CJK font {} not readable (RDC_ECG_FONT); Chinese headers will not render", e.font());
        }
        return new EcgIntake(store, EcgReader.standard(), settings, e.font() == null ? new EcgRenderer() : new EcgRenderer(e.font()), new EcgMetrics(meters),
                worklistListener(router));
    }

    /** Critical ECGs jump the queue: the router's hint makes the task STAT; readiness nudges the router. */
    private static EcgIntake.Listener worklistListener(ObjectProvider<StudyRouter> routers) {
        return new EcgIntake.Listener() {
            @Override
            public void analysed(EcgResult r) {
                StudyRouter router = routers.getIfAvailable();
                if (router != null && r.critical()) {
                    router.hint(r.studyInstanceUid(), null, true, "心电自动分析危急值 ECG critical: " + String.join(", ", r.criticalFlags()));
                }
            }

            @Override
            public void ready(String studyInstanceUid) {
                StudyRouter router = routers.getIfAvailable();
                if (router != null) {
                    router.nudge();
                }
            }
        };
    }

    /**
     * Which device an upload's API key belongs to: the gateway's facility registry when the
     * application has one, else the same facilities file ({@code RDC_FACILITIES}; the demo facility
     * without one) read here. Only devices of kind ECG (or without a kind) may upload ECGs.
     */
    @Bean
    DeviceDirectory ecgDeviceDirectory(RdcProperties rdc, ObjectProvider<FacilityRegistry> registries) {
        FacilityRegistry registry = registries.getIfAvailable();
        if (registry != null) {
            log.info("ECG intake: devices from the facility registry");
            return key -> registry.byApiKey(key).filter(m -> isEcgDevice(m.device()))
                    .map(m -> new Device(m.facility().id(), m.device().aeTitle()));
        }
        List<Facility> facilities;
        try {
            facilities = rdc.facilities() == null || rdc.facilities().toString().isBlank() ? FacilitiesFile.demo()
                    : FacilitiesFile.read(rdc.facilities());
        } catch (IOException e) {
            throw new IllegalStateException("RDC_FACILITIES: cannot read " + rdc.facilities() + ": " + e.getMessage(), e);
        }
        Map<String, Device> byKeyHash = new HashMap<>();
        for (Facility f : facilities) {
            for (Facility.Device d : f.devices()) {
                if (d.apiKeySha256() != null && isEcgDevice(d)) {
                    byKeyHash.put(d.apiKeySha256(), new Device(f.id(), d.aeTitle()));
                }
            }
        }
        log.info("ECG intake: {} ECG devices with an API key from {}", byKeyHash.size(),
                rdc.facilities() == null || rdc.facilities().toString().isBlank() ? "the demo facility" : rdc.facilities());
        Map<String, Device> snapshot = Map.copyOf(byKeyHash);
        return key -> key == null || key.isBlank() ? Optional.empty() : Optional.ofNullable(snapshot.get(Secrets.sha256(key.trim())));
    }

    private static boolean isEcgDevice(Facility.Device d) {
        return d.kind() == null || d.kind().isBlank() || d.kind().trim().toUpperCase(Locale.ROOT).equals("ECG");
    }

    /** The upload listener ({@code RDC_ECG_PORT}; 0 takes any free port, as the application tests do). */
    @Bean(destroyMethod = "close")
    EcgHttpServer ecgHttpServer(EcgIntake intake, DeviceDirectory devices, RdcProperties rdc) {
        RdcProperties.Ecg e = rdc.ecg();
        EcgHttpServer.Settings settings = new EcgHttpServer.Settings(e.address(), e.port(),
                Math.min(e.maxUploadBytes(), EcgReader.DEFAULT_MAX_BYTES), Math.max(1, e.workerThreads()),
                Math.max(1, e.queueCapacity()), e.readTimeout());
        try {
            return new EcgHttpServer(intake, devices, settings).start();
        } catch (IllegalStateException ex) {
            throw new IllegalStateException(ex.getMessage() + " (set RDC_ECG_PORT to a free port, or RDC_ECG_ENABLED=false)", ex);
        }
    }
}
