package org.rdc.gateway;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.gateway.registry.FacilitiesFile;
import org.rdc.gateway.registry.Facility;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.registry.FacilityRepository;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.gateway.scp.GatewayConfig;
import org.rdc.storage.StorageFixture;

/** A gateway on 127.0.0.1 (random port) over a real storage stack, with a registry from YAML. */
public final class GatewayFixture implements AutoCloseable {

    public static final String AE = "RDC_TEST";
    /** ZHUSHAN_ECG's API key: 32 hexadecimal digits, 128 bits. */
    public static final String ZHUSHAN_ECG_KEY = "3f9c2a7be41d8065c3b9f2e7a1d40c6b";

    public static final String FACILITIES = """
            facilities:
              - id: zhushan
                name: 珠山镇中心卫生院
                defaultCharacterSet: GB18030
                reportDestination: {aeTitle: ZHUSHAN_PACS, host: 127.0.0.1, port: 11113}
                devices:
                  - {aeTitle: ZHUSHAN_DR, kind: DX}
                  - {aeTitle: STORESCU, kind: DX}
                  - {aeTitle: ECHOSCU, kind: DX}
                  - {aeTitle: ZHUSHAN_US, kind: US, hosts: [10.9.9.9]}
                  - {aeTitle: ZHUSHAN_ECG, kind: ECG, apiKey: "3f9c2a7be41d8065c3b9f2e7a1d40c6b"}
                  - {aeTitle: ZHUSHAN_CT, kind: CT, username: ct, password: "s3cret"}
              - id: demo
                name: demo
                devices:
                  - {aeTitle: DEMO_DR, kind: DX}
            """;

    public final StorageFixture storage;
    public final FacilityRegistry registry;
    public final org.rdc.gateway.registry.DeviceAuthenticator devices;
    public final DicomGateway gateway;
    public final List<GatewayListener.InstanceStored> stored = new CopyOnWriteArrayList<>();
    public final List<GatewayListener.StorageCommitted> committed = new CopyOnWriteArrayList<>();
    public final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    public GatewayFixture(Path dir) {
        this(dir, c -> c, FACILITIES);
    }

    public GatewayFixture(Path dir, java.util.function.UnaryOperator<GatewayConfig> tweak, String facilitiesYaml) {
        this(new StorageFixture(dir), tweak, facilitiesYaml);
    }

    public GatewayFixture(StorageFixture storage, java.util.function.UnaryOperator<GatewayConfig> tweak, String facilitiesYaml) {
        this.storage = storage;
        registry = new FacilityRegistry(new FacilityRepository(storage.dataSource));
        List<Facility> facilities = FacilitiesFile.parse(new java.io.StringReader(facilitiesYaml), "test");
        registry.importFacilities(facilities);
        devices = new org.rdc.gateway.registry.DeviceAuthenticator(registry, false);
        gateway = new DicomGateway(tweak.apply(GatewayConfig.defaults(AE, "127.0.0.1", 0)), devices, storage.store,
                new GatewayListener() {
                    @Override
                    public void instanceStored(InstanceStored event) {
                        stored.add(event);
                    }

                    @Override
                    public void storageCommitted(StorageCommitted event) {
                        committed.add(event);
                    }
                }, new org.rdc.gateway.scp.CommitmentOutbox(storage.jobs, storage.dataSource), meters).start();
    }

    public int port() {
        return gateway.port();
    }

    @Override
    public void close() {
        gateway.close();
        storage.close();
    }
}
