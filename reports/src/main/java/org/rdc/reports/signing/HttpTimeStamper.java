package org.rdc.reports.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * An external timestamp authority over HTTP (RFC 3161 §3.4): POST application/timestamp-query,
 * answer application/timestamp-reply. The answer must match the request (imprint and nonce) and its
 * token must verify with the TSA certificate it carries (which must have the critical timeStamping
 * extended key usage); trust in that TSA is the verifier's.
 */
public final class HttpTimeStamper implements TimeStamper {

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;

    public HttpTimeStamper(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public byte[] timestamp(byte[] data) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, EmbeddedTimestampAuthority.sha256(data),
                new BigInteger(64, Bc.RANDOM));
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw failed("HTTP " + answer.statusCode(), null);
            }
            TimeStampResponse response = new TimeStampResponse(answer.body());
            response.validate(request);
            TimeStampToken token = response.getTimeStampToken();
            if (token == null) {
                throw failed("status " + response.getStatus() + " " + response.getStatusString(), null);
            }
            java.util.Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
            if (matches.isEmpty()) {
                throw failed("the token carries no TSA certificate", null);
            }
            X509CertificateHolder tsaCert = matches.iterator().next();
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER).build(tsaCert));
            return token.getEncoded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted", e);
        } catch (SigningException e) {
            throw e;
        } catch (IOException | RuntimeException | org.bouncycastle.tsp.TSPException | org.bouncycastle.operator.OperatorCreationException
                 | java.security.cert.CertificateException e) {
            throw failed(e.getMessage(), e);
        }
    }

    private SigningException failed(String why, Throwable cause) {
        return new SigningException(SigningException.Reason.TIMESTAMP_FAILED, "timestamp authority " + url + ": " + why, cause);
    }

    @Override
    public String toString() {
        return "HttpTimeStamper[" + url + "]";
    }
}
