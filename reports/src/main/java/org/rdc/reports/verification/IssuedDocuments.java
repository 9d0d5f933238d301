package org.rdc.reports.verification;

import java.util.Optional;

/**
 * The lookup port verification needs from the report store (implemented there): which signed report
 * version a code or a file digest belongs to.
 */
public interface IssuedDocuments {

    /** The issued version a verification code (printed and in the QR code) names. */
    Optional<IssuedDocument> byCode(String code);

    /** The issued version whose signed PDF has this SHA-256 (lower-case hex). */
    Optional<IssuedDocument> byDigest(String sha256);

    /** The signed PDF of an issued version, as stored. */
    byte[] signedPdf(IssuedDocument document);
}
