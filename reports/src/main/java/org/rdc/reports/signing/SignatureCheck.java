package org.rdc.reports.signing;

import java.time.Instant;
import java.util.Optional;

/**
 * One signature of a PDF, checked.
 *
 * @param signerName      the signer certificate's subject common name
 * @param role            the role the signature dictionary names (its Reason), if it is one of ours
 * @param algorithm       the signature algorithm
 * @param signingTime     the claimed signing time (the signature dictionary's M, ETSI EN 319 142-1 §5.4)
 * @param timestampTime   genTime of the signature timestamp (RFC 3161), if it carries a valid one
 * @param valid           the CMS signature is cryptographically valid over its byte range and its
 *                        message digest matches
 * @param coversWholeFile the byte range ends at the end of the file
 * @param revisionDigest  SHA-256 (hex) of the revision this signature signed (bytes 0 to the end of
 *                        its byte range)
 * @param certificateTrusted the signer certificate chains to a trusted CA: the alliance's or an imported one
 * @param problem         why it is not valid, if it is not
 */
public record SignatureCheck(
        String signerName,
        Optional<SignerRole> role,
        SignatureAlgorithm algorithm,
        Instant signingTime,
        Optional<Instant> timestampTime,
        boolean valid,
        boolean coversWholeFile,
        String revisionDigest,
        boolean certificateTrusted,
        Optional<String> problem) {
}
