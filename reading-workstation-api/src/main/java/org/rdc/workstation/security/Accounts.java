package org.rdc.workstation.security;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.worklist.ServiceLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Creating and changing users, with the rules a user record must follow. Passwords are stored hashed only. */
public final class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    public static final int MIN_PASSWORD_LENGTH = 8;
    /** bcrypt uses only the first 72 bytes; longer passwords are refused rather than silently truncated. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private final UserStore users;
    private final PasswordEncoder encoder;

    public Accounts(UserStore users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
    }

    public UserStore store() {
        return users;
    }

    /** What an administrator sends to create or change a user. Null fields of an update keep their value. */
    public record UserRequest(String username, String password, String displayName, Set<Role> roles,
                              Set<ServiceLine> serviceLines, String facilityId, Boolean requiresCountersign, Boolean enabled) {
    }

    public UserAccount create(UserRequest r) {
        if (r.username() == null || !USERNAME.matcher(r.username()).matches()) {
            throw WorkstationException.invalid("username must be 1-64 letters, digits or . _ @ -: '" + r.username() + "'");
        }
        checkPassword(r.password());
        UserAccount a = validated(new UserAccount(r.username(), blankToNull(r.displayName()), nonNull(r.roles(), Role.class),
                nonNull(r.serviceLines(), ServiceLine.class), blankToNull(r.facilityId()),
                Boolean.TRUE.equals(r.requiresCountersign()), r.enabled() == null || r.enabled(), null, null));
        if (!users.insert(a, encoder.encode(r.password()))) {
            throw WorkstationException.conflict("user '" + r.username() + "' already exists");
        }
        log.info("user {} created with roles {}", a.username(), a.roles());
        return users.find(a.username()).orElseThrow();
    }

    public UserAccount update(String username, UserRequest r, Caller actor) {
        UserAccount cur = users.find(username).orElseThrow(() -> WorkstationException.notFound("no user '" + username + "'"));
        UserAccount a = validated(new UserAccount(username,
                r.displayName() != null ? blankToNull(r.displayName()) : cur.displayName(),
                r.roles() != null ? nonNull(r.roles(), Role.class) : cur.roles(),
                r.serviceLines() != null ? nonNull(r.serviceLines(), ServiceLine.class) : cur.serviceLines(),
                r.facilityId() != null ? blankToNull(r.facilityId()) : cur.facilityId(),
                r.requiresCountersign() != null ? r.requiresCountersign() : cur.requiresCountersign(),
                r.enabled() != null ? r.enabled() : cur.enabled(), cur.createdAt(), cur.updatedAt()));
        if (username.equals(actor.username()) && (!a.enabled() || !a.roles().contains(Role.ADMIN)) && cur.roles().contains(Role.ADMIN)) {
            throw WorkstationException.conflict("an administrator cannot disable or demote themself; ask another administrator");
        }
        users.update(a);
        if (r.password() != null) {
            checkPassword(r.password());
            users.updatePassword(username, encoder.encode(r.password()));
        }
        log.info("user {} changed by {}: roles {}, enabled {}{}", username, actor.username(), a.roles(), a.enabled(),
                r.password() != null ? ", password changed" : "");
        return users.find(username).orElseThrow();
    }

    public List<UserAccount> list() {
        return users.list();
    }

    /**
     * The first administrator: created from RDC_ADMIN_USER / RDC_ADMIN_PASSWORD only while no user
     * exists at all. Never logs the password.
     *
     * @return true if the administrator was created now
     */
    public boolean bootstrapAdmin(String username, String password) {
        if (users.count() > 0) {
            return false;
        }
        if (blankToNull(username) == null || password == null || password.isEmpty()) {
            log.warn("No user exists yet, so nobody can sign in to the API. Set RDC_ADMIN_USER and RDC_ADMIN_PASSWORD "
                    + "(at least {} characters) and restart: the first administrator is created from them; "
                    + "then create the other users with POST /api/admin/users.", MIN_PASSWORD_LENGTH);
            return false;
        }
        try {
            create(new UserRequest(username.trim(), password, "Administrator", Set.of(Role.ADMIN), Set.of(), null, false, true));
        } catch (WorkstationException e) {
            if (e.kind() == WorkstationException.Kind.CONFLICT) {
                return false; // another node created it first
            }
            throw new IllegalStateException("RDC_ADMIN_USER / RDC_ADMIN_PASSWORD: " + e.getMessage(), e);
        }
        log.info("first administrator '{}' created from RDC_ADMIN_USER", username.trim());
        return true;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw WorkstationException.invalid("password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw WorkstationException.invalid("password must not be longer than " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
    }

    private static UserAccount validated(UserAccount a) {
        if (a.roles().isEmpty()) {
            throw WorkstationException.invalid("a user needs at least one role of " + EnumSet.allOf(Role.class));
        }
        boolean staff = a.roles().contains(Role.READER) || a.roles().contains(Role.SENIOR_READER) || a.roles().contains(Role.CONSULTANT);
        if (staff && a.serviceLines().isEmpty()) {
            throw WorkstationException.invalid("readers, senior readers and consultants need at least one service line of "
                    + EnumSet.allOf(ServiceLine.class));
        }
        if (a.roles().contains(Role.FACILITY_USER)) {
            if (a.facilityId() == null) {
                throw WorkstationException.invalid("a FACILITY_USER needs a facilityId");
            }
            if (a.roles().size() > 1) {
                throw WorkstationException.invalid("FACILITY_USER cannot be combined with other roles: "
                        + "a facility account sees only its facility");
            }
        } else if (a.facilityId() != null) {
            throw WorkstationException.invalid("only a FACILITY_USER is bound to a facility");
        }
        return a;
    }

    private static <E extends Enum<E>> Set<E> nonNull(Set<E> s, Class<E> type) {
        return s == null ? EnumSet.noneOf(type) : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
