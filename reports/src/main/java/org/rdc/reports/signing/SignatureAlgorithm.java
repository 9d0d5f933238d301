package org.rdc.reports.signing;

/**
 * The signature algorithms a report signature may use, named as JCA/BouncyCastle name them. RSA and
 * ECDSA make the PAdES signature (ETSI EN 319 142-1); SM2 with SM3 (GB/T 32918, GB/T 32905) the 国密
 * second signature.
 */
public enum SignatureAlgorithm {
    SHA256_WITH_RSA("SHA256withRSA", "SHA-256"),
    SHA256_WITH_ECDSA("SHA256withECDSA", "SHA-256"),
    SM3_WITH_SM2("SM3withSM2", "SM3");

    private final String jcaName;
    private final String digest;

    SignatureAlgorithm(String jcaName, String digest) {
        this.jcaName = jcaName;
        this.digest = digest;
    }

    public String jcaName() {
        return jcaName;
    }

    /** The digest of the signed byte range and the signed attributes. */
    public String digest() {
        return digest;
    }

    public boolean isSm2() {
        return this == SM3_WITH_SM2;
    }
}
