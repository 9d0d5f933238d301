package org.rdc.workstation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdc.storage.MutableClock;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.worklist.ServiceLine;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

class ApiTokensTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private UserStore users;
    private ApiTokens tokens;
    private Caller owner;

    @BeforeEach
    void setUp() {
        DataSource ds = TestDatabases.h2InMemory();
        Catalog.migrate(ds);
        users = new UserStore(ds, clock);
        new Accounts(users, PasswordEncoderFactories.createDelegatingPasswordEncoder())
                .create(new Accounts.UserRequest("his", "his-password", "HIS", Set.of(Role.READER), Set.of(ServiceLine.ECG),
                        null, null, null));
        tokens = new ApiTokens(ds, users, clock);
        owner = users.find("his").orElseThrow().caller();
    }

    @Test
    void aTokenWorksUntilItExpires() {
        String token = tokens.create("his", "HIS", Duration.ofDays(2), owner).token();
        assertThat(tokens.authenticate(token)).map(UserAccount::username).contains("his");
        clock.advance(Duration.ofDays(2).minusSeconds(1));
        assertThat(tokens.authenticate(token)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.authenticate(token)).isEmpty();
    }

    @Test
    void twoTokensAreNeverAlikeAndOnlyTheExactTokenWorks() {
        String a = tokens.create("his", "a", null, owner).token();
        String b = tokens.create("his", "b", null, owner).token();
        assertThat(a).isNotEqualTo(b);
        assertThat(tokens.authenticate(a.substring(0, a.length() - 1))).isEmpty();
        assertThat(tokens.authenticate(a + "x")).isEmpty();
        assertThat(tokens.authenticate(a.substring(ApiTokens.PREFIX.length()))).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.of("his")).hasSize(2).allSatisfy(t -> assertThat(t.expiresAt())
                .isEqualTo(clock.instant().plus(ApiTokens.DEFAULT_LIFETIME)));
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> tokens.create("nobody", "x", null, owner)).isInstanceOf(WorkstationException.class)
                .hasMessageContaining("no enabled user 'nobody'");
        assertThatThrownBy(() -> tokens.create("his", "x", Duration.ZERO, owner)).hasMessageContaining("lifetime");
        assertThatThrownBy(() -> tokens.create("his", "", null, owner)).hasMessageContaining("name");
    }
}
