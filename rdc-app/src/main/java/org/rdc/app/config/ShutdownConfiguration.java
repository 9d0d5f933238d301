package org.rdc.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.gateway.scp.DicomGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Graceful shutdown (SIGTERM): the DICOM listener, the ECG upload port and the HTTP server
 * ({@code server.shutdown=graceful}, STOW-RS) stop accepting at the same moment, and what is in
 * flight has {@code RDC_SHUTDOWN_GRACE} to finish. Then the beans are destroyed in dependency
 * order: the listeners abort what is left (A-ABORT; uploads lose their connection), the storage
 * stops the mover and closes the spool, the database pool closes.
 */
@Configuration(proxyBeanMethods = false)
public class ShutdownConfiguration {

    @Bean
    SmartLifecycle gracefulShutdown(ObjectProvider<DicomGateway> gateway, ObjectProvider<EcgHttpServer> ecg,
                                    @Value("${rdc.shutdown.grace:20s}") Duration grace) {
        return new GracefulShutdown(gateway, ecg, grace);
    }

    static final class GracefulShutdown implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

        private final ObjectProvider<DicomGateway> gateway;
        private final ObjectProvider<EcgHttpServer> ecg;
        private final Duration grace;
        private volatile boolean running;

        GracefulShutdown(ObjectProvider<DicomGateway> gateway, ObjectProvider<EcgHttpServer> ecg, Duration grace) {
            this.gateway = gateway;
            this.ecg = ecg;
            this.grace = grace;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            log.info("shutting down: no new associations or uploads; {} s for those in progress", grace.toSeconds());
            List<Thread> draining = new ArrayList<>();
            gateway.ifAvailable(g -> draining.add(drain("drain-dicom", () -> g.drain(grace))));
            ecg.ifAvailable(e -> draining.add(drain("drain-ecg", () -> e.drain(grace))));
            for (Thread t : draining) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static Thread drain(String name, Runnable drain) {
            Thread t = new Thread(drain, name);
            t.start();
            return t;
        }

        /** Runs beside the web server's own graceful shutdown, which is in the same phase. */
        @Override
        public void stop(Runnable callback) {
            Thread t = new Thread(() -> {
                try {
                    stop();
                } finally {
                    callback.run();
                }
            }, "graceful-shutdown");
            t.start();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** {@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE}, which is absent without a web server. */
        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 1024;
        }
    }
}
