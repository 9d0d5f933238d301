package org.rdc.reports.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Hashtable;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The CMS SignedData (RFC 5652) of one PDF signature, detached, as ETSI EN 319 142-1 (PAdES baseline
 * B-T) wants it: signed attributes content-type, message-digest and signing-certificate-v2
 * (RFC 5035), no signing-time (§5.2.1: the claimed time is the signature dictionary's M), and a
 * signature-time-stamp (RFC 3161 token over the signature value) as unsigned attribute. For SM2 the
 * same structure with the SM2/SM3 OIDs of GM/T 0006 (digest SM3, signature SM3withSM2), as GM/T 0010
 * uses; the content types stay the RFC 5652 ones because a PDF reader expects those.
 */
final class CadesSignature {

    private CadesSignature() {
    }

    static byte[] create(byte[] signedBytes, SigningCredential credential, TimeStamper timeStamper) {
        X509Certificate cert = credential.certificate();
        try {
            JcaSignerInfoGeneratorBuilder signerInfo = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build())
                    .setSignedAttributeGenerator(new WithoutSigningTime(new AttributeTable(signingCertificateV2(cert))));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo.build(new CredentialContentSigner(credential), cert));
            generator.addCertificates(new JcaCertStore(credential.chain()));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(signedBytes), false);

            SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
            Attribute timestamp = new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    new DERSet(ASN1Primitive.fromByteArray(timeStamper.timestamp(signer.getSignature()))));
            signer = SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(timestamp));
            return CMSSignedData.replaceSigners(signed, new SignerInformationStore(signer)).getEncoded(ASN1Encoding.DER);
        } catch (IOException | GeneralSecurityException | OperatorCreationException | CMSException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot build the CMS signature", e);
        }
    }

    /** RFC 5035 §5.4: the signer certificate's SHA-256 hash and issuer/serial, binding the certificate to the signature. */
    static Attribute signingCertificateV2(X509Certificate cert) throws GeneralSecurityException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(
                new GeneralNames(new GeneralName(X500Name.getInstance(cert.getIssuerX500Principal().getEncoded()))), cert.getSerialNumber());
        ESSCertIDv2 id = new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), hash, issuerSerial);
        return new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {id})));
    }

    private static final class WithoutSigningTime extends DefaultSignedAttributeTableGenerator {

        WithoutSigningTime(AttributeTable attributes) {
            super(attributes);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected Hashtable createStandardAttributeTable(Map parameters) {
            Hashtable table = super.createStandardAttributeTable(parameters);
            table.remove(CMSAttributes.signingTime);
            return table;
        }
    }

    /** Hands the DER signed attributes to the credential, which alone holds the key. */
    private static final class CredentialContentSigner implements ContentSigner {

        private final SigningCredential credential;
        private final AlgorithmIdentifier algorithm;
        private final ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream();

        CredentialContentSigner(SigningCredential credential) {
            this.credential = credential;
            this.algorithm = new DefaultSignatureAlgorithmIdentifierFinder().find(credential.algorithm().jcaName());
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream() {
            return toBeSigned;
        }

        @Override
        public byte[] getSignature() {
            return credential.sign(toBeSigned.toByteArray());
        }
    }
}
