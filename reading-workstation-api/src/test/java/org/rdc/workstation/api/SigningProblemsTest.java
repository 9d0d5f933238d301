package org.rdc.workstation.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rdc.reports.signing.SigningException;
import org.springframework.http.ProblemDetail;

/** Each signing refusal is its own RFC 9457 problem; key-store details stay in the log. */
class SigningProblemsTest {

    @ParameterizedTest
    @CsvSource({
            "NO_CREDENTIAL, 409, no-signing-credential",
            "CERTIFICATE_EXPIRED, 409, certificate-expired",
            "CERTIFICATE_NOT_YET_VALID, 409, certificate-not-yet-valid",
            "CERTIFICATE_REVOKED, 409, certificate-revoked",
            "TIMESTAMP_FAILED, 503, timestamp-unavailable",
            "BAD_DOCUMENT, 500, signing-bad-document",
            "KEY_STORE, 500, key-store"})
    void eachReasonHasItsStatusAndCode(SigningException.Reason reason, int status, String code) {
        ProblemDetail p = new ApiErrors().signing(new SigningException(reason, "li.reader's certificate 1a2b: /data/signing/li.p12"));
        assertThat(p.getStatus()).isEqualTo(status);
        assertThat(p.getProperties()).containsEntry("code", code);
        assertThat(p.getType().toString()).isEqualTo("urn:rdc:problem:signing:" + code);
        assertThat(p.getDetail()).startsWith("nothing was signed");
        if (status == 500) {
            assertThat(p.getDetail()).as("no key-store paths in answers").doesNotContain("/data/signing");
        } else {
            assertThat(p.getDetail()).contains("li.reader");
        }
    }
}
