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

    /** A facility with tlsClientCn: only a client certificate with that CN (signed by the configured CA) gets in. */
    @Test
    void clientCertificatePerFacility() throws Exception {
        Tools.require("openssl");
        String[][] steps = {
                {"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
                        "-subj", "/CN=county-ca"},
                {"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.pem",
                        "-days", "1", "-subj", "/CN=localhost"},
                {"openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
                        "-subj", "/O=zhushan/CN=zhushan-gw"},
                {"openssl", "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                        "-out", "client.pem", "-days", "1"},
                {"openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.csr",
                        "-subj", "/CN=someone-else"},
                {"openssl", "x509", "-req", "-in", "other.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                        "-out", "other.pem", "-days", "1"}};
        for (String[] step : steps) {
            ProcessBuilder pb = new ProcessBuilder(step).directory(dir.toFile()).redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
        }
        SslContext server = SslContextBuilder.forServer(dir.resolve("server.pem").toFile(), dir.resolve("server.key").toFile())
                .trustManager(dir.resolve("ca.pem").toFile()).clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL).build();
        String yaml = GatewayFixture.FACILITIES.replace("""
                  - id: zhushan
                    name: 珠山镇中心卫生院
                """, """
                  - id: zhushan
                    name: 珠山镇中心卫生院
                    tlsClientCn: zhushan-gw
                """);
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("gw"), c -> c.withTls(server), yaml)) {
            SslContext good = SslContextBuilder.forClient().trustManager(dir.resolve("server.pem").toFile())
                    .keyManager(dir.resolve("client.pem").toFile(), dir.resolve("client.key").toFile()).build();
            try (DicomClient c = DicomClient.open(DicomClient.request("localhost", gw.port(), GatewayFixture.AE)
                    .callingAe("ZHUSHAN_DR").verification().tls(good))) {
                assertThat(c.echo()).isZero();
            }
            SslContext other = SslContextBuilder.forClient().trustManager(dir.resolve("server.pem").toFile())
                    .keyManager(dir.resolve("other.pem").toFile(), dir.resolve("other.key").toFile()).build();
            SslContext none = SslContextBuilder.forClient().trustManager(dir.resolve("server.pem").toFile()).build();
            for (SslContext wrong : java.util.List.of(other, none)) {
                assertThatThrownBy(() -> DicomClient.open(DicomClient.request("localhost", gw.port(), GatewayFixture.AE)
                        .callingAe("ZHUSHAN_DR").verification().tls(wrong)))
                        .isInstanceOf(org.rdc.gateway.ul.AssociationRejectedException.class);
            }
            // the demo facility requires no client certificate
            try (DicomClient c = DicomClient.open(DicomClient.request("localhost", gw.port(), GatewayFixture.AE)
                    .callingAe("DEMO_DR").verification().tls(none))) {
                assertThat(c.echo()).isZero();
            }
        }
    }
}
