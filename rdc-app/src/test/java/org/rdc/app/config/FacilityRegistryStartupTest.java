package org.rdc.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.gateway.registry.DemoFacility;
import org.rdc.gateway.registry.DeviceAuthenticator;
import org.rdc.gateway.registry.Facility;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.registry.FacilityRepository;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;

/** What the registry holds after start-up, with and without a facilities file and demo mode (issue 11 point 11). */
class FacilityRegistryStartupTest {

    @TempDir
    Path dir;

    static final String FILE = """
            facilities:
              - id: th01
                devices:
                  - {aeTitle: TH01_DR, kind: DX, apiKey: "29b893301c3ec4ee01082c710dfde3b2"}
            """;

    private final DataSource db = TestDatabases.h2InMemory();

    private FacilityRegistry start(Path facilities, boolean demo) throws Exception {
        RdcProperties rdc = new RdcProperties(dir, null, null, null, facilities, demo, null, null, null, null, null);
        GatewayProperties gw = new GatewayProperties(true, 0, "RDC", "127.0.0.1", 1, 1, 16384, 1, 1, null, null, null, null,
                null, 0, null, Duration.ZERO);
        return new GatewayConfiguration().facilityRegistry(db, rdc, gw);
    }

    private Path file() throws Exception {
        return Files.writeString(dir.resolve("facilities.yaml"), FILE);
    }

    /** An earlier demo run left the demo facility in the database. */
    private void earlierDemoRun() {
        Catalog.migrate(db);
        new FacilityRegistry(new FacilityRepository(db)).importFacilities(List.of(DemoFacility.facility()));
    }

    @Test
    void withoutDemoModeAndWithoutAFileThereAreNoDevices() throws Exception {
        Catalog.migrate(db);
        assertThat(start(null, false).facilities()).isEmpty();
    }

    @Test
    void demoModeRegistersTheDemoFacility() throws Exception {
        Catalog.migrate(db);
        FacilityRegistry r = start(null, true);
        assertThat(r.byAeTitle("DEMO_DR")).get().extracting(m -> m.facility().id()).isEqualTo("demo");
        assertThat(new DeviceAuthenticator(r, true).apiKey(DeviceAuthenticator.Door.ECG_UPLOAD, "demo-ecg-key", null,
                InetAddress.getLoopbackAddress(), DeviceAuthenticator.Tls.NONE).authenticated()).isTrue();
    }

    @Test
    void aCentreWithAFacilitiesFileNeverHoldsTheDemo() throws Exception {
        Catalog.migrate(db);
        FacilityRegistry r = start(file(), false);
        assertThat(r.facilities()).extracting(Facility::id).containsExactly("th01");
        assertThatThrownBy(() -> start(file(), true)).hasMessageContaining("RDC_DEMO=true and RDC_FACILITIES")
                .hasMessageContaining("exclude each other");
        assertThat(new FacilityRepository(db).findAll()).extracting(Facility::id).containsExactly("th01");
    }

    @Test
    void aDemoLeftInTheDatabaseIsRemovedWithAFile() throws Exception {
        earlierDemoRun();
        FacilityRegistry r = start(file(), false);
        assertThat(r.facilities()).extracting(Facility::id).containsExactly("th01");
        assertThat(new FacilityRepository(db).findAll()).extracting(Facility::id).containsExactly("th01");
    }

    @Test
    void aDemoLeftInTheDatabaseIsRemovedWithoutDemoMode() throws Exception {
        earlierDemoRun();
        FacilityRegistry r = start(null, false);
        assertThat(r.facilities()).isEmpty();
        assertThat(new DeviceAuthenticator(r, false).association("DEMO_DR", InetAddress.getLoopbackAddress(),
                DeviceAuthenticator.Tls.NONE, null).authenticated()).isFalse();
    }

    @Test
    void aFacilityAnAdministratorCalledDemoStays() throws Exception {
        Catalog.migrate(db);
        new FacilityRegistry(new FacilityRepository(db)).save(new Facility("demo", "示范卫生院", null, null, List.of(
                new Facility.Device("SHIFAN_DR", "DX", List.of(), null, 0, null, null, null))));
        assertThat(start(null, false).byAeTitle("SHIFAN_DR")).isPresent();
    }
}
