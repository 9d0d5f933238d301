package org.rdc.reports.signing;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/** A credential of the key-store directory: its private key stays in this object. */
final class StoredCredential implements SigningCredential {

    private final Pkcs12 entry;
    private final SignatureAlgorithm algorithm;

    StoredCredential(Pkcs12 entry) {
        this.entry = entry;
        this.algorithm = algorithmOf(entry.certificate());
    }

    static SignatureAlgorithm algorithmOf(X509Certificate cert) {
        String keyAlgorithm = cert.getPublicKey().getAlgorithm();
        if (keyAlgorithm.equals("RSA")) {
            return SignatureAlgorithm.SHA256_WITH_RSA;
        }
        // SM2 keys are EC keys on the sm2p256v1 curve; the certificate's signature OID does not tell.
        String curve = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded())
                .getAlgorithm().getParameters().toString();
        return curve.equals(org.bouncycastle.asn1.gm.GMObjectIdentifiers.sm2p256v1.getId())
                ? SignatureAlgorithm.SM3_WITH_SM2 : SignatureAlgorithm.SHA256_WITH_ECDSA;
    }

    @Override
    public List<X509Certificate> chain() {
        return entry.chain();
    }

    @Override
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public byte[] sign(byte[] toBeSigned) {
        try {
            Signature s = Signature.getInstance(algorithm.jcaName(), Bc.PROVIDER);
            s.initSign(entry.key(), Bc.RANDOM);
            s.update(toBeSigned);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "the key store could not sign", e);
        }
    }

    @Override
    public String toString() {
        return "StoredCredential[" + certificate().getSubjectX500Principal() + ", " + algorithm + "]";
    }
}
