package org.rdc.workstation.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.PatientLinkEvent;
import org.rdc.storage.catalog.PatientRef;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators say two patients (usually of different facilities) are the same person, or undo
 * it; each is recorded with who, when and why, never changed or deleted. A patient is named as the
 * study API shows it: facilityId, patientId, issuerOfPatientId.
 */
@RestController
@RequestMapping("/api/admin/patient-links")
@Tag(name = "patient links", description = "Linking patients of different facilities as one person (ADMIN)")
public class PatientLinkController {

    /** Two patients and why they are (or are not) the same person. */
    public record LinkRequest(PatientRef first, PatientRef second, String reason) {
    }

    private final Catalog catalog;
    private final Callers callers;

    public PatientLinkController(Catalog catalog, Callers callers) {
        this.catalog = catalog;
        this.callers = callers;
    }

    private Caller admin() {
        Caller c = callers.current();
        if (!c.isAdmin()) {
            throw WorkstationException.forbidden("only an administrator links patients");
        }
        return c;
    }

    @Operation(summary = "Link two patients as one person: their studies become each other's priors")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public PatientLinkEvent link(@RequestBody LinkRequest request) {
        Caller c = admin();
        require(request);
        return catalog.linkPatients(request.first(), request.second(), c.username(), request.reason());
    }

    @Operation(summary = "Undo an administrator's link between two patients")
    @PostMapping("/unlink")
    public PatientLinkEvent unlink(@RequestBody LinkRequest request) {
        Caller c = admin();
        require(request);
        return catalog.unlinkPatients(request.first(), request.second(), c.username(), request.reason());
    }

    @Operation(summary = "Every link and unlink of one patient, oldest first")
    @GetMapping
    public List<PatientLinkEvent> history(@RequestParam String facilityId, @RequestParam String patientId,
                                          @RequestParam(required = false) String issuer) {
        admin();
        return catalog.patientLinks(new PatientRef(facilityId, patientId, issuer));
    }

    private static void require(LinkRequest request) {
        if (request.first() == null || request.second() == null) {
            throw WorkstationException.invalid("name both patients: first and second, each {facilityId, patientId, issuer}");
        }
    }
}
