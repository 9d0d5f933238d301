package org.rdc.reports.signing;

/** A signature that cannot be made or a credential that cannot be issued, with the specific reason. */
public class SigningException extends RuntimeException {

    public enum Reason {
        /** The signer has no signing credential in the key store. */
        NO_CREDENTIAL,
        /** The signer's certificate is no longer valid (after its notAfter). */
        CERTIFICATE_EXPIRED,
        /** The signer's certificate is not valid yet (before its notBefore). */
        CERTIFICATE_NOT_YET_VALID,
        /** The signer's certificate is on the alliance CA's revocation list. */
        CERTIFICATE_REVOKED,
        /** The timestamp authority did not answer with a valid token (RFC 3161). */
        TIMESTAMP_FAILED,
        /** The input is not a PDF that can be signed. */
        BAD_DOCUMENT,
        /** The key store could not be read or written. */
        KEY_STORE
    }

    private final Reason reason;

    public SigningException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SigningException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
