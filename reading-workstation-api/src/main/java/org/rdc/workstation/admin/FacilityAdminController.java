package org.rdc.workstation.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rdc.gateway.registry.FacilitiesFile;
import org.rdc.gateway.registry.Facility;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.workstation.security.Callers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Facilities and their devices (the registry the DICOM gateway, STOW-RS and the ECG upload check),
 * for administrators ({@code /api/admin/**}). The body of PUT has the shape of one entry of the
 * facilities file; API keys and passcodes are hashed on arrival and never returned. A device sent
 * without {@code apiKey} / {@code password} keeps the ones it had.
 */
@RestController
@RequestMapping("/api/admin/facilities")
public class FacilityAdminController {

    private static final Logger log = LoggerFactory.getLogger(FacilityAdminController.class);

    private final FacilityRegistry registry;
    private final Callers callers;

    public FacilityAdminController(FacilityRegistry registry, Callers callers) {
        this.registry = registry;
        this.callers = callers;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return registry.facilities().stream().map(FacilityAdminController::view).toList();
    }

    @GetMapping("/{id}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
        return registry.facility(id).map(f -> ResponseEntity.ok(view(f))).orElse(ResponseEntity.notFound().build());
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> put(@PathVariable String id, @RequestBody Map<String, Object> body) {
        Map<String, Object> withId = new LinkedHashMap<>(body);
        withId.put("id", id);
        Facility f;
        try {
            f = FacilitiesFile.facility(withId, "request");
            f = keepSecrets(f);
            boolean existed = registry.facility(id).isPresent();
            registry.save(f);
            // who changed which facility and its devices; never a key, passcode or webhook secret
            log.info("facility {} {} by {}: devices {}", id, existed ? "changed" : "created", callers.current().username(),
                    f.devices().stream().map(Facility.Device::aeTitle).toList());
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Map.of("type", "about:blank", "title", "Bad Request", "status", 400, "detail", e.getMessage()));
        }
        return ResponseEntity.ok(view(registry.facility(id).orElseThrow()));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        if (!registry.delete(id)) {
            return ResponseEntity.notFound().build();
        }
        log.info("facility {} deleted by {}", id, callers.current().username());
        return ResponseEntity.noContent().build();
    }

    private Facility keepSecrets(Facility f) {
        List<Facility.Device> devices = new ArrayList<>();
        for (Facility.Device d : f.devices()) {
            Facility.Device old = registry.byAeTitle(d.aeTitle()).map(FacilityRegistry.Match::device).orElse(null);
            devices.add(old == null ? d : new Facility.Device(d.aeTitle(), d.kind(), d.hosts(), d.host(), d.port(),
                    d.apiKeySha256() != null ? d.apiKeySha256() : old.apiKeySha256(), d.username(),
                    d.passwordHash() != null ? d.passwordHash() : d.username() != null ? old.passwordHash() : null));
        }
        Facility.CriticalContacts c = f.criticalValues();
        Facility.CriticalContacts was = registry.facility(f.id()).map(Facility::criticalValues).orElse(null);
        if (c != null && c.webhookSecret() == null && was != null) {
            // the webhook key is never shown, so an edit that leaves it out keeps it
            c = new Facility.CriticalContacts(c.webhook(), was.webhookSecret(), c.hl7(), c.escalationName(), c.escalationPhone(),
                    c.escalationWebhook(), c.escalationHl7());
        }
        return new Facility(f.id(), f.name(), f.defaultCharacterSet(), f.reportDestination(), devices, f.tlsClientCn(),
                f.patientIdentity(), f.reportHl7(), f.reportFhir(), c);
    }

    static Map<String, Object> view(Facility f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.name());
        m.put("defaultCharacterSet", f.defaultCharacterSet());
        if (f.tlsClientCn() != null) {
            m.put("tlsClientCn", f.tlsClientCn());
        }
        if (f.patientIdentity().patientIdIssuer() != null) {
            m.put("patientIdIssuer", f.patientIdentity().patientIdIssuer());
        }
        m.put("residentIdAt", f.patientIdentity().residentIdAt().name());
        if (f.patientIdentity().residentIdIssuer() != null) {
            m.put("residentIdIssuer", f.patientIdentity().residentIdIssuer());
        }
        if (f.reportDestination() != null) {
            m.put("reportDestination", Map.of("aeTitle", f.reportDestination().aeTitle(),
                    "host", String.valueOf(f.reportDestination().host()), "port", f.reportDestination().port()));
        }
        if (f.reportHl7() != null) {
            m.put("reportHl7", Map.of("host", f.reportHl7().host(), "port", f.reportHl7().port()));
        }
        if (f.reportFhir() != null) {
            m.put("reportFhir", f.reportFhir());
        }
        Facility.CriticalContacts c = f.criticalValues();
        if (c != null) {
            Map<String, Object> cm = new LinkedHashMap<>();
            putIfSet(cm, "webhook", c.webhook());
            cm.put("webhookSecretSet", c.webhookSecret() != null);
            if (c.hl7() != null) {
                cm.put("hl7", Map.of("host", c.hl7().host(), "port", c.hl7().port()));
            }
            Map<String, Object> em = new LinkedHashMap<>();
            putIfSet(em, "name", c.escalationName());
            putIfSet(em, "phone", c.escalationPhone());
            putIfSet(em, "webhook", c.escalationWebhook());
            if (c.escalationHl7() != null) {
                em.put("hl7", Map.of("host", c.escalationHl7().host(), "port", c.escalationHl7().port()));
            }
            if (!em.isEmpty()) {
                cm.put("escalation", em);
            }
            m.put("criticalValues", cm);
        }
        List<Map<String, Object>> devices = new ArrayList<>();
        for (Facility.Device d : f.devices()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("aeTitle", d.aeTitle());
            dm.put("kind", d.kind());
            dm.put("hosts", d.hosts());
            if (d.host() != null) {
                dm.put("host", d.host());
            }
            if (d.port() != 0) {
                dm.put("port", d.port());
            }
            dm.put("apiKeySet", d.apiKeySha256() != null);
            if (d.username() != null) {
                dm.put("username", d.username());
            }
            devices.add(dm);
        }
        m.put("devices", devices);
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
