package org.rdc.reports.delivery;

import java.util.List;

/** The destinations a facility has configured for its reports (none: the report is only readable at /fhir). */
@FunctionalInterface
public interface DeliveryDestinations {

    List<Destination> of(String facilityId);
}
