package org.rdc.reports.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * The embedded timestamp authority (RFC 3161), signing with the TSA certificate the alliance CA
 * issued (extended key usage timeStamping, critical: §2.3). {@link #respond} is the whole protocol
 * (§2.4), so the same authority can answer over HTTP (§3.4).
 */
public final class EmbeddedTimestampAuthority implements TimeStamper {

    /** The TSA policy (§2.4.2 TSTInfo.policy): an OID under 2.25 (UUID-derived, ITU-T X.667), so it needs no registration. */
    static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("2.25.247009617226893468437145233962012476161");

    private final TimeStampResponseGenerator responses;
    private final Clock clock;

    EmbeddedTimestampAuthority(Pkcs12 tsa, Clock clock) {
        this.clock = clock;
        try {
            SignerInfoGenerator signer = new JcaSimpleSignerInfoGeneratorBuilder().setProvider(Bc.PROVIDER)
                    .build("SHA256withRSA", tsa.key(), tsa.certificate());
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(signer,
                    new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build()
                            .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)), POLICY);
            tokens.addCertificates(new JcaCertStore(tsa.chain()));
            responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
        } catch (Exception e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot set up the embedded timestamp authority", e);
        }
    }

    @Override
    public byte[] timestamp(byte[] data) {
        TimeStampRequestGenerator request = new TimeStampRequestGenerator();
        request.setCertReq(true);
        TimeStampRequest req = request.generate(TSPAlgorithms.SHA256, sha256(data), new BigInteger(64, Bc.RANDOM));
        try {
            TimeStampResponse response = new TimeStampResponse(respond(req.getEncoded()));
            response.validate(req);
            return response.getTimeStampToken().getEncoded();
        } catch (IOException | TSPException e) {
            throw new SigningException(SigningException.Reason.TIMESTAMP_FAILED, "the embedded timestamp authority failed", e);
        }
    }

    /** Answers a DER TimeStampReq with a DER TimeStampResp (§2.4.1, §2.4.2); a bad request gets a rejection. */
    public byte[] respond(byte[] timeStampRequest) {
        try {
            TimeStampRequest req;
            try {
                req = new TimeStampRequest(timeStampRequest);
            } catch (IOException | RuntimeException e) {
                return responses.generateRejectedResponse(new TSPException("not a TimeStampReq")).getEncoded();
            }
            BigInteger serial = new BigInteger(127, Bc.RANDOM);
            return responses.generate(req, serial, Date.from(clock.instant())).getEncoded();
        } catch (IOException | TSPException e) {
            throw new SigningException(SigningException.Reason.TIMESTAMP_FAILED, "the embedded timestamp authority failed", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
