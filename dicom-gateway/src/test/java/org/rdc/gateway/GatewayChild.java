package org.rdc.gateway;

import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.rdc.gateway.registry.FacilitiesFile;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.registry.FacilityRepository;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.gateway.scp.GatewayConfig;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectStoreConfig;

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
        JdbcDataSource ds = TestDatabases.h2DataDir(data);
        InstanceStore store = StorageFixture.openDataDir(data, ds, new MinioObjectStore(s3));
        FacilityRegistry registry = new FacilityRegistry(new FacilityRepository(ds));
        registry.importFacilities(FacilitiesFile.parse(new java.io.StringReader(GatewayFixture.FACILITIES), "test"));
        DicomGateway gw = new DicomGateway(GatewayConfig.defaults(GatewayFixture.AE, "127.0.0.1", port),
                new org.rdc.gateway.registry.DeviceAuthenticator(registry, false), store, null)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gw.close();
            store.close();
        }));
        System.out.println("READY " + gw.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
