package org.rdc.storage.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;

/** An HTTP client that trusts exactly the certificate authorities of one PEM file. */
final class TrustedCa {

    private TrustedCa() {
    }

    static OkHttpClient httpClient(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new StorageException(Kind.INVALID, "no certificate in " + pem);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {tm}, null);
            return new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), tm).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new StorageException(Kind.INVALID, "cannot use " + pem + " as the object store's CA certificate: " + e, e);
        }
    }
}
