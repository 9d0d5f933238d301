package org.rdc.workstation.security;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.rdc.storage.Sha256;
import org.rdc.workstation.api.WorkstationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * API tokens for scripts and integrations (table {@code api_token}). HTTP Basic costs a bcrypt
 * comparison per request, by design tens of milliseconds of CPU; a token is 256 random bits, so its
 * SHA-256 is enough to store and one indexed lookup checks it. A token acts as its owner: the
 * owner's current roles, and nothing once the owner is disabled.
 */
public final class ApiTokens {

    /** Marks our tokens in an {@code Authorization: Bearer} header, so they are never mistaken for device keys. */
    public static final String PREFIX = "rdcu_";
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);
    public static final Duration MAX_LIFETIME = Duration.ofDays(3650);
    /** last_used_at is for people auditing tokens; minute precision spares a write per request. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    /** A token just created: {@code token} is its only appearance anywhere. */
    public record Issued(String token, ApiToken info) {
    }

    private final JdbcClient jdbc;
    private final UserStore users;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Instant> lastUseWritten = new ConcurrentHashMap<>();

    public ApiTokens(DataSource dataSource, UserStore users, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.users = users;
        this.clock = clock;
    }

    /** A new token for {@code owner}, made by {@code creator} (the owner, or an administrator). */
    public Issued create(String owner, String name, Duration lifetime, Caller creator) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw WorkstationException.invalid("a token needs a name of 1 to 100 characters (what it is for, e.g. 'HIS interface')");
        }
        Duration life = lifetime == null ? DEFAULT_LIFETIME : lifetime;
        if (life.isNegative() || life.isZero() || life.compareTo(MAX_LIFETIME) > 0) {
            throw WorkstationException.invalid("a token's lifetime must be between 1 day and " + MAX_LIFETIME.toDays() + " days");
        }
        UserAccount account = users.find(owner).filter(UserAccount::enabled)
                .orElseThrow(() -> WorkstationException.notFound("no enabled user '" + owner + "'"));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        OffsetDateTime now = now();
        jdbc.sql("""
                        INSERT INTO api_token (token_sha256, username, name, created_by, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(hash(token), account.username(), name.trim(), creator.username(), now, now.plus(life))
                .update();
        ApiToken info = jdbc.sql(SELECT + " WHERE token_sha256 = ?").param(hash(token)).query(ApiTokens::row).single();
        return new Issued(token, info);
    }

    /** The user's tokens, newest first, revoked and expired ones included. */
    public List<ApiToken> of(String username) {
        return jdbc.sql(SELECT + " WHERE username = ? ORDER BY id DESC").param(username).query(ApiTokens::row).list();
    }

    /** Revokes a token of the caller's, or any token for an administrator; 404 for others' tokens. */
    public ApiToken revoke(long id, Caller caller) {
        ApiToken t = jdbc.sql(SELECT + " WHERE id = ?").param(id).query(ApiTokens::row).optional()
                .filter(x -> caller.isAdmin() || x.username().equals(caller.username()))
                .orElseThrow(() -> WorkstationException.notFound("no token " + id));
        if (t.revokedAt() == null) {
            jdbc.sql("UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
                    .params(now(), caller.username(), id).update();
        }
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(ApiTokens::row).single();
    }

    /** The owner a presented token acts for: empty if it is unknown, revoked, expired, or its owner is disabled. */
    public Optional<UserAccount> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> token = jdbc.sql(SELECT + " WHERE token_sha256 = ?").param(hash(presented))
                .query(ApiTokens::row).optional().filter(t -> t.activeAt(now));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserAccount> owner = users.find(token.get().username()).filter(UserAccount::enabled);
        owner.ifPresent(o -> noteUse(token.get().id(), now));
        return owner;
    }

    private void noteUse(long id, Instant now) {
        Instant written = lastUseWritten.get(id);
        if (written != null && written.plus(LAST_USED_PRECISION).isAfter(now)) {
            return;
        }
        lastUseWritten.put(id, now);
        jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ?").params(now.atOffset(ZoneOffset.UTC), id).update();
    }

    static String hash(String token) {
        return Sha256.of(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static final String SELECT = """
            SELECT id, username, name, created_by, created_at, expires_at, last_used_at, revoked_at, revoked_by
            FROM api_token""";

    private static ApiToken row(ResultSet rs, int n) throws SQLException {
        return new ApiToken(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5), instant(rs, 6),
                instant(rs, 7), instant(rs, 8), rs.getString(9));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
