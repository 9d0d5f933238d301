package org.rdc.app.config;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * The TLS of the centre's own Netty listeners (the DICOM port, the ECG upload port), from PEM files:
 * a certificate chain, its PKCS#8 key and optionally the CA(s) of client certificates. With a client CA a
 * certificate is asked for but not required at the TLS layer; which facility needs one (and of which CN)
 * is the device authentication's decision ({@code tlsClientCn}).
 */
final class ServerTls {

    private ServerTls() {
    }

    /** The server context, or null when {@code certificate} is unset (the port then speaks plain TCP). */
    static SslContext load(String variables, Path certificate, Path key, Path clientCa) {
        if (unset(certificate)) {
            if (!unset(key)) {
                throw new IllegalStateException(variables + ": a TLS key without a certificate");
            }
            return null;
        }
        if (unset(key)) {
            throw new IllegalStateException(variables + ": a TLS certificate without its key");
        }
        for (Path p : new Path[] {certificate, key, clientCa}) {
            if (!unset(p) && !Files.isReadable(p)) {
                throw new IllegalStateException(variables + ": cannot read " + p);
            }
        }
        try {
            SslContextBuilder tls = SslContextBuilder.forServer(certificate.toFile(), key.toFile());
            if (!unset(clientCa)) {
                tls.trustManager(clientCa.toFile()).clientAuth(ClientAuth.OPTIONAL);
            }
            return tls.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException(variables + ": " + e.getMessage(), e);
        }
    }

    private static boolean unset(Path p) {
        return p == null || p.toString().isBlank();
    }
}
