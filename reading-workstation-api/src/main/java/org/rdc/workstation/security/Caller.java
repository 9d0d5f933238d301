package org.rdc.workstation.security;

import java.util.Set;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.worklist.Queue;
import org.rdc.workstation.worklist.ServiceLine;

/** The authenticated user a request acts for, as the services check it. */
public record Caller(String username, Set<Role> roles, Set<ServiceLine> serviceLines, String facilityId,
                     boolean requiresCountersign) {

    public Caller {
        roles = Set.copyOf(roles);
        serviceLines = Set.copyOf(serviceLines);
    }

    public static Caller system() {
        return new Caller("system", Set.of(Role.ADMIN), Set.of(), null, false);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    /** Bound to one facility and nothing else: sees that facility's studies and tasks only. */
    public boolean facilityScoped() {
        return has(Role.FACILITY_USER) && !has(Role.ADMIN) && !isStaff();
    }

    /**
     * Whose patients and studies the catalog shows this user: a facility user its own facility's,
     * staff and administrators the whole alliance's. Anyone else is refused (FORBIDDEN).
     */
    public CatalogScope catalogScope() {
        if (facilityScoped()) {
            return CatalogScope.facility(facilityId);
        }
        if (isStaff() || isAdmin()) {
            return CatalogScope.alliance();
        }
        throw WorkstationException.forbidden(username + " has no role that sees studies");
    }

    /** Reads images or ECGs in some service line. */
    public boolean isStaff() {
        return has(Role.READER) || has(Role.SENIOR_READER) || has(Role.CONSULTANT);
    }

    /** Sees every task and study: administrators. */
    public boolean seesEverything() {
        return isAdmin();
    }

    /** May work in this queue of this service line. */
    public boolean qualifiedFor(Queue queue, ServiceLine line) {
        if (!serviceLines.contains(line)) {
            return false;
        }
        return switch (queue) {
            case READING -> has(Role.READER) || has(Role.SENIOR_READER);
            case COUNTERSIGN -> has(Role.SENIOR_READER);
            case CONSULTATION -> has(Role.CONSULTANT);
        };
    }

    /** The queue this user's {@code next} serves when none is named. */
    public Queue defaultQueue() {
        return has(Role.READER) || has(Role.SENIOR_READER) ? Queue.READING : Queue.CONSULTATION;
    }
}
