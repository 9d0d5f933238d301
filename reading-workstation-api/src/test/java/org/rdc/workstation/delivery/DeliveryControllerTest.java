package org.rdc.workstation.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rdc.reports.delivery.DeliverableReport;
import org.rdc.reports.delivery.Destination;
import org.rdc.reports.delivery.FhirReports;
import org.rdc.reports.delivery.ReportDelivery;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.workstation.api.ApiErrors;
import org.rdc.workstation.security.Callers;
import org.rdc.workstation.security.Role;
import org.rdc.workstation.security.UserAccount;
import org.rdc.workstation.security.UserStore;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** Deliveries of a report and /fhir/DiagnosticReport, each scoped to the caller's facility. */
class DeliveryControllerTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    final DataSource db = TestDatabases.h2InMemory();
    final Map<String, byte[]> archive = new ConcurrentHashMap<>();
    final ReportDelivery delivery;
    final MockMvc mvc;

    DeliveryControllerTest() {
        Catalog.migrate(db);
        delivery = new ReportDelivery(db, new JobOutbox(db, Clock.systemUTC()),
                f -> f.equals("th01") ? List.of(Destination.hl7("127.0.0.1", 2575)) : List.of(), Clock.systemUTC());
        UserStore users = new UserStore(db, Clock.systemUTC());
        Instant now = Instant.now();
        users.insert(new UserAccount("clinic1", "卫生院一", Set.of(Role.FACILITY_USER), Set.of(), "th01", false, true, now, now), "x");
        users.insert(new UserAccount("clinic2", "卫生院二", Set.of(Role.FACILITY_USER), Set.of(), "th02", false, true, now, now), "x");
        users.insert(new UserAccount("admin", "admin", Set.of(Role.ADMIN), Set.of(), null, false, true, now, now), "x");
        mvc = MockMvcBuilders.standaloneSetup(new DeliveryController(delivery, key -> {
            byte[] b = archive.get(key);
            if (b == null) {
                throw new IOException("no " + key);
            }
            return b;
        }, new Callers(users), new org.rdc.reports.delivery.DeliverySettings("RDC", "RDC", SHANGHAI, java.time.Duration.ofSeconds(5),
                new JobOutbox.Retry(1, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(10)), 0, java.time.Duration.ofSeconds(1)))).setControllerAdvice(new ApiErrors()).build();
        enqueue("R-A", "th01", "P1", "2026-12-01T02:00:00Z", 1);
        enqueue("R-A", "th01", "P1", "2026-12-01T02:00:00Z", 2);
        enqueue("R-B", "th01", "P2", "2026-12-02T02:00:00Z", 1);
        enqueue("R-C", "th02", "P1", "2026-12-02T03:00:00Z", 1);
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private void enqueue(String id, String facility, String patient, String examined, int version) {
        byte[] pdf = ("%PDF-1.7 " + id + " v" + version + " %%EOF").getBytes(StandardCharsets.US_ASCII);
        String sha = sha256(pdf);
        archive.put("r/" + sha, pdf);
        delivery.enqueue(new DeliverableReport(id, version, version == 1 ? DeliverableReport.Status.FINAL : DeliverableReport.Status.CORRECTED,
                facility, "1.2.3." + Math.abs(id.hashCode()), null, new DeliverableReport.Patient(patient, "张三", "M", LocalDate.of(1970, 1, 1)),
                "胸部正位 DR", "RADIOLOGY", "所见", "诊断意见 " + id, null, false, new DeliverableReport.Person("liwei", "李伟"), null,
                Instant.parse(examined), Instant.parse(examined).plusSeconds(3600), "r/" + sha, sha));
    }

    private static void as(String user) {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(user, null, List.of()));
    }

    private Bundle search(String query) throws Exception {
        MvcResult r = mvc.perform(get("/fhir/DiagnosticReport" + query)).andExpect(status().isOk()).andReturn();
        assertThat(r.getResponse().getContentType()).startsWith("application/fhir+json");
        return FhirReports.shared().context().newJsonParser().parseResource(Bundle.class, r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static List<String> ids(Bundle b) {
        return b.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    @Test
    void aFacilityUserFindsItsOwnReportsByPatientAndDateAndNeverAnotherFacilitys() throws Exception {
        as("clinic1");
        Bundle all = search("");
        assertThat(all.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(ids(all)).containsExactly("R-B", "R-A");
        DiagnosticReport a = (DiagnosticReport) all.getEntry().get(1).getResource();
        assertThat(a.getMeta().getVersionId()).as("the newest version").isEqualTo("2");
        assertThat(a.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.CORRECTED);
        assertThat(new String(a.getPresentedFormFirstRep().getData(), StandardCharsets.US_ASCII)).contains("R-A v2");

        assertThat(ids(search("?patient=P1"))).containsExactly("R-A");
        assertThat(ids(search("?patient=Patient/P2"))).containsExactly("R-B");
        assertThat(ids(search("?date=ge2026-12-02"))).containsExactly("R-B");
        assertThat(ids(search("?date=ge2026-12-01&date=lt2026-12-02"))).containsExactly("R-A");
        assertThat(ids(search("?_tag=urn:rdc:facility|th01"))).containsExactly("R-B", "R-A");
        assertThat(ids(search("?_tag=urn:rdc:facility|th02"))).as("another facility's: none").isEmpty();

        mvc.perform(get("/fhir/DiagnosticReport/R-A")).andExpect(status().isOk());
        mvc.perform(get("/fhir/DiagnosticReport/R-C")).andExpect(status().isNotFound());
        mvc.perform(get("/fhir/DiagnosticReport/nothing")).andExpect(status().isNotFound());
        mvc.perform(get("/fhir/DiagnosticReport?date=xx2026")).andExpect(status().isBadRequest());
    }

    @Test
    void theAllianceSeesEveryFacilityAndFiltersByTag() throws Exception {
        as("admin");
        assertThat(ids(search(""))).containsExactly("R-C", "R-B", "R-A");
        assertThat(ids(search("?_tag=urn:rdc:facility|th02&patient=P1"))).containsExactly("R-C");
        as("clinic2");
        assertThat(ids(search("?patient=P1"))).containsExactly("R-C");
    }

    @Test
    void deliveriesOfAReportAreShownToItsFacilityOnly() throws Exception {
        as("clinic1");
        String json = mvc.perform(get("/api/reports/R-A/deliveries")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"channel\":\"HL7\"").contains("\"state\":\"PENDING\"").contains("\"version\":1")
                .contains("\"version\":2");
        as("clinic2");
        mvc.perform(get("/api/reports/R-A/deliveries")).andExpect(status().isNotFound());
        mvc.perform(get("/api/reports/R-C/deliveries")).andExpect(status().isOk());
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
