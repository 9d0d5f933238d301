package org.rdc.reports.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its chain in one PKCS#12 file (RFC 7292), keys and certificates encrypted with
 * AES-256 (PBES2, RFC 8018) under the key-store password; written atomically.
 */
record Pkcs12(PrivateKey key, List<X509Certificate> chain) {

    private static final String ALIAS = "signing";

    static Pkcs12 read(Path file, char[] password) {
        try {
            return parse(Files.readAllBytes(file), password);
        } catch (IOException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot read key store file " + file.getFileName(), e);
        }
    }

    /** The first key entry of a PKCS#12 file made elsewhere (a real CA's). */
    static Pkcs12 parse(byte[] p12, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12", Bc.PROVIDER);
            ks.load(new ByteArrayInputStream(p12), password);
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    Certificate[] chain = ks.getCertificateChain(alias);
                    return new Pkcs12((PrivateKey) ks.getKey(alias, password), plain(chain));
                }
            }
            throw new SigningException(SigningException.Reason.KEY_STORE, "the PKCS#12 file holds no private key");
        } catch (IOException | GeneralSecurityException e) {
            // Say nothing of the content: a wrong password and a broken file look the same here.
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot open the PKCS#12 file (wrong password or not PKCS#12)", e);
        }
    }

    /**
     * BouncyCastle's certificates from a PKCS#12 file carry its bag attributes (friendly name, local key
     * ID); written into another file they would claim that file's key. Plain copies carry none.
     */
    private static List<X509Certificate> plain(Certificate[] chain) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509", Bc.PROVIDER);
        List<X509Certificate> copies = new java.util.ArrayList<>();
        for (Certificate c : chain) {
            copies.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
        }
        return List.copyOf(copies);
    }

    void write(Path file, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12-AES256-AES128", Bc.PROVIDER);
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".p12-", ".tmp");
            Files.write(tmp, out.toByteArray());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GeneralSecurityException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot write key store file " + file.getFileName(), e);
        }
    }

    X509Certificate certificate() {
        return chain.get(0);
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "Pkcs12[" + certificate().getSubjectX500Principal() + "]";
    }
}
