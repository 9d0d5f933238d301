package org.rdc.workstation.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.rdc.workstation.worklist.ServiceLine;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code app_user} table. Password hashes go in and are compared by Spring Security; they never come out through the API. */
public final class UserStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    public UserStore(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    public record Credentials(UserAccount account, String passwordHash) {
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM app_user").query(Long.class).single();
    }

    public Optional<UserAccount> find(String username) {
        return credentials(username).map(Credentials::account);
    }

    public Optional<Credentials> credentials(String username) {
        return jdbc.sql(SELECT + " WHERE username = ?").param(username)
                .query((rs, n) -> new Credentials(account(rs), rs.getString("password_hash"))).optional();
    }

    public List<UserAccount> list() {
        return jdbc.sql(SELECT + " ORDER BY username").query((rs, n) -> account(rs)).list();
    }

    /** @return false if the user name is taken */
    public boolean insert(UserAccount a, String passwordHash) {
        OffsetDateTime now = now();
        try {
            jdbc.sql("""
                            INSERT INTO app_user (username, password_hash, display_name, roles, service_lines, facility_id,
                                requires_countersign, enabled, created_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(a.username(), passwordHash, a.displayName(), join(a.roles()), join(a.serviceLines()),
                            a.facilityId(), a.requiresCountersign(), a.enabled(), now, now)
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public boolean update(UserAccount a) {
        return jdbc.sql("""
                        UPDATE app_user SET display_name = ?, roles = ?, service_lines = ?, facility_id = ?,
                            requires_countersign = ?, enabled = ?, updated_at = ? WHERE username = ?""")
                .params(a.displayName(), join(a.roles()), join(a.serviceLines()), a.facilityId(), a.requiresCountersign(),
                        a.enabled(), now(), a.username())
                .update() > 0;
    }

    public boolean updatePassword(String username, String passwordHash) {
        return jdbc.sql("UPDATE app_user SET password_hash = ?, updated_at = ? WHERE username = ?")
                .params(passwordHash, now(), username).update() > 0;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static final String SELECT = """
            SELECT username, password_hash, display_name, roles, service_lines, facility_id, requires_countersign, enabled,
                created_at, updated_at FROM app_user""";

    private static UserAccount account(ResultSet rs) throws SQLException {
        return new UserAccount(rs.getString("username"), rs.getString("display_name"),
                parse(rs.getString("roles"), Role.class), parse(rs.getString("service_lines"), ServiceLine.class),
                rs.getString("facility_id"), rs.getBoolean("requires_countersign"), rs.getBoolean("enabled"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static <E extends Enum<E>> Set<E> parse(String csv, Class<E> type) {
        EnumSet<E> out = EnumSet.noneOf(type);
        if (csv != null) {
            Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(s -> out.add(Enum.valueOf(type, s)));
        }
        return out;
    }

    private static String join(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }
}
