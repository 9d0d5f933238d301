package org.rdc.workstation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.worklist.ServiceLine;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class AccountsTest {

    private static final String SECRET = "Tr0ub4dor&3-绝密";

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private UserStore users;
    private Accounts accounts;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void setUp() {
        DataSource ds = TestDatabases.h2InMemory();
        Catalog.migrate(ds);
        users = new UserStore(ds, Clock.systemUTC());
        accounts = new Accounts(users, encoder);
        logs.start();
        ((Logger) LoggerFactory.getLogger(Accounts.class)).addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(Accounts.class)).detachAppender(logs);
    }

    private String allLogs() {
        StringBuilder b = new StringBuilder();
        logs.list.forEach(e -> b.append(e.getFormattedMessage()).append('\n'));
        return b.toString();
    }

    @Test
    void firstAdministratorComesFromTheEnvironmentOnlyWhileNoUserExists() {
        assertThat(accounts.bootstrapAdmin("root", SECRET)).isTrue();
        UserStore.Credentials c = users.credentials("root").orElseThrow();
        assertThat(c.account().roles()).containsExactly(Role.ADMIN);
        assertThat(c.passwordHash()).startsWith("{bcrypt}$2").doesNotContain(SECRET);
        assertThat(encoder.matches(SECRET, c.passwordHash())).isTrue();
        assertThat(encoder.matches("wrong", c.passwordHash())).isFalse();

        // users exist: the variables are ignored, even with another name
        assertThat(accounts.bootstrapAdmin("root2", SECRET)).isFalse();
        assertThat(users.find("root2")).isEmpty();
        assertThat(allLogs()).contains("first administrator 'root'").doesNotContain(SECRET);
    }

    @Test
    void withoutVariablesTheLogSaysHowToCreateOne() {
        assertThat(accounts.bootstrapAdmin(null, null)).isFalse();
        assertThat(users.count()).isZero();
        assertThat(allLogs()).contains("RDC_ADMIN_USER").contains("RDC_ADMIN_PASSWORD");
    }

    @Test
    void aTooShortAdminPasswordStopsTheStartWithAClearMessage() {
        assertThatThrownBy(() -> accounts.bootstrapAdmin("root", "short")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RDC_ADMIN_PASSWORD").hasMessageContaining("at least 8").hasMessageNotContaining("short'");
        assertThat(users.count()).isZero();
    }

    @Test
    void userRulesAreEnforced() {
        assertThat(kind(() -> accounts.create(new Accounts.UserRequest("a b", SECRET, null, Set.of(Role.READER),
                Set.of(ServiceLine.ECG), null, null, null)))).isEqualTo(WorkstationException.Kind.INVALID);
        assertThat(kind(() -> accounts.create(new Accounts.UserRequest("r", SECRET, null, Set.of(Role.READER), Set.of(), null, null,
                null)))).isEqualTo(WorkstationException.Kind.INVALID);
        assertThat(kind(() -> accounts.create(new Accounts.UserRequest("f", SECRET, null, Set.of(Role.FACILITY_USER, Role.READER),
                Set.of(ServiceLine.ECG), "demo", null, null)))).isEqualTo(WorkstationException.Kind.INVALID);
        assertThat(kind(() -> accounts.create(new Accounts.UserRequest("g", "x".repeat(73), null, Set.of(Role.ADMIN), Set.of(), null,
                null, null)))).isEqualTo(WorkstationException.Kind.INVALID);
        UserAccount ok = accounts.create(new Accounts.UserRequest("clerk", SECRET, "乡镇卫生院", Set.of(Role.FACILITY_USER), Set.of(),
                "th01", null, null));
        assertThat(ok.caller().facilityScoped()).isTrue();
        assertThat(kind(() -> accounts.create(new Accounts.UserRequest("clerk", SECRET, null, Set.of(Role.ADMIN), Set.of(), null,
                null, null)))).isEqualTo(WorkstationException.Kind.CONFLICT);
        Caller admin = new Caller("root", Set.of(Role.ADMIN), Set.of(), null, false);
        accounts.create(new Accounts.UserRequest("root", SECRET, null, Set.of(Role.ADMIN), Set.of(), null, null, null));
        assertThat(kind(() -> accounts.update("root", new Accounts.UserRequest(null, null, null, null, null, null, null, false), admin)))
                .isEqualTo(WorkstationException.Kind.CONFLICT);
        UserAccount changed = accounts.update("clerk", new Accounts.UserRequest(null, "another-secret", null, null, null, null, null,
                false), admin);
        assertThat(changed.enabled()).isFalse();
        assertThat(encoder.matches("another-secret", users.credentials("clerk").orElseThrow().passwordHash())).isTrue();
        assertThat(allLogs()).contains("password changed").doesNotContain("another-secret").doesNotContain(SECRET);
    }

    private static WorkstationException.Kind kind(Runnable r) {
        try {
            r.run();
        } catch (WorkstationException e) {
            return e.kind();
        }
        throw new AssertionError("expected a refusal");
    }
}
