package org.rdc.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.InetAddress;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rdc.gateway.GatewayFixture;
import org.rdc.storage.catalog.Catalog;

/** The facility registry on a database (H2 and PostgreSQL run the same tests). */
abstract class RegistryContract {

    abstract DataSource dataSource();

    FacilityRegistry registry() {
        DataSource ds = dataSource();
        Catalog.migrate(ds);
        FacilityRegistry r = new FacilityRegistry(new FacilityRepository(ds));
        r.importFacilities(FacilitiesFile.parse(new StringReader(GatewayFixture.FACILITIES), "test"));
        return r;
    }

    @Test
    void answersWhichFacilityAnAeTitleOrApiKeyIs() throws Exception {
        FacilityRegistry r = registry();
        assertThat(r.byAeTitle("ZHUSHAN_DR")).get().extracting(m -> m.facility().id()).isEqualTo("zhushan");
        assertThat(r.byAeTitle("zhushan_dr")).as("AE titles are case-sensitive").isEmpty();
        assertThat(r.byApiKey(GatewayFixture.ZHUSHAN_ECG_KEY)).get().extracting(m -> m.device().aeTitle()).isEqualTo("ZHUSHAN_ECG");
        assertThat(r.byApiKey("nope")).isEmpty();
        assertThat(r.facility("zhushan")).get().satisfies(f -> {
            assertThat(f.name()).isEqualTo("珠山镇中心卫生院");
            assertThat(f.defaultCharacterSet()).isEqualTo("GB18030");
            assertThat(f.reportDestination().aeTitle()).isEqualTo("ZHUSHAN_PACS");
        });
        FacilityRegistry.Match us = r.byAeTitle("ZHUSHAN_US").orElseThrow();
        assertThat(r.sourceAllowed(us, InetAddress.getByName("10.9.9.9"))).isTrue();
        assertThat(r.sourceAllowed(us, InetAddress.getByName("127.0.0.1"))).isFalse();
        Facility.Device ct = r.byAeTitle("ZHUSHAN_CT").orElseThrow().device();
        assertThat(ct.passwordHash()).doesNotContain("s3cret");
        assertThat(Secrets.checkPassword("s3cret", ct.passwordHash())).isTrue();
    }

    @Test
    void changesAndConflicts() {
        FacilityRegistry r = registry();
        r.save(new Facility("demo", "demo 2", null, null, List.of(
                new Facility.Device("DEMO_US", "US", List.of(), null, 0, null, null, null))));
        assertThat(r.byAeTitle("DEMO_DR")).isEmpty();
        assertThat(r.byAeTitle("DEMO_US")).get().extracting(m -> m.facility().name()).isEqualTo("demo 2");
        assertThatThrownBy(() -> r.save(new Facility("other", "x", null, null, List.of(
                new Facility.Device("ZHUSHAN_DR", "DX", List.of(), null, 0, null, null, null)))))
                .hasMessageContaining("already belongs to facility 'zhushan'");
        assertThat(r.delete("demo")).isTrue();
        assertThat(r.byAeTitle("DEMO_US")).isEmpty();
        // a second import (restart with the same file) changes nothing
        r.importFacilities(FacilitiesFile.parse(new StringReader(GatewayFixture.FACILITIES), "test"));
        assertThat(r.facilities()).extracting(Facility::id).containsExactlyInAnyOrder("zhushan", "demo");
    }

    @Test
    void keepsHowAFacilitysDevicesIdentifyPatients() {
        FacilityRegistry r = registry();
        assertThat(r.facility("zhushan").orElseThrow().patientIdentity()).isEqualTo(Facility.PatientIdentity.DEFAULT);
        r.importFacilities(FacilitiesFile.parse(new StringReader("""
                facilities:
                  - {id: xiaohe, patientIdIssuer: XIAOHE_HIS, residentIdAt: other_patient_ids, residentIdIssuer: 身份证}
                """), "f.yaml"));
        assertThat(r.facility("xiaohe").orElseThrow().patientIdentity()).isEqualTo(new Facility.PatientIdentity("XIAOHE_HIS",
                org.rdc.dicom.iod.ResidentIdLocation.OTHER_PATIENT_IDS, "身份证"));
        assertThatThrownBy(() -> FacilitiesFile.parse(new StringReader("facilities:\n  - {id: a, residentIdAt: NOTE}\n"), "f.yaml"))
                .hasMessageContaining("f.yaml: facility 'a': residentIdAt 'NOTE' is not one of");
    }

