package org.rdc.reports.signing;

/** The kinds of signing key the alliance CA issues. */
public enum KeyKind {
    /** RSA 2048: the PAdES signature every PDF reader checks. */
    RSA(SignatureAlgorithm.SHA256_WITH_RSA),
    /** ECDSA P-256: the PAdES signature, smaller and faster. */
    EC(SignatureAlgorithm.SHA256_WITH_ECDSA),
    /** SM2 (GB/T 32918): the 国密 signature, SM3withSM2. */
    SM2(SignatureAlgorithm.SM3_WITH_SM2);

    private final SignatureAlgorithm algorithm;

    KeyKind(SignatureAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }
}
