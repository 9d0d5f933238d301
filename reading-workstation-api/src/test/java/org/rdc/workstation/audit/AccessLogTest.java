package org.rdc.workstation.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rdc.storage.MutableClock;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.catalog.Catalog;
import org.rdc.test.Requires;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The access log on H2 and PostgreSQL: what is recorded can be found, and closing loses nothing still queued. */
class AccessLogTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));

    private static AccessRecord read(Instant at, String user, String study, int status) {
        return new AccessRecord(0, at, user, "token", "127.0.0.1", "GET", AccessRecord.Action.WADO_RS,
                "/dicomweb/studies/" + study, null, study, null, null, status);
    }

    @Test
    void recordsAreFoundByStudyUserAndTimeNewestFirst() {
        check(TestDatabases.h2InMemory());
    }

    @Test
    void recordsAreFoundByStudyUserAndTimeNewestFirstOnPostgres() {
        check(TestDatabases.freshPostgres(Requires.postgres()));
    }

    private void check(DataSource ds) {
        Catalog.migrate(ds);
        Instant t0 = clock.instant();
        try (AccessLog log = new AccessLog(ds, clock)) {
            log.record(read(t0, "li", "1.2.3", 200));
            log.record(read(t0.plusSeconds(60), "wang", "1.2.3", 404));
            log.record(read(t0.plusSeconds(120), "li", "1.2.4", 200));
            List<AccessRecord> study = log.find("1.2.3", null, null, null, 100);
            assertThat(study).extracting(AccessRecord::username).containsExactly("wang", "li");
            assertThat(study.get(0).status()).isEqualTo(404);
            assertThat(study.get(0).at()).isEqualTo(t0.plusSeconds(60));
            assertThat(log.find(null, "li", null, null, 100)).extracting(AccessRecord::studyUid).containsExactly("1.2.4", "1.2.3");
            assertThat(log.find(null, null, t0.plusSeconds(60), t0.plusSeconds(120), 100)).extracting(AccessRecord::username)
                    .containsExactly("wang");
            assertThat(log.find(null, null, null, null, 1)).hasSize(1);
        }
    }

    @Test
    void closingWritesEverythingStillQueued() {
        DataSource ds = TestDatabases.h2InMemory();
        Catalog.migrate(ds);
        AccessLog log = new AccessLog(ds, clock);
        int n = 3_000;
        for (int i = 0; i < n; i++) {
            log.record(read(clock.instant(), "li", "1.2." + i, 200));
        }
        log.close();
        assertThat(JdbcClient.create(ds).sql("SELECT COUNT(*) FROM access_log").query(Long.class).single()).isEqualTo(n);
        // a request finishing during shutdown, after the writer stopped, is still written
        log.record(read(clock.instant(), "late", "1.2.9", 200));
        assertThat(JdbcClient.create(ds).sql("SELECT COUNT(*) FROM access_log WHERE username = 'late'").query(Long.class).single())
                .isEqualTo(1);
        log.flush(Duration.ofSeconds(1));
    }
}
