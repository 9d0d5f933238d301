package org.rdc.workstation.security;

import java.time.Instant;
import java.util.Set;
import org.rdc.workstation.worklist.ServiceLine;

/** A user as the admin API shows it: never with the password hash. */
public record UserAccount(String username, String displayName, Set<Role> roles, Set<ServiceLine> serviceLines,
                          String facilityId, boolean requiresCountersign, boolean enabled, Instant createdAt,
                          Instant updatedAt) {

    public Caller caller() {
        return new Caller(username, roles, serviceLines, facilityId, requiresCountersign);
    }
}
