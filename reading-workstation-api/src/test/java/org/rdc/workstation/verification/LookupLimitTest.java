package org.rdc.workstation.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rdc.storage.MutableClock;

class LookupLimitTest {

    @Test
    void eachAddressHasItsOwnAllowancePerMinute() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
        LookupLimit limit = new LookupLimit(3, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limit.allow("10.0.0.1")).isTrue();
        }
        assertThat(limit.allow("10.0.0.1")).isFalse();
        assertThat(limit.allow("10.0.0.2")).as("another address").isTrue();
        clock.advance(Duration.ofSeconds(61));
        assertThat(limit.allow("10.0.0.1")).as("the next minute").isTrue();
    }

    @Test
    void browsersGetHtmlAndEverythingElseJson() {
        assertThat(VerificationController.wantsHtml("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isTrue();
        assertThat(VerificationController.wantsHtml("text/html")).isTrue();
        assertThat(VerificationController.wantsHtml("application/json, text/html;q=0.5")).isFalse();
        assertThat(VerificationController.wantsHtml("*/*")).isFalse();
        assertThat(VerificationController.wantsHtml(null)).isFalse();
        assertThat(VerificationController.wantsHtml("text/html;q=0, application/json")).isFalse();
        assertThat(VerificationController.wantsHtml("not a media type")).isFalse();
    }
}
