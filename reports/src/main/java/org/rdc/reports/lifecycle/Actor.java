package org.rdc.reports.lifecycle;

/**
 * Who acts on a report, as the reports library needs to know it: the user name that is recorded,
 * the name printed on the report, and whether every report they sign needs a senior reader's
 * countersignature (the user's {@code requiresCountersign}). Roles are checked by the API layer.
 */
public record Actor(String username, String displayName, boolean requiresCountersign) {

    public String printedName() {
        return displayName == null || displayName.isBlank() ? username : displayName;
    }
}
