package org.rdc.reports.signing;

/**
 * A timestamp authority (RFC 3161): the embedded one by default, an external one over HTTP
 * (RFC 3161 §3.4) when RDC_TSA_URL is set.
 */
public interface TimeStamper {

    /**
     * The DER-encoded TimeStampToken (RFC 3161 §2.4.2) over {@code data}: the message imprint is its
     * SHA-256. Throws {@link SigningException} with TIMESTAMP_FAILED.
     */
    byte[] timestamp(byte[] data);
}
