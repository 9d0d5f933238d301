package org.rdc.reports.signing;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The one signing interface: a key that can sign, and its certificate chain. The key never leaves the
 * implementation, so a PKCS#12 key store, a PKCS#11 token or a CA's cloud signing service can each be
 * one. {@link #sign} receives the DER encoding of the CMS signed attributes (RFC 5652 §5.4) and returns
 * the raw signature value for {@link #algorithm()}.
 */
public interface SigningCredential {

    /** The signer's certificate first, then its issuers up to (and including, if known) the root. */
    List<X509Certificate> chain();

    SignatureAlgorithm algorithm();

    /**
     * Signs {@code toBeSigned} with {@link #algorithm()}; for SM2 with the GM/T 0009 default user ID.
     * Throws {@link SigningException} when the credential may not sign.
     */
    byte[] sign(byte[] toBeSigned);

    default X509Certificate certificate() {
        return chain().get(0);
    }
}
