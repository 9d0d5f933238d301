package org.rdc.reports.signing;

import java.util.List;

/**
 * Where the signing credentials of users come from: the alliance key store by default
 * (the key-store directory); a PKCS#11 token or a cloud signing service can implement it instead.
 */
public interface SigningCredentials {

    /**
     * The credentials {@code username} signs with, checked for validity and revocation: at most one
     * RSA/ECDSA credential (the PAdES signature) and at most one SM2 credential (the 国密 signature).
     * Throws {@link SigningException} with NO_CREDENTIAL, CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID or CERTIFICATE_REVOKED.
     */
    List<SigningCredential> forSigning(String username);
}
