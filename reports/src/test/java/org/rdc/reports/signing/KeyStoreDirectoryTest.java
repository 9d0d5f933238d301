package org.rdc.reports.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class KeyStoreDirectoryTest {

    @TempDir
    static Path dir;
    static SigningFixture f;

    @BeforeAll
    static void keyStore() {
        f = new SigningFixture(dir);
    }

    @Test
    void theAllianceCaIsCreatedOnceAndKeptAcrossRestarts() throws Exception {
        X509Certificate issued = f.keyStore.issue("restart.user", "重启", KeyKind.RSA, Duration.ofDays(10));
        KeyStoreDirectory reopened = KeyStoreDirectory.open(dir, SigningFixture.PASSWORD, f.clock, "Test County Alliance");
        assertThat(reopened.trustAnchors()).isEqualTo(f.keyStore.trustAnchors());
        assertThat(reopened.certificates("restart.user")).containsExactly(issued);
        issued.verify(reopened.trustAnchors().get(0).getPublicKey());
        assertThat(Files.readString(dir.resolve("ca/rsa-ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThatThrownBy(() -> KeyStoreDirectory.open(dir, "another-wrong-password".toCharArray(), f.clock, "Test County Alliance"))
                .isInstanceOf(SigningException.class).hasMessageNotContaining("another-wrong-password");
    }

    @Test
    void anExpiredCertificateRefusesToSignWithASpecificError() {
        SigningFixture own = new SigningFixture(dir.resolve("expiry"));
        own.keyStore.issue("short.lived", "短期", KeyKind.RSA, Duration.ofDays(1));
        byte[] pdf = SigningFixture.onePagePdf("X1");
        assertThat(own.signer.sign(pdf, "short.lived", SignerRole.AUTHOR)).isNotEmpty();
        own.clock.advance(Duration.ofDays(2));
        assertThatThrownBy(() -> own.signer.sign(pdf, "short.lived", SignerRole.AUTHOR))
                .isInstanceOf(SigningException.class)
                .satisfies(e -> assertThat(((SigningException) e).reason()).isEqualTo(SigningException.Reason.CERTIFICATE_EXPIRED))
                .hasMessageContaining("short.lived");
    }

    @Test
    void aCertificateNotYetValidRefusesToSignWithItsOwnReason() {
        SigningFixture own = new SigningFixture(dir.resolve("not-yet"));
        own.keyStore.issue("early.user", "未生效", KeyKind.RSA, Duration.ofDays(30));
        own.clock.advance(Duration.ofDays(-2));
        assertThatThrownBy(() -> own.signer.sign(SigningFixture.onePagePdf("X3"), "early.user", SignerRole.AUTHOR))
                .isInstanceOf(SigningException.class)
                .satisfies(e -> assertThat(((SigningException) e).reason()).isEqualTo(SigningException.Reason.CERTIFICATE_NOT_YET_VALID))
                .hasMessageContaining("early.user");
    }

    @Test
    void aRevokedCertificateRefusesToSignAndStaysOnTheCaRevocationList() throws Exception {
        X509Certificate pades = f.keyStore.issue("revoked.user", "吊销", KeyKind.RSA, Duration.ofDays(30));
        byte[] pdf = SigningFixture.onePagePdf("X2");
        assertThat(f.signer.sign(pdf, "revoked.user", SignerRole.AUTHOR)).isNotEmpty();

        f.keyStore.revoke("revoked.user", pades);
        assertThatThrownBy(() -> f.signer.sign(pdf, "revoked.user", SignerRole.AUTHOR))
                .isInstanceOf(SigningException.class)
                .satisfies(e -> assertThat(((SigningException) e).reason()).isEqualTo(SigningException.Reason.CERTIFICATE_REVOKED));
        KeyStoreDirectory reopened = KeyStoreDirectory.open(dir, SigningFixture.PASSWORD, f.clock, "Test County Alliance");
        assertThat(reopened.revoked(pades)).isTrue();
        java.security.cert.X509CRL crl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(Files.newInputStream(dir.resolve("ca/rsa-ca.crl")));
        crl.verify(f.keyStore.trustAnchors().get(0).getPublicKey());
        assertThat(crl.getRevokedCertificate(pades.getSerialNumber())).isNotNull();

        X509Certificate renewed = f.keyStore.issue("revoked.user", "吊销", KeyKind.RSA, Duration.ofDays(30));
        Verification v = f.verifier.verify(f.signer.sign(pdf, "revoked.user", SignerRole.AUTHOR));
        assertThat(v.intact()).as("a re-issued credential signs again").isTrue();
        assertThat(renewed).isNotEqualTo(pades);
    }

    /** A credential from a real CA (here: a CA of the test's own making), imported as PKCS#12, signs and verifies as trusted. */
    @Test
    void aCredentialFromAnotherCaIsImportedAndItsCaTrusted() throws Exception {
        ForeignCredential foreign = ForeignCredential.of("CN=Provincial Health CA,O=Province", "CN=赵医生,O=Province");
        X509Certificate ca = foreign.ca();
        f.keyStore.importPkcs12("zhao", foreign.p12(), ForeignCredential.PASSWORD);
        Verification v = f.verifier.verify(f.signer.sign(SigningFixture.onePagePdf("X3"), "zhao", SignerRole.AUTHOR));
        assertThat(v.intact()).isTrue();
        assertThat(v.signatures()).singleElement().satisfies(s -> {
            assertThat(s.signerName()).isEqualTo("赵医生");
            assertThat(s.certificateTrusted()).isTrue();
        });
        assertThat(f.keyStore.trustAnchors()).contains(ca);
    }

    /**
     * Opened credentials are kept between signatures (decrypting the PKCS#12 files was most of a
     * signature's time); a revocation after a cached signature must still refuse the very next one:
     * the SM2 credential's, so the next signature is PAdES only, then the PAdES one's.
     */
    @Test
    void aRevocationAfterACachedSignatureRefusesTheNextSignature() {
        SigningFixture own = new SigningFixture(dir.resolve("cached-revocation"));
        X509Certificate rsa = own.keyStore.issue("cached.user", "缓存", KeyKind.RSA, Duration.ofDays(30));
        X509Certificate sm2 = own.keyStore.issue("cached.user", "缓存", KeyKind.SM2, Duration.ofDays(30));
        byte[] pdf = SigningFixture.onePagePdf("X5");
        for (int i = 0; i < 2; i++) {
            assertThat(own.verifier.verify(own.signer.sign(pdf, "cached.user", SignerRole.AUTHOR)).signatures()).hasSize(2);
        }

        own.keyStore.revoke("cached.user", sm2);
        Verification padesOnly = own.verifier.verify(own.signer.sign(pdf, "cached.user", SignerRole.AUTHOR));
        assertThat(padesOnly.intact()).isTrue();
        assertThat(padesOnly.signatures()).singleElement()
                .satisfies(s -> assertThat(s.algorithm()).isEqualTo(SignatureAlgorithm.SHA256_WITH_RSA));

        own.keyStore.revoke("cached.user", rsa);
        assertThatThrownBy(() -> own.signer.sign(pdf, "cached.user", SignerRole.AUTHOR))
                .isInstanceOf(SigningException.class)
                .satisfies(e -> assertThat(((SigningException) e).reason()).isEqualTo(SigningException.Reason.CERTIFICATE_REVOKED));
    }

    /**
     * The cache follows the files, not this object's own calls: a revocation written by another
     * process (another node, or the CLI) opening the same key-store directory refuses this one's next
     * signature too.
     */
    @Test
    void aRevocationWrittenByAnotherOpenerOfTheDirectoryCountsAtOnce() {
        Path shared = dir.resolve("shared-revocation");
        SigningFixture signing = new SigningFixture(shared);
        X509Certificate rsa = signing.keyStore.issue("shared.user", "共享", KeyKind.RSA, Duration.ofDays(30));
        byte[] pdf = SigningFixture.onePagePdf("X6");
        assertThat(signing.verifier.verify(signing.signer.sign(pdf, "shared.user", SignerRole.AUTHOR)).intact()).isTrue();

        KeyStoreDirectory other = KeyStoreDirectory.open(shared, SigningFixture.PASSWORD, signing.clock, "Test County Alliance");
        other.revoke("shared.user", rsa);
        assertThatThrownBy(() -> signing.signer.sign(pdf, "shared.user", SignerRole.AUTHOR))
                .isInstanceOf(SigningException.class)
                .satisfies(e -> assertThat(((SigningException) e).reason()).isEqualTo(SigningException.Reason.CERTIFICATE_REVOKED));
    }

    /**
     * A credential imported after a cached signature signs the next report (the newest credential
     * wins); once it is withdrawn (an imported credential's file is removed) the next signature is
     * the earlier alliance credential's again, never the removed one's.
     */
    @Test
    void aCredentialImportedAfterACachedSignatureSignsTheNextOneAndAWithdrawnOneNoMore() throws Exception {
        SigningFixture own = new SigningFixture(dir.resolve("cached-import"));
        own.keyStore.issue("import.user", "钱医生", KeyKind.RSA, Duration.ofDays(30));
        byte[] pdf = SigningFixture.onePagePdf("X7");
        assertThat(own.verifier.verify(own.signer.sign(pdf, "import.user", SignerRole.AUTHOR)).signatures())
                .singleElement().satisfies(s -> assertThat(s.signerName()).isEqualTo("钱医生"));

        ForeignCredential foreign = ForeignCredential.of("CN=Municipal Health CA,O=City", "CN=钱医生（市 CA）,O=City");
        own.clock.advance(Duration.ofSeconds(1));
        X509Certificate imported = own.keyStore.importPkcs12("import.user", foreign.p12(), ForeignCredential.PASSWORD);

        Verification withImported = own.verifier.verify(own.signer.sign(pdf, "import.user", SignerRole.AUTHOR));
        assertThat(withImported.intact()).isTrue();
        assertThat(withImported.signatures()).singleElement().satisfies(s -> {
            assertThat(s.signerName()).isEqualTo("钱医生（市 CA）");
            assertThat(s.certificateTrusted()).isTrue();
        });

        own.keyStore.revoke("import.user", imported);
        assertThat(own.keyStore.certificates("import.user")).doesNotContain(imported);
        assertThat(own.verifier.verify(own.signer.sign(pdf, "import.user", SignerRole.AUTHOR)).signatures())
                .singleElement().satisfies(s -> assertThat(s.signerName()).isEqualTo("钱医生"));
    }

    /** Private keys stay in the key store: not in the logs, not in anything the signer or verifier answers, not in the clear on disk. */
    @Test
    void noPrivateKeyMaterialInLogsAnswersOrFilesInTheClear() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        byte[] signed;
        Verification verification;
        try {
            f.keyStore.issue("secret.user", "保密", KeyKind.RSA, Duration.ofDays(30));
            f.keyStore.issue("secret.user", "保密", KeyKind.SM2, Duration.ofDays(30));
            signed = f.signer.sign(SigningFixture.onePagePdf("X4"), "secret.user", SignerRole.AUTHOR);
            verification = f.verifier.verify(signed);
            assertThatThrownBy(() -> f.keyStore.importPkcs12("secret.user", new byte[] {1, 2, 3}, "pw".toCharArray()))
                    .isInstanceOf(SigningException.class);
        } finally {
            root.detachAppender(logs);
        }
        StringBuilder logged = new StringBuilder();
        logs.list.forEach(e -> logged.append(e.getFormattedMessage()).append('\n'));
        assertThat(logged).contains("secret.user");

        try (Stream<Path> files = Files.list(dir.resolve("users/secret.user"))) {
            for (Path file : files.toList()) {
                PrivateKey key = Pkcs12.read(file, SigningFixture.PASSWORD).key();
                byte[] encoded = key.getEncoded();
                String answers = verification + f.keyStore.certificates("secret.user").toString() + f.signer.toString()
                        + f.keyStore.forSigning("secret.user").toString();
                for (String form : forms(encoded, key)) {
                    assertThat(logged.toString()).doesNotContain(form);
                    assertThat(answers).doesNotContain(form);
                    assertThat(new String(signed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(form);
                }
                assertThat(indexOf(Files.readAllBytes(file), slice(encoded))).as("the PKCS#12 file is encrypted").isNegative();
                assertThat(indexOf(signed, slice(encoded))).isNegative();
            }
        }
        assertThat(logged.toString()).doesNotContain("PRIVATE KEY").doesNotContain(new String(SigningFixture.PASSWORD));
    }

    private static String[] forms(byte[] encoded, PrivateKey key) {
        byte[] slice = slice(encoded);
        String s = key instanceof java.security.interfaces.RSAPrivateCrtKey rsa ? rsa.getPrivateExponent().toString(16)
                : ((java.security.interfaces.ECPrivateKey) key).getS().toString(16);
        return new String[] {HexFormat.of().formatHex(slice), Base64.getEncoder().encodeToString(slice).substring(0, 24), s.substring(0, 24)};
    }

    /** The middle of the encoding: key bits, not the algorithm header every key shares. */
    private static byte[] slice(byte[] encoded) {
        return java.util.Arrays.copyOfRange(encoded, encoded.length / 2, encoded.length / 2 + 24);
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A PKCS#12 file (RSA key, its certificate and the CA's) from a CA of the test's own making, as a real CA would hand one out. */
    private record ForeignCredential(X509Certificate ca, byte[] p12) {

        static final char[] PASSWORD = "import-pass".toCharArray();

        static ForeignCredential of(String caDn, String userDn) throws Exception {
            KeyPair caKeys = AllianceCa.generate(KeyKind.RSA, 2048);
            X500Name caName = new X500Name(caDn);
            X509Certificate ca = certificate(caName, caName, caKeys.getPublic(), caKeys.getPrivate(), true);
            KeyPair userKeys = AllianceCa.generate(KeyKind.RSA, 2048);
            X509Certificate user = certificate(caName, new X500Name(userDn), userKeys.getPublic(), caKeys.getPrivate(), false);
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            p12.load(null, null);
            p12.setKeyEntry("imported", userKeys.getPrivate(), PASSWORD, new Certificate[] {user, ca});
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            p12.store(bytes, PASSWORD);
            return new ForeignCredential(ca, bytes.toByteArray());
        }
    }

    private static X509Certificate certificate(X500Name issuer, X500Name subject, java.security.PublicKey key, PrivateKey signer,
                                               boolean ca) throws Exception {
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(600)),
                Date.from(now.plus(Duration.ofDays(30))), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    }
}
