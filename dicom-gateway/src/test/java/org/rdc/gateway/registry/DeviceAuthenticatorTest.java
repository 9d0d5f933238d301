package org.rdc.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rdc.gateway.registry.DeviceAuthenticator.Door;
import org.rdc.gateway.registry.DeviceAuthenticator.Outcome;
import org.rdc.gateway.registry.DeviceAuthenticator.Tls;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;

/** The rules of the one device authentication, on a registry in H2. The doors' own tests show they ask it. */
class DeviceAuthenticatorTest {

    static final String DR_KEY = "7d1e0c9a4b3f2e8d6c5b4a3f2e1d0c9b";
    static final String ECG_KEY = "Qm9vdHN0cmFwIGtleSBmb3IgdGVzdA";
    static final String FAR_KEY = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
    static final String YAML = """
            facilities:
              - id: th01
                devices:
                  - {aeTitle: TH01_DR, kind: DX, apiKey: "%s"}
                  - {aeTitle: TH01_ECG, kind: ECG, apiKey: "%s"}
                  - {aeTitle: TH01_FAR, kind: ECG, apiKey: "%s", hosts: [10.9.9.9, ct.th01.example]}
                  - {aeTitle: TH01_CT, kind: CT, username: ct, password: "s3cret"}
              - id: th02
                tlsClientCn: th02-gw
                devices:
                  - {aeTitle: TH02_DR, kind: DX}
            """.formatted(DR_KEY, ECG_KEY, FAR_KEY);
    static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    final AtomicInteger lookups = new AtomicInteger();

