package org.rdc.app.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.EmbeddedDatabase;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectStore;
import org.rdc.storage.objectstore.ObjectStoreConfig;
import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolConfig;
import org.rdc.storage.spool.SpoolMover;
import org.rdc.storage.spool.UploadPacing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The storage stack: embedded S3 and H2 unless an endpoint / URL is configured; the same code path either way. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "stop")
    EmbeddedS3 embeddedS3(RdcProperties rdc) {
        if (!rdc.objectStore().embedded()) {
            return null;
        }
        return EmbeddedS3.withRandomCredentials(rdc.dataDir().resolve("objects"), 0).start();
    }

    @Bean
    ObjectStore objectStore(RdcProperties rdc, ObjectProvider<EmbeddedS3> embedded, Clock clock) {
        RdcProperties.ObjectStore os = rdc.objectStore();
        ObjectStoreConfig config = os.embedded()
                ? embedded.getObject().config(os.bucket())
                : new ObjectStoreConfig(os.endpoint(), os.accessKey(), os.secretKey(), os.bucket(), os.region(), os.partSizeBytes(),
                        os.caCertificatePath());
        log.info("object store: {}", config);
        MinioObjectStore store = new MinioObjectStore(config, clock, os.reverifyAfter());
        try {
            store.ensureBucket();
        } catch (RuntimeException e) {
            // The spool takes writes while the store is away; health reports it DOWN meanwhile.
            log.warn("object store not reachable at start-up: {}", e.getMessage());
        }
        return store;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(RdcProperties rdc) {
        HikariConfig config = new HikariConfig();
        RdcProperties.Database db = rdc.database();
        if (db.embedded()) {
            config.setJdbcUrl(EmbeddedDatabase.h2Url(rdc.dataDir()));
            config.setUsername("sa");
        } else {
            config.setJdbcUrl(db.url());
            config.setUsername(db.user());
            config.setPassword(db.password());
        }
        config.setPoolName("catalog");
        config.setMaximumPoolSize(16);
        log.info("catalog database: {}", config.getJdbcUrl());
        HikariDataSource ds = new HikariDataSource(config);
        Catalog.migrate(ds);
        return ds;
    }

    @Bean
    Catalog catalog(DataSource dataSource, Clock clock) {
        return new Catalog(dataSource, clock);
    }

    /** The one durable outbox for work after a store; after the Catalog, which migrates its table. */
    @Bean
    org.rdc.storage.outbox.JobOutbox jobOutbox(DataSource dataSource, Clock clock, Catalog catalog) {
        return new org.rdc.storage.outbox.JobOutbox(dataSource, clock);
    }

    @Bean(destroyMethod = "")
    Spool spool(RdcProperties rdc) {
        Path dir = rdc.dataDir().resolve("spool");
        RdcProperties.Spool s = rdc.spool();
        return Spool.open(new SpoolConfig(dir, s.segmentBytes(), s.minFreeBytes(), SpoolConfig.DEFAULT_CHUNK_BYTES, s.lanes()));
    }

    @Bean(destroyMethod = "")
    SpoolMover spoolMover(Spool spool, ObjectStore objectStore, Catalog catalog, RdcProperties rdc, MeterRegistry metrics) {
        RdcProperties.Spool s = rdc.spool();
        UploadPacing pacing = s.uploadMaxDelay().isZero() ? UploadPacing.AT_ONCE
                : UploadPacing.intakeFirst(s.uploadMaxDelay(), s.uploadDeferBytes());
        return new SpoolMover(spool, objectStore, InstanceStore.destination(catalog), s.moverThreads(), s.maxRetryBackoff(),
                pacing, metrics);
    }

    /** Closing it stops the mover and closes the spool. */
    @Bean(destroyMethod = "close")
    InstanceStore instanceStore(Spool spool, ObjectStore objectStore, Catalog catalog, SpoolMover mover,
                                ObjectProvider<InstanceStore.FollowUp> followUps) {
        InstanceStore store = new InstanceStore(spool, objectStore, catalog, mover);
        // before anything can store: work that must follow an instance is recorded from the first one on
        followUps.orderedStream().forEach(store::addFollowUp);
        store.start();
        return store;
    }
}
