package org.rdc.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
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
import org.rdc.ecg.intake.HolterUploads;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.gateway.registry.DeviceAuthenticator;
import org.rdc.reports.critical.CriticalAlert;
import org.rdc.reports.critical.CriticalValues;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.storage.catalog.StudySummary;
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
    EcgIntake ecgIntake(InstanceStore store, RdcProperties rdc, MeterRegistry meters, ObjectProvider<StudyRouter> router,
                        ObjectProvider<CriticalValues> criticalValues) {
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
                worklistListener(router, criticalValues, store));
    }

    /**
     * Critical ECGs jump the queue (the router's hint makes the task STAT) and raise their critical
     * value to the facility (once per study, however often the analysis runs); readiness nudges the router.
     * Resting ECGs and Holter recordings ({@link HolterConfiguration}) alike.
     */
    static EcgIntake.Listener worklistListener(ObjectProvider<StudyRouter> routers, ObjectProvider<CriticalValues> criticalValues,
                                                       InstanceStore store) {
        return new EcgIntake.Listener() {
            @Override
            public void analysed(EcgResult r) {
                if (!r.critical()) {
                    return;
                }
                StudyRouter router = routers.getIfAvailable();
                if (router != null) {
                    router.hint(r.studyInstanceUid(), null, true, "心电自动分析危急值 ECG critical: " + String.join(", ", r.criticalFlags()));
                }
                CriticalValues values = criticalValues.getIfAvailable();
                if (values != null && r.facilityId() != null) {
                    StudySummary s = store.catalog().study(CatalogScope.alliance(), r.studyInstanceUid()).map(StudyDetail::study).orElse(null);
                    values.raise(CriticalAlert.ecg(r.facilityId(), r.studyInstanceUid(), s == null ? null : s.patientId(),
                            s == null ? null : s.patientName(), String.join(",", r.criticalFlags()), ecgSummary(r)));
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

    /** The analysis' critical flags as the facility reads them: Chinese, then English, one per line. */
    static String ecgSummary(EcgResult r) {
        StringBuilder b = new StringBuilder("心电自动分析危急值 ECG automatic analysis critical (decision support, to be confirmed by a reader)");
        for (tools.jackson.databind.JsonNode f : r.analysisJson().path("criticalFlags")) {
            b.append('\n').append(f.path("zh").asString("")).append(" / ").append(f.path("en").asString(""));
        }
        return b.toString();
    }

    /** Which device an upload comes from: the centre's one device authentication, at its ECG upload door. */
    @Bean
    DeviceDirectory ecgDeviceDirectory(DeviceAuthenticator devices) {
        return (key, source, tls, certificate) -> {
            DeviceAuthenticator.Outcome who = devices.apiKey(DeviceAuthenticator.Door.ECG_UPLOAD, key, null, source,
                    new DeviceAuthenticator.Tls(tls, certificate));
            return who.authenticated()
                    ? DeviceDirectory.Authentication.of(new Device(who.match().facility().id(), who.match().device().aeTitle()))
                    : DeviceDirectory.Authentication.refused(who.detail());
        };
    }

    /** The upload listener ({@code RDC_ECG_PORT}; 0 takes any free port, as the application tests do), with the Holter tus uploads. */
    @Bean(destroyMethod = "close")
    EcgHttpServer ecgHttpServer(EcgIntake intake, DeviceDirectory devices, RdcProperties rdc, HolterUploads holter) {
        RdcProperties.Ecg e = rdc.ecg();
        EcgHttpServer.Settings settings = new EcgHttpServer.Settings(e.address(), e.port(),
                Math.min(e.maxUploadBytes(), EcgReader.DEFAULT_MAX_BYTES), Math.max(1, e.workerThreads()),
                Math.max(1, e.queueCapacity()), e.readTimeout());
        io.netty.handler.ssl.SslContext tls = ServerTls.load("RDC_ECG_TLS_CERT/KEY/CLIENT_CA", e.tlsCertificate(), e.tlsKey(),
                e.tlsClientCa());
        if (tls == null && !e.address().startsWith("127.") && !e.address().equals("::1")) {
            log.warn("ECG upload port {}:{} without TLS: device API keys and ECGs cross the network in clear"
                    + " (RDC_ECG_TLS_CERT, RDC_ECG_TLS_KEY)", e.address(), e.port());
        }
        try {
            return new EcgHttpServer(intake, devices, settings, tls, holter).start();
        } catch (IllegalStateException ex) {
            throw new IllegalStateException(ex.getMessage() + " (set RDC_ECG_PORT to a free port, or RDC_ECG_ENABLED=false)", ex);
        }
    }
}
