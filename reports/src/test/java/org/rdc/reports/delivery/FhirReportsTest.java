package org.rdc.reports.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.junit.jupiter.api.Test;
import org.rdc.storage.TestDatabases;

/** The DiagnosticReport is valid FHIR R4 (HAPI's instance validator, the core profiles) and carries the signed PDF. */
class FhirReportsTest {

    static final byte[] PDF = "%PDF-1.7\n% signed\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final FhirReports FHIR = FhirReports.shared();

    static FhirValidator validator() {
        var ctx = FHIR.context();
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx));
        FhirValidator v = ctx.newValidator();
        v.registerValidatorModule(new FhirInstanceValidator(chain));
        return v;
    }

    static List<SingleValidationMessage> errors(ValidationResult r) {
        return r.getMessages().stream().filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
    }

    @Test
    void aDiagnosticReportAndItsSearchsetAreValidR4() throws Exception {
        DiagnosticReport d = FHIR.diagnosticReport(Reports.report("R-FHIR-1", 2, "th01", PDF), PDF);

        assertThat(d.getStatus().toCode()).isEqualTo("corrected");
        assertThat(d.getMeta().getVersionId()).isEqualTo("2");
        assertThat(d.getMeta().getTag(FhirReports.FACILITY_TAG, "th01")).isNotNull();
        assertThat(d.getSubject().getIdentifier().getValue()).isEqualTo("P0001");
        assertThat(d.getConclusion()).isEqualTo("胸部正位片未见明显异常。");
        assertThat(d.getResultsInterpreter()).extracting(r -> r.getDisplay()).containsExactly("李伟", "王芳");
        var form = d.getPresentedFormFirstRep();
        assertThat(form.getContentType()).isEqualTo("application/pdf");
        assertThat(form.getData()).isEqualTo(PDF);
        assertThat(form.getHash()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(PDF));
        assertThat(form.getSize()).isEqualTo(PDF.length);

        String json = FHIR.json(d);
        ValidationResult one = validator().validateWithResult(json);
        assertThat(errors(one)).as(one.getMessages().toString()).isEmpty();
        Bundle set = FHIR.searchset(List.of(d), "https://rdc.example/fhir/DiagnosticReport?patient=P0001", "https://rdc.example/fhir");
        ValidationResult bundle = validator().validateWithResult(FHIR.json(set));
        assertThat(errors(bundle)).as(bundle.getMessages().toString()).isEmpty();

        d.setCode(null);  // the validator does look: DiagnosticReport.code is 1..1
        assertThat(errors(validator().validateWithResult(FHIR.json(d)))).isNotEmpty();
    }

    @Test
    void pushPutsTheReportUnderItsIdOnTheFacilityServer() throws Exception {
        List<String> puts = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fhir", ex -> {
            puts.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + new String(ex.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            int status = puts.size() == 1 ? 503 : 201;  // down at first: retried
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try (DeliveryFixture node = new DeliveryFixture(TestDatabases.h2InMemory())) {
            node.destinations.put("th01", List.of(Destination.fhir("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/")));
            node.start(DeliveryFixture.FAST);

            node.enqueue(Reports.report("R-FHIR-2", 1, "th01", PDF), PDF);
            Delivery sent = node.await("R-FHIR-2", Delivery.State.SENT).get(0);

            assertThat(sent.attempts()).isEqualTo(2);
            assertThat(puts).hasSize(2).allSatisfy(p -> assertThat(p).startsWith("PUT /fhir/DiagnosticReport/R-FHIR-2 {"));
            DiagnosticReport got = FHIR.context().newJsonParser().parseResource(DiagnosticReport.class,
                    puts.get(1).substring(puts.get(1).indexOf('{')));
            assertThat(got.getPresentedFormFirstRep().getData()).isEqualTo(PDF);
        } finally {
            server.stop(0);
        }
    }
}
