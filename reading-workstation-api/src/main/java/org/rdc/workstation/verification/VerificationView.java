package org.rdc.workstation.verification;

import java.time.Instant;
import java.util.List;
import org.rdc.reports.signing.SignatureCheck;
import org.rdc.reports.signing.Verification;
import org.rdc.reports.verification.DocumentCheck;
import org.rdc.reports.verification.IssuedDocument;

/** The JSON answers of verification. */
public final class VerificationView {

    private VerificationView() {
    }

    /** What an upload check says, most telling first. */
    public enum Outcome {
        /** Byte-identical to an issued document that no later one replaced; every signature valid. */
        VALID_CURRENT,
        /** Byte-identical to an issued document, every signature valid, but a later document replaced it. */
        VALID_SUPERSEDED,
        /** One of the caller's reports, changed after signing (a signed byte, or content appended). */
        MODIFIED,
        /** One of the caller's reports with fewer signatures than were issued (removed, or the file re-saved without them). */
        SIGNATURE_MISSING,
        /** No issued document the caller may see matches it (another facility's report answers so too). */
        NOT_OURS,
        /** The stored document behind a printed code no longer verifies (public page only). */
        INVALID
    }

    /**
     * One signature as the PDF carries it.
     *
     * @param role        AUTHOR or VERIFIER, null when the signature is not one of ours
     * @param roleZh      报告医师 or 审核医师
     * @param standard    PADES (ETSI.CAdES.detached, RSA/ECDSA) or SM2 (SM2 with SM3)
     * @param signedAt    the signing time the signature claims
     * @param timestampAt the RFC 3161 timestamp's genTime, null without a valid timestamp
     * @param valid       cryptographically valid over its byte range
     * @param coversWholeFile the signed range ends at the end of the file
     * @param certificateTrusted the signer's certificate chains to the alliance CA or an imported one
     * @param problem     why it is not valid, if it is not
     */
    public record Signature(String role, String roleZh, String signer, String standard, String algorithm, Instant signedAt,
                            Instant timestampAt, boolean valid, boolean coversWholeFile, boolean certificateTrusted, String problem) {

        static Signature of(SignatureCheck s) {
            return new Signature(s.role().map(Enum::name).orElse(null), s.role().map(r -> r.chineseName()).orElse(null), s.signerName(),
                    s.algorithm() == null ? null : s.algorithm().isSm2() ? "SM2" : "PADES",
                    s.algorithm() == null ? null : s.algorithm().name(), s.signingTime(), s.timestampTime().orElse(null), s.valid(),
                    s.coversWholeFile(), s.certificateTrusted(), s.problem().orElse(null));
        }

        static List<Signature> of(Verification v) {
            return v.signatures().stream().map(Signature::of).toList();
        }
    }

    /**
     * {@code GET /verify/{code}}: only what the paper shows.
     *
     * @param valid       every signature valid and trusted, and nothing after the last one
     * @param current     no later document replaced this one
     * @param preliminary it is a STAT preliminary release (初步报告)
     * @param documentSha256 SHA-256 of the signed PDF file
     */
    public record Public(String code, Outcome outcome, boolean valid, int version, boolean current, boolean preliminary,
                         String documentSha256, List<Signature> signatures) {

        static Public of(String code, DocumentCheck check) {
            IssuedDocument d = check.issued().orElseThrow();
            boolean valid = VerificationView.valid(check.verification());
            return new Public(code, !valid ? Outcome.INVALID : d.current() ? Outcome.VALID_CURRENT : Outcome.VALID_SUPERSEDED, valid,
                    d.version(), d.current(), d.role() == org.rdc.reports.model.SignatureRole.PRELIMINARY,
                    check.verification().documentDigest(), Signature.of(check.verification()));
        }
    }

    /**
     * The issued document an upload is (or, when modified or stripped, claims to be).
     *
     * @param currentVersion the report's current (newest FINAL) version, 0 while none is FINAL
     * @param role           PRELIMINARY, AUTHOR (author-signed only) or VERIFIER (countersigned)
     */
    public record Issued(long reportId, int version, int currentVersion, boolean current, String role, String code) {

        static Issued of(IssuedDocument d) {
            return new Issued(Long.parseLong(d.reportId()), d.version(), d.currentVersion(), d.current(), d.role().name(), d.code());
        }
    }

    /**
     * {@code POST /api/reports/verify}.
     *
     * @param intact every signature cryptographically valid and the last covering the whole file
     * @param report the issued document, null for NOT_OURS
     */
    public record Upload(Outcome outcome, boolean intact, String documentSha256, Issued report, List<Signature> signatures) {
    }

    static boolean valid(Verification v) {
        return v.intact() && v.signatures().stream().allMatch(SignatureCheck::certificateTrusted);
    }
}
