package org.rdc.reports.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.outbox.JobOutbox;

class ReportDeliveryTest {

    final DataSource db = TestDatabases.h2InMemory();
    final JobOutbox jobs;
    final ReportDelivery delivery;

    ReportDeliveryTest() {
        Catalog.migrate(db);
        jobs = new JobOutbox(db, Clock.systemUTC());
        Map<String, List<Destination>> config = Map.of("th01", List.of(Destination.dicom("TH01_PACS", "127.0.0.1", 11113),
                Destination.hl7("127.0.0.1", 2575)));
        delivery = new ReportDelivery(db, jobs, f -> config.getOrDefault(f, List.of()), Clock.systemUTC());
    }

    @Test
    void enqueueRecordsOnePendingDeliveryAndOneJobPerDestination() {
        DeliverableReport r = Reports.report("R1", 1, "th01", "%PDF-1.7 one".getBytes(StandardCharsets.US_ASCII));

        List<Delivery> ds = delivery.enqueue(r);

        assertThat(ds).extracting(Delivery::channel).containsExactly(Channel.DICOM, Channel.HL7);
        assertThat(ds).allSatisfy(d -> assertThat(d.state()).isEqualTo(Delivery.State.PENDING));
        assertThat(ds.get(0).key()).startsWith("2.25.");
        assertThat(ds.get(0).destination()).isEqualTo("TH01_PACS@127.0.0.1:11113");
        assertThat(ds.get(1).key()).isEqualTo("RDC" + ds.get(1).id());
        assertThat(jobs.count(ReportDelivery.KIND, "R1", JobOutbox.State.PENDING)).isEqualTo(2);
        assertThat(delivery.document("R1", 1)).contains(r);
    }

    @Test
    void enqueueingTheSameVersionAgainChangesNothingAndADifferentOneIsRefused() {
        DeliverableReport r = Reports.report("R2", 1, "th01", "%PDF-1.7 two".getBytes(StandardCharsets.US_ASCII));
        List<Delivery> first = delivery.enqueue(r);

        assertThat(delivery.enqueue(r)).isEqualTo(first);
        assertThatThrownBy(() -> delivery.enqueue(Reports.report("R2", 1, "th01", "%PDF-1.7 other".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a signed version never changes");
        assertThat(jobs.count(ReportDelivery.KIND, "R2", JobOutbox.State.PENDING)).isEqualTo(2);
        assertThat(delivery.deliveries("R2")).isEqualTo(first);
    }

    @Test
    void theRegistryGivesEachConfiguredChannelOfAFacility() {
        var registry = new org.rdc.gateway.registry.FacilityRegistry(new org.rdc.gateway.registry.FacilityRepository(db));
        registry.importFacilities(org.rdc.gateway.registry.FacilitiesFile.parse(new java.io.StringReader("""
                facilities:
                  - id: th01
                    reportDestination: {aeTitle: TH01_PACS, host: 127.0.0.1, port: 11113}
                    reportHl7: {host: 127.0.0.1, port: 2575}
                    reportFhir: http://127.0.0.1:8089/fhir/
                  - id: th02
                """), "test"));
        RegistryDestinations d = new RegistryDestinations(registry);

        assertThat(d.of("th01")).containsExactly(Destination.dicom("TH01_PACS", "127.0.0.1", 11113), Destination.hl7("127.0.0.1", 2575),
                new Destination(Channel.FHIR, "http://127.0.0.1:8089/fhir"));
        assertThat(d.of("th02")).isEmpty();
        assertThat(d.of("nowhere")).isEmpty();
    }

    @Test
    void aFacilityWithoutDestinationsGetsNoDeliveryButItsReportIsRecorded() {
        DeliverableReport r = Reports.report("R3", 1, "th02", "%PDF-1.7 three".getBytes(StandardCharsets.US_ASCII));

        assertThat(delivery.enqueue(r)).isEmpty();
        assertThat(delivery.facilityOf("R3")).contains("th02");
    }
}
