package org.rdc.workstation.delivery;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.rdc.reports.delivery.DeliverableReport;
import org.rdc.reports.delivery.Delivery;
import org.rdc.reports.delivery.DeliverySettings;
import org.rdc.reports.delivery.FhirReports;
import org.rdc.reports.delivery.ReportDelivery;
import org.rdc.reports.delivery.SignedPdfs;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a signed report went, and the reports as FHIR R4 for the facilities' systems to pull. Every
 * read is scoped by the caller's {@link CatalogScope}: a facility user sees only its facility's
 * reports, and another facility's report is "not found" (404), never "forbidden", so its existence
 * does not leak.
 */
@RestController
public class DeliveryController {

    static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");
    static final int MAX_COUNT = 50;

    private final ReportDelivery deliveries;
    private final SignedPdfs pdfs;
    private final Callers callers;
    private final ZoneId zone;
    private final FhirReports fhir = FhirReports.shared();

    /** @param settings its time zone is what plain dates of the {@code date} search mean */
    public DeliveryController(ReportDelivery deliveries, SignedPdfs pdfs, Callers callers, DeliverySettings settings) {
        this.deliveries = deliveries;
        this.pdfs = pdfs;
        this.callers = callers;
        this.zone = settings.zone();
    }

    /** Every delivery of every version of the report: channel, destination, state, attempts, last error. */
    @GetMapping("/api/reports/{reportId}/deliveries")
    public List<Delivery> deliveries(@PathVariable String reportId) {
        CatalogScope scope = callers.current().catalogScope();
        String facility = deliveries.facilityOf(reportId).orElse(null);
        if (facility == null || !scope.admits(facility)) {
            throw WorkstationException.notFound("no report " + reportId);
        }
        return deliveries.deliveries(reportId);
    }

    /** FHIR R4 read (RESTful API §3.1.0.3): the newest version of the report, meta.versionId its version. */
    @GetMapping("/fhir/DiagnosticReport/{id}")
    public ResponseEntity<String> read(@PathVariable String id) throws IOException {
        CatalogScope scope = callers.current().catalogScope();
        DeliverableReport r = deliveries.current(id).filter(x -> scope.admits(x.facilityId())).orElse(null);
        if (r == null) {
            return outcome(HttpStatus.NOT_FOUND, OperationOutcome.IssueType.NOTFOUND, "DiagnosticReport/" + id + " is not known");
        }
        return ResponseEntity.ok().contentType(FHIR_JSON).body(fhir.json(fhir.diagnosticReport(r, pdfs.read(r.pdfKey()))));
    }

    /**
     * FHIR R4 search (§3.1.0.9, type level), a searchset Bundle of the newest version of each
     * matching report, newest examination first. Parameters: {@code patient} (the facility's
     * Patient ID, or {@code Patient/<id>}), {@code _tag} ({@value FhirReports#FACILITY_TAG}|facility),
     * {@code date} (repeatable, prefixes ge/gt/le/lt/eq on a date yyyy-MM-dd in the alliance's time
     * zone, or an instant), {@code _count} (at most 50), {@code _offset}.
     */
    @GetMapping("/fhir/DiagnosticReport")
    public ResponseEntity<String> search(@RequestParam(required = false) String patient,
                                         @RequestParam(name = "_tag", required = false) String tag,
                                         @RequestParam(required = false) List<String> date,
                                         @RequestParam(name = "_count", defaultValue = "20") int count,
                                         @RequestParam(name = "_offset", defaultValue = "0") int offset,
                                         HttpServletRequest request) throws IOException {
        CatalogScope scope = callers.current().catalogScope();
        if (count < 0 || offset < 0) {
            return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.INVALID, "_count and _offset must not be negative");
        }
        String facility = null;
        if (tag != null && !tag.isBlank()) {
            String prefix = FhirReports.FACILITY_TAG + "|";
            if (!tag.startsWith(prefix) || tag.length() == prefix.length()) {
                return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.NOTSUPPORTED, "_tag must be " + prefix + "<facility id>");
            }
            facility = tag.substring(prefix.length());
            if (!scope.admits(facility)) {
                return searchset(List.of(), request);  // another facility's reports: none, as if there were none
            }
        }
        if (!scope.isAlliance()) {
            facility = scope.facilityId();
        }
        String patientId = patient == null || patient.isBlank() ? null : patient.startsWith("Patient/") ? patient.substring(8) : patient;
        Instant from = null;
        Instant before = null;
        for (String d : date == null ? List.<String>of() : date) {
            Instant[] range;
            try {
                range = range(d);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.INVALID, "date '" + d + "': " + e.getMessage());
            }
            from = range[0] != null && (from == null || range[0].isAfter(from)) ? range[0] : from;
            before = range[1] != null && (before == null || range[1].isBefore(before)) ? range[1] : before;
        }
        List<DeliverableReport> found = deliveries.search(facility, patientId, from, before, offset, Math.min(count, MAX_COUNT));
        List<DiagnosticReport> out = new ArrayList<>();
        for (DeliverableReport r : found) {
            out.add(fhir.diagnosticReport(r, pdfs.read(r.pdfKey())));
        }
        return searchset(out, request);
    }

    /** A FHIR date search value (R4 §3.1.1.5.7: prefix and a date or instant) as [from, before). */
    private Instant[] range(String value) {
        String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
        String v = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(2) : value;
        Instant start;
        Instant end;
        if (v.length() == 10) {
            LocalDate day = LocalDate.parse(v);
            start = day.atStartOfDay(zone).toInstant();
            end = day.plusDays(1).atStartOfDay(zone).toInstant();
        } else {
            start = java.time.OffsetDateTime.parse(v).toInstant();
            end = start.plusMillis(1);
        }
        return switch (prefix) {
            case "eq" -> new Instant[] {start, end};
            case "ge" -> new Instant[] {start, null};
            case "gt" -> new Instant[] {end, null};
            case "lt" -> new Instant[] {null, start};
            case "le" -> new Instant[] {null, end};
            default -> throw new IllegalArgumentException("prefix " + prefix + " is not one of eq, ge, gt, le, lt");
        };
    }

    private ResponseEntity<String> searchset(List<DiagnosticReport> reports, HttpServletRequest request) {
        String base = request.getRequestURL().toString();
        base = base.substring(0, base.indexOf("/fhir/") + 5);
        String self = request.getRequestURL() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return ResponseEntity.ok().contentType(FHIR_JSON).body(fhir.json(fhir.searchset(reports, self, base)));
    }

    private ResponseEntity<String> outcome(HttpStatus status, OperationOutcome.IssueType type, String text) {
        OperationOutcome o = new OperationOutcome();
        o.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
        return ResponseEntity.status(status).contentType(FHIR_JSON).body(fhir.json(o));
    }
}
