package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.gateway.scu.DicomClient;

/** TLS is configuration: the same gateway with a server certificate; a plain-TCP client gets nowhere. */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void echoOverTls() throws Exception {
        Tools.require("openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Tools.Result r = Tools.run(60, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost");
        assertThat(r.exitCode()).as(r.output()).isZero();
        SslContext server = SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("gw"), c -> c.withTls(server), GatewayFixture.FACILITIES)) {
            SslContext client = SslContextBuilder.forClient().trustManager(cert.toFile()).build();
            try (DicomClient c = DicomClient.open(DicomClient.request("localhost", gw.port(), GatewayFixture.AE)
                    .callingAe("ZHUSHAN_DR").verification().tls(client))) {
                assertThat(c.echo()).isZero();
            }
            assertThatThrownBy(() -> DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                    .callingAe("ZHUSHAN_DR").verification().dimseTimeout(Duration.ofSeconds(5))))
                    .isInstanceOfAny(java.io.IOException.class, org.rdc.gateway.ul.AssociationException.class);
        }
    }
}
