package org.rdc.workstation.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.rdc.reports.ReportException;
import org.rdc.reports.lifecycle.Reports;
import org.rdc.reports.template.Choice;
import org.rdc.reports.template.ReportTemplate;
import org.rdc.workstation.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Report templates (data: defaults shipped as JSON, more added and versioned by administrators) and the critical-value categories. */
@RestController
@Tag(name = "report templates", description = "Templates per service line and examination, their fields, normal phrases and versions")
public class TemplateController {

    private final Reports reports;
    private final Callers callers;

    public TemplateController(Reports reports, Callers callers) {
        this.reports = reports;
        this.callers = callers;
    }

    @Operation(summary = "The newest version of every template (serviceLine to filter)")
    @GetMapping("/api/report-templates")
    public List<ReportTemplate> templates(@RequestParam(required = false) String serviceLine) {
        callers.current();
        return reports.templates().latest().stream().filter(t -> serviceLine == null || t.serviceLine().equals(serviceLine)).toList();
    }

    @Operation(summary = "A template: its newest version, or the one named by version")
    @GetMapping("/api/report-templates/{id}")
    public ReportTemplate template(@PathVariable String id, @RequestParam(required = false) Integer version) {
        callers.current();
        return (version == null ? reports.templates().latest(id) : reports.templates().find(id, version))
                .orElseThrow(() -> ReportException.notFound("no report template " + id + (version == null ? "" : "@" + version)));
    }

    @Operation(summary = "Every version of a template, oldest first")
    @GetMapping("/api/report-templates/{id}/versions")
    public List<ReportTemplate> versions(@PathVariable String id) {
        callers.current();
        List<ReportTemplate> all = reports.templates().versions(id);
        if (all.isEmpty()) {
            throw ReportException.notFound("no report template " + id);
        }
        return all;
    }

    @Operation(summary = "The critical-result (危急值) categories a report of this service line may be flagged with")
    @GetMapping("/api/report-templates/critical-categories/{serviceLine}")
    public List<Choice> criticalCategories(@PathVariable String serviceLine) {
        callers.current();
        return reports.policy().criticalCategories(serviceLine);
    }

    @Operation(summary = "Administrator: add a template, or a new version of one (version above every existing one)")
    @PostMapping(value = "/api/admin/report-templates", consumes = "application/json")
    public ResponseEntity<ReportTemplate> add(@RequestBody String definition) {
        String actor = callers.current().username();
        return ResponseEntity.status(HttpStatus.CREATED).body(reports.templates().add(definition, actor));
    }
}
