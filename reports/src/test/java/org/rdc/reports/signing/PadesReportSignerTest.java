package org.rdc.reports.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PadesReportSignerTest {

    @TempDir
    static Path dir;
    static SigningFixture f;

    @BeforeAll
    static void keyStore() {
        f = new SigningFixture(dir).withUsers();
    }

    @Test
    void authorSignsPadesAndSm2WithTimestampsAndVerifierCountersignsIncrementally() {
        byte[] pdf = SigningFixture.onePagePdf("K7Q2M9");

        byte[] authored = f.signer.sign(pdf, "zhang.author", SignerRole.AUTHOR);
        assertThat(Arrays.copyOf(authored, pdf.length)).as("an incremental update keeps the original bytes").isEqualTo(pdf);
        Verification a = f.verifier.verify(authored);
        assertThat(a.intact()).isTrue();
        assertThat(a.signatures()).extracting(SignatureCheck::algorithm)
                .containsExactly(SignatureAlgorithm.SHA256_WITH_RSA, SignatureAlgorithm.SM3_WITH_SM2);
        assertThat(a.signatures()).allSatisfy(s -> {
            assertThat(s.valid()).as(s.problem().orElse("")).isTrue();
            assertThat(s.problem()).isEmpty();
            assertThat(s.signerName()).isEqualTo("张医生");
            assertThat(s.role()).contains(SignerRole.AUTHOR);
            assertThat(s.certificateTrusted()).isTrue();
            assertThat(s.timestampTime()).isPresent();
            assertThat(s.signingTime()).isNotNull();
        });
        assertThat(a.signatures().get(0).coversWholeFile()).as("the SM2 signature came after").isFalse();
        assertThat(a.signatures().get(1).coversWholeFile()).isTrue();

        byte[] verified = f.signer.sign(authored, "li.senior", SignerRole.VERIFIER);
        assertThat(Arrays.copyOf(verified, authored.length)).isEqualTo(authored);
        Verification v = f.verifier.verify(verified);
        assertThat(v.intact()).isTrue();
        assertThat(v.signatures()).hasSize(3).allMatch(SignatureCheck::valid);
        assertThat(v.signatures()).extracting(SignatureCheck::signerName).containsExactly("张医生", "张医生", "李主任");
        assertThat(v.signatures().get(2).role()).contains(SignerRole.VERIFIER);
        assertThat(v.signatures().get(1).revisionDigest()).as("the author's signed revision is the author-signed file")
                .isEqualTo(a.documentDigest());
    }

    @Test
    void padesSignatureHasTheEtsiSubFilterTheSigningCertificateV2AndNoSigningTime() throws Exception {
        byte[] signed = f.signer.sign(SigningFixture.onePagePdf("A1"), "li.senior", SignerRole.VERIFIER);
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDSignature signature = document.getSignatureDictionaries().get(0);
            assertThat(signature.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
            SignerInformation signer = cms(signature, signed).getSignerInfos().getSigners().iterator().next();
            assertThat(signer.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)).isNotNull();
            assertThat(signer.getSignedAttributes().get(CMSAttributes.signingTime)).as("ETSI EN 319 142-1: the M entry is the time").isNull();
            assertThat(signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken)).isNotNull();
        }
    }

    /** An SM2 check that shares nothing with our verifier: plain BouncyCastle CMS, a provider of its own. */
    @Test
    void sm2SignatureVerifiesWithAnIndependentBouncyCastleCheck() throws Exception {
        byte[] signed = f.signer.sign(SigningFixture.onePagePdf("B2"), "zhang.author", SignerRole.AUTHOR);
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDSignature sm2 = document.getSignatureDictionaries().get(1);
            CMSSignedData cms = cms(sm2, signed);
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            assertThat(signer.getDigestAlgOID()).isEqualTo(GMObjectIdentifiers.sm3.getId());
            X509CertificateHolder cert = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID()).iterator().next();
            assertThat(cert.getSubjectPublicKeyInfo().getAlgorithm().getParameters()).isEqualTo(GMObjectIdentifiers.sm2p256v1);
            SignerInformationVerifier independent = new JcaSimpleSignerInfoVerifierBuilder().setProvider(new BouncyCastleProvider()).build(cert);
            assertThat(signer.verify(independent)).isTrue();

            byte[] changed = signed.clone();
            changed[sm2.getByteRange()[1] - 100] ^= 1;
            SignerInformation again = cms(sm2, changed).getSignerInfos().getSigners().iterator().next();
            assertThatThrownBy(() -> again.verify(independent)).isInstanceOf(org.bouncycastle.cms.CMSSignerDigestMismatchException.class);
        }
    }

    @Test
    void oneChangedByteInTheSignedRangeBreaksEverySignatureOverIt() {
        byte[] signed = f.signer.sign(SigningFixture.onePagePdf("C3"), "zhang.author", SignerRole.AUTHOR);
        byte[] changed = signed.clone();
        int at = indexOf(changed, "no active lung disease");
        changed[at] = 'N';
        Verification v = f.verifier.verify(changed);
        assertThat(v.intact()).isFalse();
        assertThat(v.signatures()).hasSize(2).noneMatch(SignatureCheck::valid);
        assertThat(v.signatures().get(0).problem()).hasValueSatisfying(p -> assertThat(p).contains("changed after signing"));
    }

    @Test
    void aSignerWithoutCredentialGetsASpecificError() {
        assertThatThrownBy(() -> f.signer.sign(SigningFixture.onePagePdf("D4"), "nobody", SignerRole.AUTHOR))
                .isInstanceOf(SigningException.class)
                .extracting(e -> ((SigningException) e).reason()).isEqualTo(SigningException.Reason.NO_CREDENTIAL);
        assertThatThrownBy(() -> f.signer.sign("not a pdf".getBytes(), "zhang.author", SignerRole.AUTHOR))
                .extracting(e -> ((SigningException) e).reason()).isEqualTo(SigningException.Reason.BAD_DOCUMENT);
    }

    @Test
    void ecdsaCredentialsSignPadesToo() {
        X509Certificate cert = f.keyStore.issue("wang", "王医生", KeyKind.EC, Duration.ofDays(30));
        Verification v = f.verifier.verify(f.signer.sign(SigningFixture.onePagePdf("E5"), "wang", SignerRole.AUTHOR));
        assertThat(v.intact()).isTrue();
        assertThat(v.signatures()).singleElement().satisfies(s -> assertThat(s.algorithm()).isEqualTo(SignatureAlgorithm.SHA256_WITH_ECDSA));
        assertThat(f.keyStore.certificates("wang")).containsExactly(cert);
    }

    static CMSSignedData cms(PDSignature signature, byte[] pdf) throws Exception {
        try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(signature.getContents())) {
            return new CMSSignedData(new CMSProcessableByteArray(signature.getSignedContent(pdf)),
                    org.bouncycastle.asn1.cms.ContentInfo.getInstance(in.readObject()));
        }
    }

    static int indexOf(byte[] data, String text) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i <= data.length - t.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (data[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not found");
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
