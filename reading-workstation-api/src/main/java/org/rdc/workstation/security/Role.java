package org.rdc.workstation.security;

/**
 * What a user may do. READER, SENIOR_READER and CONSULTANT act within the service lines given to
 * the user; FACILITY_USER is bound to one facility and sees only its data; ADMIN manages users and
 * the worklist but reads nothing.
 */
public enum Role {
    READER, SENIOR_READER, CONSULTANT, FACILITY_USER, ADMIN
}
