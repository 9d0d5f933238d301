package org.rdc.reports.signing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;

/**
 * Checks every signature of a PDF (ISO 32000-2 §12.8.1): that its byte range is the whole file but
 * its own Contents, that the CMS signature and message digest hold over that range, that the
 * signing-certificate-v2 attribute names the signer certificate (ETSI EN 319 142-1 §5.2.2), that the
 * signature timestamp (RFC 3161) is valid, over the signature value, from a trusted TSA, and that the
 * certificates chain to a trusted CA (the alliance's or an imported one).
 */
public final class PdfSignatureVerifier implements ReportVerifier {

    private final Supplier<List<X509Certificate>> trustAnchors;

    public PdfSignatureVerifier(Supplier<List<X509Certificate>> trustAnchors) {
        this.trustAnchors = trustAnchors;
    }

    @Override
    public Verification verify(byte[] pdf) {
        String digest = hex(sha256(pdf, pdf.length));
        List<X509Certificate> anchors = trustAnchors.get();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<Checked> checks = new ArrayList<>();
            for (PDSignature signature : document.getSignatureDictionaries()) {
                checks.add(check(signature, pdf, anchors));
            }
            checks.sort(Comparator.comparingLong(Checked::end));
            List<SignatureCheck> signatures = checks.stream().map(Checked::check).toList();
            boolean intact = !signatures.isEmpty() && signatures.stream().allMatch(SignatureCheck::valid)
                    && signatures.get(signatures.size() - 1).coversWholeFile();
            return new Verification(digest, signatures, intact, true);
        } catch (IOException e) {
            return new Verification(digest, List.of(), false, false);
        }
    }

    private record Checked(long end, SignatureCheck check) {
    }

    private static Checked check(PDSignature signature, byte[] pdf, List<X509Certificate> anchors) {
        int[] range = signature.getByteRange();
        Instant signingTime = signature.getSignDate() == null ? null : signature.getSignDate().toInstant();
        Optional<SignerRole> role = Arrays.stream(SignerRole.values())
                .filter(r -> signature.getReason() != null && signature.getReason().contains(r.name())).findFirst();
        if (range == null || range.length != 4 || range[0] != 0 || range[1] < 0 || range[2] <= range[1] || range[3] < 0
                || (long) range[2] + range[3] > pdf.length || pdf[range[1]] != '<' || pdf[range[2] - 1] != '>') {
            // The gap must be exactly the Contents string, else unsigned bytes could hide in it.
            return new Checked(0, new SignatureCheck(signature.getName(), role, null, signingTime, Optional.empty(), false, false, "",
                    false, Optional.of("the byte range does not cover the file apart from the signature value")));
        }
        long end = (long) range[2] + range[3];
        boolean whole = end == pdf.length;
        String revisionDigest = hex(sha256(pdf, (int) end));
        try {
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signature.getSignedContent(pdf)), firstObject(gap(pdf, range)));
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            X509CertificateHolder holder = first(cms.getCertificates(), signer);
            if (holder == null) {
                return new Checked(end, new SignatureCheck(signature.getName(), role, null, signingTime, Optional.empty(), false, whole,
                        revisionDigest, false, Optional.of("the signature carries no signer certificate")));
            }
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(holder);
            SignatureAlgorithm algorithm = StoredCredential.algorithmOf(cert);
            String name = PadesReportSigner.commonName(cert);
            List<String> problems = new ArrayList<>();
            boolean valid = verified(signer, holder, problems);
            if (!signingCertificateMatches(signer, cert)) {
                valid = false;
                problems.add("the signing-certificate-v2 attribute does not name the signer certificate");
            }
            boolean trusted = chainsToAnchor(cert, certificates(cms), anchors);
            if (!trusted) {
                problems.add("the signer certificate is not issued by a trusted CA");
            }
            Optional<Instant> timestamp = timestamp(signer, anchors, problems);
            return new Checked(end, new SignatureCheck(name, role, algorithm, signingTime, timestamp, valid, whole, revisionDigest, trusted,
                    problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems))));
        } catch (Exception e) {
            return new Checked(end, new SignatureCheck(signature.getName(), role, null, signingTime, Optional.empty(), false, whole,
                    revisionDigest, false, Optional.of("the signature value is not a readable CMS signature")));
        }
    }

    /** The signature value as the file has it in the byte-range gap (a hex string, ISO 32000-2 §7.3.4.3), not as a parser resolved it. */
    private static byte[] gap(byte[] pdf, int[] range) {
        StringBuilder hex = new StringBuilder(range[2] - range[1]);
        for (int i = range[1] + 1; i < range[2] - 1; i++) {
            if (!Character.isWhitespace(pdf[i])) {
                hex.append((char) pdf[i]);
            }
        }
        if (hex.length() % 2 == 1) {
            hex.append('0');
        }
        return HexFormat.of().parseHex(hex);
    }

    /** The CMS ContentInfo, without the zero padding that fills the rest of the Contents string. */
    static ContentInfo firstObject(byte[] padded) throws IOException {
        try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(padded)) {
            return ContentInfo.getInstance(in.readObject());
        }
    }

    private static boolean verified(SignerInformation signer, X509CertificateHolder holder, List<String> problems) {
        try {
            if (signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER).build(holder))) {
                return true;
            }
            problems.add("the signature value does not verify");
        } catch (org.bouncycastle.cms.CMSSignerDigestMismatchException e) {
            problems.add("the signed bytes were changed after signing (message digest mismatch)");
        } catch (Exception e) {
            problems.add("the signature does not verify: " + e.getMessage());
        }
        return false;
    }

    private static boolean signingCertificateMatches(SignerInformation signer, X509Certificate cert) throws GeneralSecurityException {
        Attribute attribute = signer.getSignedAttributes() == null ? null
                : signer.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (attribute == null) {
            return false;
        }
        ESSCertIDv2 id = SigningCertificateV2.getInstance(attribute.getAttrValues().getObjectAt(0)).getCerts()[0];
        String hashAlgorithm = new DefaultAlgorithmNameFinder().getAlgorithmName(id.getHashAlgorithm().getAlgorithm());
        return MessageDigest.isEqual(id.getCertHash(), MessageDigest.getInstance(hashAlgorithm, Bc.PROVIDER).digest(cert.getEncoded()));
    }

    /** The signature-time-stamp's genTime, when its token verifies, is over this signature value and its TSA is trusted. */
    private static Optional<Instant> timestamp(SignerInformation signer, List<X509Certificate> anchors, List<String> problems) {
        Attribute attribute = signer.getUnsignedAttributes() == null ? null
                : signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (attribute == null) {
            problems.add("no signature timestamp");
            return Optional.empty();
        }
        try {
            ASN1Encodable value = attribute.getAttrValues().getObjectAt(0);
            TimeStampToken token = new TimeStampToken(ContentInfo.getInstance(value));
            X509CertificateHolder tsa = first(token.getCertificates(), token.getSID());
            if (tsa == null) {
                problems.add("the timestamp carries no TSA certificate");
                return Optional.empty();
            }
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER).build(tsa));
            String imprintAlgorithm = new DefaultAlgorithmNameFinder().getAlgorithmName(token.getTimeStampInfo().getMessageImprintAlgOID());
            byte[] expected = MessageDigest.getInstance(imprintAlgorithm, Bc.PROVIDER).digest(signer.getSignature());
            if (!MessageDigest.isEqual(expected, token.getTimeStampInfo().getMessageImprintDigest())) {
                problems.add("the timestamp is not over this signature");
                return Optional.empty();
            }
            X509Certificate tsaCert = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(tsa);
            List<X509Certificate> tsaChain = new ArrayList<>();
            for (X509CertificateHolder h : token.getCertificates().getMatches(null)) {
                tsaChain.add(new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(h));
            }
            if (!chainsToAnchor(tsaCert, tsaChain, anchors)) {
                problems.add("the timestamp is not from a trusted timestamp authority");
                return Optional.empty();
            }
            return Optional.of(token.getTimeStampInfo().getGenTime().toInstant());
        } catch (Exception e) {
            problems.add("the signature timestamp does not verify: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Walks issuer by issuer through the certificates the CMS carries until a trust anchor signed one. */
    private static boolean chainsToAnchor(X509Certificate cert, List<X509Certificate> carried, List<X509Certificate> anchors) {
        X509Certificate current = cert;
        for (int depth = 0; depth < 8; depth++) {
            for (X509Certificate anchor : anchors) {
                if (signedBy(current, anchor)) {
                    return true;
                }
            }
            X509Certificate next = null;
            for (X509Certificate candidate : carried) {
                if (!candidate.equals(current) && signedBy(current, candidate)) {
                    next = candidate;
                }
            }
            if (next == null) {
                return false;
            }
            current = next;
        }
        return false;
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey(), Bc.PROVIDER);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<X509Certificate> certificates(CMSSignedData cms) throws GeneralSecurityException {
        List<X509Certificate> all = new ArrayList<>();
        for (X509CertificateHolder h : cms.getCertificates().getMatches(null)) {
            all.add(new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(h));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static X509CertificateHolder first(Store<X509CertificateHolder> store, SignerInformation signer) {
        return first(store, signer.getSID());
    }

    private static X509CertificateHolder first(Store<X509CertificateHolder> store, org.bouncycastle.cms.SignerId id) {
        Collection<X509CertificateHolder> matches = store.getMatches(id);
        return matches.isEmpty() ? null : matches.iterator().next();
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length);
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