    FacilityRegistry registry() {
        DataSource ds = TestDatabases.h2InMemory();
        Catalog.migrate(ds);
        FacilityRegistry r = new FacilityRegistry(new FacilityRepository(ds), host -> {
            lookups.incrementAndGet();
            if (host.equals("ct.th01.example")) {
                return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 1, 2, 3})};
            }
            return InetAddress.getAllByName(host); // address literals: no lookup
        });
        r.importFacilities(FacilitiesFile.parse(new StringReader(YAML), "test"));
        return r;
    }

    @Test
    void unknownDevicesAndKeysAreRefused() {
        DeviceAuthenticator a = new DeviceAuthenticator(registry(), false);
        assertThat(a.association("NOBODY", LOCAL, Tls.NONE, null).reason()).isEqualTo("unknown-device");
        assertThat(a.apiKey(Door.STOW_RS, "f".repeat(8) + "0123456789abcdef0123456789", null, LOCAL, Tls.NONE).reason())
                .isEqualTo("unknown-device");
        assertThat(a.apiKey(Door.ECG_UPLOAD, null, null, LOCAL, Tls.NONE).reason()).isEqualTo("unknown-device");
        Outcome ok = a.apiKey(Door.STOW_RS, DR_KEY, "TH01_DR", LOCAL, Tls.NONE);
        assertThat(ok.authenticated()).isTrue();
        assertThat(ok.match().facility().id()).isEqualTo("th01");
        assertThat(a.apiKey(Door.STOW_RS, DR_KEY, "TH01_ECG", LOCAL, Tls.NONE).reason()).isEqualTo("wrong-device");
    }

    @Test
    void aWeakKeyInTheDatabaseWorksAtNoDoor() {
        FacilityRegistry r = registry();
        // written by an older version, before keys were measured
        r.save(new Facility("old", "old", null, null, List.of(
                new Facility.Device("OLD_ECG", "ECG", List.of(), null, 0, Secrets.sha256("old-ecg-key"), null, null))));
        DeviceAuthenticator a = new DeviceAuthenticator(r, false);
        for (Door door : List.of(Door.STOW_RS, Door.ECG_UPLOAD)) {
            Outcome o = a.apiKey(door, "old-ecg-key", null, LOCAL, Tls.NONE);
            assertThat(o.reason()).as(door.name()).isEqualTo("weak-key");
            assertThat(o.detail()).contains("128 bits").doesNotContain("old-ecg-key");
        }
    }

    @Test
    void theDemoDevicesWorkOnlyInDemoMode() {
        FacilityRegistry r = registry();
        r.importFacilities(List.of(DemoFacility.facility())); // left from a demo run
        DeviceAuthenticator production = new DeviceAuthenticator(r, false);
        assertThat(production.association("DEMO_DR", LOCAL, Tls.NONE, null).reason()).isEqualTo("demo-device");
        assertThat(production.apiKey(Door.STOW_RS, DemoFacility.DR_KEY, null, LOCAL, Tls.NONE).authenticated()).isFalse();
        assertThat(production.apiKey(Door.ECG_UPLOAD, DemoFacility.ECG_KEY, null, LOCAL, Tls.NONE).authenticated()).isFalse();

        DeviceAuthenticator demo = new DeviceAuthenticator(r, true);
        assertThat(demo.association("DEMO_DR", LOCAL, Tls.NONE, null).authenticated()).isTrue();
        assertThat(demo.apiKey(Door.STOW_RS, DemoFacility.DR_KEY, null, LOCAL, Tls.NONE).authenticated()).isTrue();
        assertThat(demo.apiKey(Door.ECG_UPLOAD, DemoFacility.ECG_KEY, null, LOCAL, Tls.NONE).match().device().aeTitle())
                .isEqualTo("DEMO_ECG");
        assertThat(demo.apiKey(Door.ECG_UPLOAD, "other-short-key", null, LOCAL, Tls.NONE).reason())
                .as("demo mode waives the length for the published keys only").isEqualTo("weak-key");
    }

    @Test
    void onlyEcgDevicesUploadEcgFiles() {
        DeviceAuthenticator a = new DeviceAuthenticator(registry(), false);
        assertThat(a.apiKey(Door.ECG_UPLOAD, DR_KEY, null, LOCAL, Tls.NONE).reason()).isEqualTo("device-kind");
        assertThat(a.apiKey(Door.ECG_UPLOAD, ECG_KEY, null, LOCAL, Tls.NONE).authenticated()).isTrue();
        assertThat(a.apiKey(Door.STOW_RS, ECG_KEY, null, LOCAL, Tls.NONE).authenticated()).as("DICOM ECGs by STOW-RS").isTrue();
    }

    @Test
    void theSourceAddressRuleHoldsAtEveryDoorAndHostNamesAreResolvedAtLoadOnly() throws Exception {
        FacilityRegistry r = registry();
        int atLoad = lookups.get();
        assertThat(atLoad).as("10.9.9.9 and ct.th01.example, at load").isEqualTo(2);
        DeviceAuthenticator a = new DeviceAuthenticator(r, false);
        InetAddress named = InetAddress.getByAddress(new byte[] {10, 1, 2, 3});
        InetAddress listed = InetAddress.getByAddress(new byte[] {10, 9, 9, 9});
        assertThat(a.association("TH01_FAR", LOCAL, Tls.NONE, null).reason()).isEqualTo("source-address");
        assertThat(a.apiKey(Door.STOW_RS, FAR_KEY, null, LOCAL, Tls.NONE).reason()).isEqualTo("source-address");
        assertThat(a.apiKey(Door.ECG_UPLOAD, FAR_KEY, null, LOCAL, Tls.NONE).reason()).isEqualTo("source-address");
        assertThat(a.association("TH01_FAR", listed, Tls.NONE, null).authenticated()).isTrue();
        assertThat(a.association("TH01_FAR", named, Tls.NONE, null).authenticated()).as("the host name's address").isTrue();
        assertThat(a.apiKey(Door.ECG_UPLOAD, FAR_KEY, null, named, Tls.NONE).authenticated()).isTrue();
        assertThat(lookups.get()).as("no name resolution when deciding").isEqualTo(atLoad);
        r.reload();
        assertThat(lookups.get()).as("resolved again on reload").isEqualTo(atLoad + 2);
    }

    @Test
    void aNameThatDoesNotResolveAllowsNobody() {
        DataSource ds = TestDatabases.h2InMemory();
        Catalog.migrate(ds);
        FacilityRegistry r = new FacilityRegistry(new FacilityRepository(ds), host -> {
            throw new UnknownHostException(host);
        });
        r.importFacilities(FacilitiesFile.parse(new StringReader("""
                facilities:
                  - {id: a, devices: [{aeTitle: A_DR, hosts: [gone.example]}]}
                """), "test"));
        assertThat(new DeviceAuthenticator(r, false).association("A_DR", LOCAL, Tls.NONE, null).reason())
                .isEqualTo("source-address");
    }

    @Test
    void aFacilityWithAClientCertificateCnNeedsItAtEveryDoor() {
        DeviceAuthenticator a = new DeviceAuthenticator(registry(), false);
        Outcome plain = a.association("TH02_DR", LOCAL, Tls.NONE, null);
        assertThat(plain.reason()).isEqualTo("tls-client-certificate");
        assertThat(plain.detail()).contains("not TLS");
        assertThat(a.association("TH02_DR", LOCAL, new Tls(true, null), null).detail()).contains("none was presented");
    }

    @Test
    void userIdentityAtTheDicomDoor() {
        DeviceAuthenticator a = new DeviceAuthenticator(registry(), false);
        assertThat(a.association("TH01_CT", LOCAL, Tls.NONE, null).reason()).isEqualTo("user-identity");
        assertThat(a.association("TH01_CT", LOCAL, Tls.NONE, new DeviceAuthenticator.UserIdentity(2, "ct", "wrong")).reason())
                .isEqualTo("user-identity");
        assertThat(a.association("TH01_CT", LOCAL, Tls.NONE, new DeviceAuthenticator.UserIdentity(2, "ct", "s3cret"))
                .authenticated()).isTrue();
    }
}
