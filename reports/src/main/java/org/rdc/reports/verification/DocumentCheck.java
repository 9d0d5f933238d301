package org.rdc.reports.verification;

import java.util.Optional;
import org.rdc.reports.signing.Verification;

/**
 * What an uploaded PDF is: one of ours or not, unchanged or not, which version, current or not.
 *
 * @param issued the issued version it is (or, when changed or stripped, the one it claims to be)
 */
public record DocumentCheck(Outcome outcome, Verification verification, Optional<IssuedDocument> issued) {

    public enum Outcome {
        /** Byte-identical to an issued document no later one replaced, every signature valid. */
        CURRENT,
        /** Byte-identical to an issued document a later one replaced (a newer version, or the same version's final document). */
        OLDER_VERSION,
        /** One of ours, but changed after signing (a signed byte changed or content appended). */
        CHANGED,
        /** One of ours, but with fewer signatures than were issued (one was removed). */
        SIGNATURE_REMOVED,
        /** No issued version matches it. */
        NOT_OURS,
        /** Not a readable PDF. */
        NOT_A_PDF
    }
}
