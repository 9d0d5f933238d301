package org.rdc.app.config;

import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolMover;
import org.rdc.storage.objectstore.ObjectStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health components next to Spring's own {@code db}: the centre is UP only when the catalog
 * database, the object store and the spool can all be used.
 */
@Configuration(proxyBeanMethods = false)
public class StorageHealth {

    @Bean
    HealthIndicator objectStoreHealthIndicator(ObjectStore store, SpoolMover mover) {
        return () -> {
            try {
                store.checkAvailable();
                return Health.up().withDetail("endpoint", store.describe()).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("endpoint", store.describe()).withDetail("error", e.getMessage())
                        .withDetail("failedUploadsInARow", mover.consecutiveFailures()).build();
            }
        };
    }

    @Bean
    HealthIndicator spoolHealthIndicator(Spool spool, SpoolMover mover) {
        return () -> {
            Health.Builder h;
            try {
                spool.checkUsable();
                h = Health.up();
            } catch (RuntimeException e) {
                h = Health.down().withDetail("error", e.getMessage());
            }
            return h.withDetail("directory", spool.directory().toString())
                    .withDetail("pendingObjects", spool.pendingCount())
                    .withDetail("pendingBytes", spool.pendingBytes())
                    .withDetail("freeBytes", spool.freeBytes())
                    // Up regardless: their bytes are kept and served from the spool; GET /api/admin/dead-letters says why.
                    .withDetail("deadLetters", mover.deadLetters().size())
                    .build();
        };
    }
}
