package org.rdc.reports.signing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The alliance's own certification authority, created on first start and kept in the key-store
 * directory ({@code ca/}): an RSA CA for PAdES signatures and the timestamp authority, an SM2 CA for
 * 国密 certificates (a 国密 chain is SM2 throughout), the TSA's credential, and each CA's
 * revocation list (RFC 5280 §5). Its certificates are also written as PEM so relying parties (pdfsig's
 * NSS database, a PDF reader) can trust them.
 */
final class AllianceCa {

    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 366);
    private static final Duration TSA_VALIDITY = Duration.ofDays(10 * 366);
    private static final Duration CRL_VALIDITY = Duration.ofDays(7);

    private final Path dir;
    private final Clock clock;
    private final Pkcs12 rsaCa;
    private final Pkcs12 sm2Ca;
    private final Pkcs12 tsa;
    /** Each CA's revocation list, parsed again only when its file changed. */
    private final ParsedFiles<X509CRL> crls = new ParsedFiles<>("the revocation list", AllianceCa::readCrl);

    private AllianceCa(Path dir, Clock clock, Pkcs12 rsaCa, Pkcs12 sm2Ca, Pkcs12 tsa) {
        this.dir = dir;
        this.clock = clock;
        this.rsaCa = rsaCa;
        this.sm2Ca = sm2Ca;
        this.tsa = tsa;
    }

    /** Opens the CA in {@code dir}, creating its keys, certificates and empty revocation lists the first time. */
    static synchronized AllianceCa openOrCreate(Path dir, char[] password, Clock clock, String allianceName) {
        Path rsaFile = dir.resolve("rsa-ca.p12");
        Path sm2File = dir.resolve("sm2-ca.p12");
        Path tsaFile = dir.resolve("tsa.p12");
        if (!Files.exists(rsaFile)) {
            KeyPair keys = generate(KeyKind.RSA, 3072);
            X500Name name = name(allianceName + " Signing CA", allianceName, null);
            new Pkcs12(keys.getPrivate(), List.of(caCertificate(name, keys, "SHA256withRSA", clock))).write(rsaFile, password);
        }
        if (!Files.exists(sm2File)) {
            KeyPair keys = generate(KeyKind.SM2, 0);
            X500Name name = name(allianceName + " SM2 CA", allianceName, null);
            new Pkcs12(keys.getPrivate(), List.of(caCertificate(name, keys, "SM3withSM2", clock))).write(sm2File, password);
        }
        Pkcs12 rsaCa = Pkcs12.read(rsaFile, password);
        Pkcs12 sm2Ca = Pkcs12.read(sm2File, password);
        if (!Files.exists(tsaFile)) {
            KeyPair keys = generate(KeyKind.RSA, 2048);
            X509Certificate cert = endEntity(rsaCa, name(allianceName + " Timestamp Authority", allianceName, null),
                    keys.getPublic(), TSA_VALIDITY, true, clock);
            new Pkcs12(keys.getPrivate(), List.of(cert, rsaCa.certificate())).write(tsaFile, password);
        }
        AllianceCa ca = new AllianceCa(dir, clock, rsaCa, sm2Ca, Pkcs12.read(tsaFile, password));
        for (Pkcs12 issuer : List.of(rsaCa, sm2Ca)) {
            if (!Files.exists(ca.crlFile(issuer))) {
                ca.writeCrl(issuer, null);
            }
            ca.writePem(issuer.certificate(), dir.resolve(baseName(issuer) + ".pem"));
        }
        return ca;
    }

    /** The CA certificates relying parties trust: RSA first, then SM2. */
    List<X509Certificate> roots() {
        return List.of(rsaCa.certificate(), sm2Ca.certificate());
    }

    Pkcs12 tsa() {
        return tsa;
    }

    /** A new key pair of {@code kind} for a user and its certificate from the matching CA. */
    Pkcs12 issue(String username, String displayName, KeyKind kind, Duration validity) {
        Pkcs12 issuer = kind == KeyKind.SM2 ? sm2Ca : rsaCa;
        KeyPair keys = generate(kind, 2048);
        X500Name subject = name(displayName, issuerOrganisation(issuer), username);
        X509Certificate cert = endEntity(issuer, subject, keys.getPublic(), validity, false, clock);
        return new Pkcs12(keys.getPrivate(), List.of(cert, issuer.certificate()));
    }

    boolean issued(X509Certificate cert) {
        return issuerOf(cert) != null;
    }

    /** Puts {@code cert} on its CA's revocation list (RFC 5280 §5.3.1 reason: privilegeWithdrawn). */
    synchronized void revoke(X509Certificate cert) {
        Pkcs12 issuer = issuerOf(cert);
        if (issuer == null) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "not issued by the alliance CA: " + cert.getSubjectX500Principal());
        }
        writeCrl(issuer, cert.getSerialNumber());
    }

    boolean revoked(X509Certificate cert) {
        Pkcs12 issuer = issuerOf(cert);
        return issuer != null && crl(issuer).isRevoked(cert);
    }

    private Pkcs12 issuerOf(X509Certificate cert) {
        for (Pkcs12 ca : List.of(rsaCa, sm2Ca)) {
            if (cert.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())) {
                try {
                    cert.verify(ca.certificate().getPublicKey(), Bc.PROVIDER);
                    return ca;
                } catch (GeneralSecurityException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * The CA's current revocation list: parsed again only when its file changed (every revocation
     * writes a new file, by this process or another using the same directory), so a revocation counts
     * from the next signature on without the list being read for each one.
     */
    X509CRL crl(Pkcs12 issuer) {
        return crls.get(crlFile(issuer));
    }

    private static X509CRL readCrl(Path file) {
        try (var in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509", Bc.PROVIDER).generateCRL(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot read the revocation list " + file.getFileName(), e);
        }
    }

    private Path crlFile(Pkcs12 issuer) {
        return dir.resolve(baseName(issuer) + ".crl");
    }

    private static String baseName(Pkcs12 issuer) {
        return issuer.certificate().getPublicKey().getAlgorithm().equals("RSA") ? "rsa-ca" : "sm2-ca";
    }

    /** Re-issues the CRL with every entry so far plus {@code serial}, one higher CRL number. */
    private void writeCrl(Pkcs12 issuer, BigInteger serial) {
        Instant now = clock.instant();
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(new X509CertificateHolder(issuer.certificate().getEncoded()).getSubject(),
                    Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
            BigInteger number = BigInteger.ONE;
            if (Files.exists(crlFile(issuer))) {
                X509CRL old = crl(issuer);
                builder.addCRL(new org.bouncycastle.cert.X509CRLHolder(old.getEncoded()));
                byte[] n = old.getExtensionValue(Extension.cRLNumber.getId());
                if (n != null) {
                    number = CRLNumber.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(n).getOctets()).getCRLNumber().add(BigInteger.ONE);
                }
            }
            if (serial != null) {
                builder.addCRLEntry(serial, Date.from(now), CRLReason.privilegeWithdrawn);
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
            X509CRL crl = new JcaX509CRLConverter().setProvider(Bc.PROVIDER).getCRL(builder.build(signer(issuer)));
            Path tmp = Files.createTempFile(dir, ".crl-", ".tmp");
            Files.write(tmp, crl.getEncoded());
            Files.move(tmp, crlFile(issuer), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GeneralSecurityException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot write the revocation list", e);
        }
    }

    private void writePem(X509Certificate cert, Path file) {
        try {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
                pem.writeObject(cert);
            }
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot write " + file.getFileName(), e);
        }
    }

    private static String issuerOrganisation(Pkcs12 issuer) {
        return new X500Name(issuer.certificate().getSubjectX500Principal().getName()).getRDNs(BCStyle.O)[0].getFirst().getValue().toString();
    }

    static KeyPair generate(KeyKind kind, int rsaBits) {
        try {
            KeyPairGenerator g;
            switch (kind) {
                case RSA -> {
                    g = KeyPairGenerator.getInstance("RSA", Bc.PROVIDER);
                    g.initialize(rsaBits, Bc.RANDOM);
                }
                case EC -> {
                    g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
                    g.initialize(new ECGenParameterSpec("secp256r1"), Bc.RANDOM);
                }
                default -> {
                    g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
                    g.initialize(new ECGenParameterSpec("sm2p256v1"), Bc.RANDOM);
                }
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name name(String commonName, String organisation, String username) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, organisation);
        if (username != null) {
            b.addRDN(BCStyle.UID, username);
        }
        return b.build();
    }

    private static X509Certificate caCertificate(X500Name name, KeyPair keys, String algorithm, Clock clock) {
        Instant now = clock.instant();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).setProvider(Bc.PROVIDER).build(keys.getPrivate());
            return new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(b.build(signer));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A signer's certificate (key usage digitalSignature + nonRepudiation, RFC 5280 §4.2.1.3), or the
     * TSA's (extended key usage timeStamping only, critical: RFC 3161 §2.3).
     */
    private static X509Certificate endEntity(Pkcs12 issuer, X500Name subject, PublicKey key, Duration validity, boolean timestamping,
                                             Clock clock) {
        Instant now = clock.instant();
        try {
            X509Certificate ca = issuer.certificate();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)), subject, key);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            if (timestamping) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            }
            return new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(b.build(signer(issuer)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(Pkcs12 issuer) {
        PrivateKey key = issuer.key();
        String algorithm = issuer.certificate().getPublicKey().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SM3withSM2";
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(Bc.PROVIDER).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        // RFC 5280 §4.1.2.2: positive, at most 20 octets; random so no counter needs persisting.
        return new BigInteger(127, Bc.RANDOM).add(BigInteger.ONE);
    }
}
