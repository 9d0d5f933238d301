package org.rdc.reports.critical;

import java.util.ArrayList;
import java.util.List;
import org.rdc.gateway.registry.Facility;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.reports.critical.CriticalNotification.Channel;

/**
 * A facility's critical-value targets from the facility registry ({@code criticalValues}): HL7 to
 * {@code criticalValues.hl7}, else to the facility's {@code reportHl7}; the webhook where set; the
 * escalation's HL7, webhook and name and telephone.
 */
public final class RegistryCriticalTargets implements CriticalTargets {

    private final FacilityRegistry registry;

    public RegistryCriticalTargets(FacilityRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Targets of(String facilityId) {
        Facility f = registry.facility(facilityId).orElse(null);
        if (f == null) {
            return Targets.NONE;
        }
        Facility.CriticalContacts c = f.criticalValues();
        List<Target> announce = new ArrayList<>();
        Facility.HostPort hl7 = c != null && c.hl7() != null ? c.hl7() : f.reportHl7();
        if (hl7 != null) {
            announce.add(new Target(Channel.HL7, hl7.host() + ":" + hl7.port()));
        }
        if (c == null) {
            return new Targets(announce, List.of(), null);
        }
        if (c.webhook() != null) {
            announce.add(new Target(Channel.WEBHOOK, c.webhook()));
        }
        List<Target> escalate = new ArrayList<>();
        if (c.escalationHl7() != null) {
            escalate.add(new Target(Channel.HL7, c.escalationHl7().host() + ":" + c.escalationHl7().port()));
        }
        if (c.escalationWebhook() != null) {
            escalate.add(new Target(Channel.WEBHOOK, c.escalationWebhook()));
        }
        CriticalNotification.Contact contact = c.escalationName() == null && c.escalationPhone() == null ? null
                : new CriticalNotification.Contact(c.escalationName(), c.escalationPhone());
        return new Targets(announce, escalate, contact);
    }

    @Override
    public String webhookSecret(String facilityId) {
        return registry.facility(facilityId).map(Facility::criticalValues).map(Facility.CriticalContacts::webhookSecret).orElse(null);
    }
}
