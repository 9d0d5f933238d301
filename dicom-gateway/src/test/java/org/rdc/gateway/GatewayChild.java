package org.rdc.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.rdc.gateway.registry.FacilitiesFile;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.registry.FacilityRepository;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.gateway.scp.GatewayConfig;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.EmbeddedDatabase;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectStoreConfig;
import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolConfig;
import org.rdc.storage.spool.SpoolMover;

/**
 * The gateway as a separate process (for the kill -9 test and the memory test): H2 file database and spool
 * under a data directory, the object store of the parent test. Prints "READY port" once listening.
 * Args: dataDir s3Endpoint accessKey secretKey bucket port
 */
public final class GatewayChild {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        ObjectStoreConfig s3 = new ObjectStoreConfig(args[1], args[2], args[3], args[4], "us-east-1",
                ObjectStoreConfig.DEFAULT_PART_SIZE);
        int port = Integer.parseInt(args[5]);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(EmbeddedDatabase.h2Url(data));
        ds.setUser("sa");
        InstanceStore store = open(data, ds, s3);
        FacilityRegistry registry = new FacilityRegistry(new FacilityRepository(ds));
        registry.importFacilities(FacilitiesFile.parse(new java.io.StringReader(GatewayFixture.FACILITIES), "test"));
        DicomGateway gw = new DicomGateway(GatewayConfig.defaults(GatewayFixture.AE, "127.0.0.1", port), registry, store, null)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gw.close();
            store.close();
        }));
        System.out.println("READY " + gw.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The storage stack over a data directory (also used by the parent to verify after a kill). */
    static InstanceStore open(Path data, JdbcDataSource ds, ObjectStoreConfig s3) {
        Catalog.migrate(ds);
        Catalog catalog = new Catalog(ds, Clock.systemUTC());
        Spool spool = Spool.open(SpoolConfig.defaults(data.resolve("spool")).withMinFreeBytes(0));
        MinioObjectStore objectStore = new MinioObjectStore(s3);
        SpoolMover mover = new SpoolMover(spool, objectStore, InstanceStore.destination(catalog), 2, Duration.ofMillis(200),
                new SimpleMeterRegistry());
        InstanceStore store = new InstanceStore(spool, objectStore, catalog, mover);
        store.start();
        return store;
    }
}