    @Test
    void keepsWhereAFacilityWantsItsReportsByHl7AndFhir() {
        FacilityRegistry r = registry();
        assertThat(r.facility("zhushan").orElseThrow().reportHl7()).isNull();
        r.importFacilities(FacilitiesFile.parse(new StringReader("""
                facilities:
                  - id: xiaohe
                    reportDestination: {aeTitle: XIAOHE_PACS, host: 127.0.0.1, port: 11113}
                    reportHl7: {host: his.xiaohe.local, port: 2575}
                    reportFhir: https://his.xiaohe.local/fhir
                """), "f.yaml"));
        Facility f = r.facility("xiaohe").orElseThrow();
        assertThat(f.reportHl7()).isEqualTo(new Facility.HostPort("his.xiaohe.local", 2575));
        assertThat(f.reportFhir()).isEqualTo("https://his.xiaohe.local/fhir");
        assertThatThrownBy(() -> FacilitiesFile.parse(new StringReader("facilities:\n  - {id: a, reportHl7: {host: h}}\n"), "f.yaml"))
                .hasMessageContaining("f.yaml: facility 'a': reportHl7 needs a host and a port");
        assertThatThrownBy(() -> FacilitiesFile.parse(new StringReader("facilities:\n  - {id: a, reportFhir: 'ftp://x'}\n"), "f.yaml"))
                .hasMessageContaining("reportFhir 'ftp://x' is not an http(s) base URL");
    }

    @Test
    void keepsCriticalValueChannelsAndSecondContactAndNeverPrintsTheWebhookSecret() {
        FacilityRegistry r = registry();
        r.importFacilities(FacilitiesFile.parse(new StringReader("""
                facilities:
                  - id: xiaohe
                    reportHl7: {host: his.xiaohe.local, port: 2575}
                    criticalValues:
                      webhook: https://his.xiaohe.local/rdc/critical
                      webhookSecret: "0123456789abcdef0123456789abcdef-secret"
                      escalation: {name: 王院长, phone: "0710-1234567", webhook: https://his.xiaohe.local/rdc/late,
                                   hl7: {host: duty.xiaohe.local, port: 2576}}
                """), "f.yaml"));
        Facility f = r.facility("xiaohe").orElseThrow();
        assertThat(f.criticalValues()).isEqualTo(new Facility.CriticalContacts("https://his.xiaohe.local/rdc/critical",
                "0123456789abcdef0123456789abcdef-secret", null, "王院长", "0710-1234567", "https://his.xiaohe.local/rdc/late",
                new Facility.HostPort("duty.xiaohe.local", 2576)));
        assertThat(f.toString()).doesNotContain("0123456789abcdef").contains("webhookSecret=(set)").contains("王院长");
        assertThat(r.facility("zhushan").orElseThrow().criticalValues()).isNull();
        assertThatThrownBy(() -> FacilitiesFile.parse(new StringReader(
                "facilities:\n  - {id: a, criticalValues: {webhook: 'https://x/y', webhookSecret: short}}\n"), "f.yaml"))
                .hasMessageContaining("webhookSecret must be at least 32 characters");
        assertThatThrownBy(() -> FacilitiesFile.parse(new StringReader(
                "facilities:\n  - {id: a, criticalValues: {webhook: 'ftp://x'}}\n"), "f.yaml"))
                .hasMessageContaining("webhook 'ftp://x' is not an http(s) URL");
    }

    @Test
    void fileErrorsNameTheirPlace() {
        assertThatThrownBy(() -> FacilitiesFile.parse(new StringReader("""
                facilities:
                  - id: a
                    devices:
                      - {aeTitle: THIS_AE_TITLE_IS_TOO_LONG}
                """), "f.yaml")).hasMessageContaining("f.yaml: facility 'a'").hasMessageContaining("THIS_AE_TITLE_IS_TOO_LONG");
        assertThatThrownBy(() -> FacilitiesFile.parse(new StringReader("""
                facilities:
                  - {id: a, devices: [{aeTitle: X}]}
                  - {id: b, devices: [{aeTitle: X}]}
                """), "f.yaml")).hasMessageContaining("'X' appears twice");
        assertThatThrownBy(() -> FacilitiesFile.parse(new StringReader("facilities:\n  - {id: a, defaultCharacterSet: KLINGON}\n"),
                "f.yaml")).hasMessageContaining("unknown defaultCharacterSet");
    }
}
