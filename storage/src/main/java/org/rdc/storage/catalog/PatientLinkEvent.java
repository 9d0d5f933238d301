package org.rdc.storage.catalog;

import java.time.Instant;

/** One entry of the administrators' link log: two patients linked ({@code LINK}) or unlinked ({@code UNLINK}). */
public record PatientLinkEvent(long id, PatientRef first, PatientRef second, String action, String actor, String reason,
                               Instant at) {

    public static final String LINK = "LINK";
    public static final String UNLINK = "UNLINK";
}
