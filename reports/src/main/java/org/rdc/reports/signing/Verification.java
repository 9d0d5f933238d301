package org.rdc.reports.signing;

import java.util.List;

/**
 * What a PDF's signatures say.
 *
 * @param documentDigest  SHA-256 of the whole file, lower-case hex (what the paper prints)
 * @param signatures      in signing order
 * @param intact          every signature is valid and the last one covers the whole file, so nothing
 *                        was changed or appended after signing
 * @param readable        false when the bytes are not a PDF at all
 */
public record Verification(
        String documentDigest,
        List<SignatureCheck> signatures,
        boolean intact,
        boolean readable) {

    public Verification {
        signatures = List.copyOf(signatures);
    }

    public boolean signed() {
        return !signatures.isEmpty();
    }
}
