package org.rdc.storage.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.StorageException;
import org.rdc.storage.TestStreams;

/** The production path with TLS: an https endpoint whose certificate comes from a private CA. */
class TlsObjectStoreTest {

    @TempDir
    static Path dir;
    static S3Proxy proxy;
    static Path caPem;
    static String endpoint;

    @BeforeAll
    static void startHttpsS3() throws Exception {
        Path keystore = dir.resolve("s3.p12");
        caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "s3", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "s3", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caPem.toString());
        java.nio.file.Files.createDirectories(dir.resolve("objects"));
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.resolve("objects").toString()))
                .secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(keystore.toString(), "changeit")
                .awsAuthentication(AuthenticationType.AWS_V4, "tls-user", "tls-secret-key")
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
        endpoint = "https://127.0.0.1:" + proxy.getSecurePort();
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.stop();
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }

    @Test
    void roundTripOverHttpsWithTheHospitalsCa() throws Exception {
        MinioObjectStore store = new MinioObjectStore(new ObjectStoreConfig(endpoint, "tls-user", "tls-secret-key",
                "tls-bucket", "us-east-1", ObjectStoreConfig.DEFAULT_PART_SIZE, caPem));
        store.ensureBucket();
        long size = 100_000;
        String sha = TestStreams.sha256(11, size);
        store.put("tls/a.bin", TestStreams.content(11, size), size, sha);
        try (InputStream in = store.get("tls/a.bin", size, sha)) {
            assertThat(TestStreams.drain(in)).isEqualTo(sha);
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        MinioObjectStore store = new MinioObjectStore(new ObjectStoreConfig(endpoint, "tls-user", "tls-secret-key",
                "tls-bucket", "us-east-1", ObjectStoreConfig.DEFAULT_PART_SIZE));
        assertThatThrownBy(store::checkAvailable).isInstanceOf(StorageException.class)
                .hasMessageContaining("trust");
    }
}
