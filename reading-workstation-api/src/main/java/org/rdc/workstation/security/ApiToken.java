package org.rdc.workstation.security;

import java.time.Instant;

/** An API token as its owner and administrators see it: never the token itself, which is shown once. */
public record ApiToken(long id, String username, String name, String createdBy, Instant createdAt, Instant expiresAt,
                       Instant lastUsedAt, Instant revokedAt, String revokedBy) {

    public boolean activeAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
