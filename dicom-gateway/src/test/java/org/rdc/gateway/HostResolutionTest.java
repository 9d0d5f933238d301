package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.gateway.registry.DeviceAuthenticator;
import org.rdc.gateway.registry.FacilitiesFile;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.registry.FacilityRepository;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.gateway.scp.GatewayConfig;
import org.rdc.gateway.scu.DicomClient;
import org.rdc.gateway.ul.AssociationRejectedException;
import org.rdc.storage.StorageFixture;

/**
 * Issue 11 point 12: the host names of the devices' {@code hosts} lists are resolved when the registry loads,
 * never while an association is decided on a Netty thread.
 */
class HostResolutionTest {

    @TempDir
    Path dir;

    @Test
    void theAssociationDecisionResolvesNoName() throws Exception {
        List<String> resolvedOn = new CopyOnWriteArrayList<>();
        FacilityRegistry.HostResolver resolver = host -> {
            resolvedOn.add(Thread.currentThread().getName());
            if (host.equals("dr.th01.example")) {
                return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
            }
            throw new UnknownHostException(host);
        };
        try (StorageFixture storage = new StorageFixture(dir)) {
            FacilityRegistry registry = new FacilityRegistry(new FacilityRepository(storage.dataSource), resolver);
            registry.importFacilities(FacilitiesFile.parse(new StringReader("""
                    facilities:
                      - id: th01
                        devices:
                          - {aeTitle: TH01_DR, kind: DX, hosts: [dr.th01.example]}
                          - {aeTitle: TH01_US, kind: US, hosts: [us.th01.example]}
                    """), "test"));
            assertThat(resolvedOn).as("both names, at load").hasSize(2);
            DicomGateway gw = new DicomGateway(GatewayConfig.defaults(GatewayFixture.AE, "127.0.0.1", 0),
                    new DeviceAuthenticator(registry, false), storage.store, null).start();
            try {
                try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                        .callingAe("TH01_DR").verification())) {
                    assertThat(c.echo()).as("127.0.0.1 is the address dr.th01.example had at load").isZero();
                }
                assertThatThrownBy(() -> DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                        .callingAe("TH01_US").verification())).isInstanceOf(AssociationRejectedException.class);
                assertThat(resolvedOn).as("no name resolved per association, on no thread").hasSize(2)
                        .noneMatch(t -> t.startsWith("dicom-io"));
            } finally {
                gw.close();
            }
        }
    }
}
