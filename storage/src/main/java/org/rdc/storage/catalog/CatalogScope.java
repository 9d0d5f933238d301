package org.rdc.storage.catalog;

import java.util.Objects;

/**
 * Whose data a catalog query may return. Every catalog read that lists or looks up patients,
 * studies or instances for a user takes one, so facility scoping is applied in one place (the
 * catalog), never in the callers: a facility user's scope is that facility, reading staff and
 * administrators see the whole alliance.
 */
public record CatalogScope(String facilityId) {

    private static final CatalogScope ALLIANCE = new CatalogScope(null);

    /** The whole alliance: county readers, administrators, the centre's own background work. */
    public static CatalogScope alliance() {
        return ALLIANCE;
    }

    /** One facility's data only. */
    public static CatalogScope facility(String facilityId) {
        return new CatalogScope(Objects.requireNonNull(facilityId, "facilityId"));
    }

    public boolean isAlliance() {
        return facilityId == null;
    }

    /** Whether a row of this facility is visible in this scope. */
    public boolean admits(String rowFacilityId) {
        return facilityId == null || facilityId.equals(rowFacilityId);
    }
}
