package org.rdc.reports.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external-TSA client path (RFC 3161 §3.4), against the embedded authority served over HTTP on 127.0.0.1. */
class HttpTimeStamperTest {

    @TempDir
    static Path dir;
    static SigningFixture f;
    static HttpServer server;
    static final AtomicInteger requests = new AtomicInteger();
    static final AtomicReference<String> contentType = new AtomicReference<>();

    @BeforeAll
    static void serveTheEmbeddedTsa() throws Exception {
        f = new SigningFixture(dir).withUsers();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tsa", exchange -> {
            requests.incrementAndGet();
            contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] answer = f.tsa.respond(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void signaturesCarryTokensFromTheTsaAtTheConfiguredUrl() throws Exception {
        HttpTimeStamper external = new HttpTimeStamper(url("/tsa"), Duration.ofSeconds(10));
        int before = requests.get();
        byte[] token = external.timestamp("signature value".getBytes());
        assertThat(requests.get()).isEqualTo(before + 1);
        assertThat(contentType.get()).isEqualTo("application/timestamp-query");
        TimeStampToken parsed = new TimeStampToken(ContentInfo.getInstance(token));
        assertThat(parsed.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(EmbeddedTimestampAuthority.sha256("signature value".getBytes()));
        assertThat(parsed.getTimeStampInfo().getPolicy()).isEqualTo(EmbeddedTimestampAuthority.POLICY);

        PadesReportSigner signer = new PadesReportSigner(f.keyStore, external, f.clock);
        Verification v = f.verifier.verify(signer.sign(SigningFixture.onePagePdf("T1"), "zhang.author", SignerRole.AUTHOR));
        assertThat(requests.get()).as("one token per signature: PAdES and SM2").isEqualTo(before + 3);
        assertThat(v.intact()).isTrue();
        assertThat(v.signatures()).hasSize(2).allSatisfy(s -> assertThat(s.timestampTime()).isPresent());
    }

    @Test
    void aTsaThatIsDownOrAnswersNonsenseFailsTheSignatureWithASpecificError() {
        for (String path : new String[] {"/down", "/nowhere"}) {
            PadesReportSigner signer = new PadesReportSigner(f.keyStore, new HttpTimeStamper(url(path), Duration.ofSeconds(5)), f.clock);
            assertThatThrownBy(() -> signer.sign(SigningFixture.onePagePdf("T2"), "li.senior", SignerRole.AUTHOR))
                    .isInstanceOf(SigningException.class)
                    .satisfies(e -> assertThat(((SigningException) e).reason()).isEqualTo(SigningException.Reason.TIMESTAMP_FAILED));
        }
    }
}
