package org.rdc.reports.delivery;

import java.util.ArrayList;
import java.util.List;
import org.rdc.gateway.registry.Facility;
import org.rdc.gateway.registry.FacilityRegistry;

/**
 * A facility's report destinations from the facility registry: its {@code reportDestination} AE
 * (DICOM), {@code reportHl7} (HL7 v2 over MLLP) and {@code reportFhir} (FHIR push), each where set.
 */
public final class RegistryDestinations implements DeliveryDestinations {

    private final FacilityRegistry registry;

    public RegistryDestinations(FacilityRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<Destination> of(String facilityId) {
        Facility f = registry.facility(facilityId).orElse(null);
        if (f == null) {
            return List.of();
        }
        List<Destination> out = new ArrayList<>();
        Facility.Destination ae = f.reportDestination();
        if (ae != null && ae.host() != null && ae.port() > 0) {
            out.add(Destination.dicom(ae.aeTitle(), ae.host(), ae.port()));
        }
        if (f.reportHl7() != null) {
            out.add(Destination.hl7(f.reportHl7().host(), f.reportHl7().port()));
        }
        if (f.reportFhir() != null) {
            out.add(Destination.fhir(f.reportFhir()));
        }
        return List.copyOf(out);
    }
}
