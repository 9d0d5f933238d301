package org.rdc.storage.objectstore;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quick-start object store: S3Proxy in this process, on loopback, keeping objects as files
 * under {@code <data>/objects}. It checks AWS V4 signatures with real credentials, so writes, listings
 * and deletes take exactly the production client path; reads open its files directly ({@link #config}).
 *
 * <p>Keys never leave {@code <objects>/<bucket>}: S3Proxy 4.1's filesystem back-end resolves a key against the
 * bucket directory, normalises it and refuses (400) any path outside it, Jetty refuses ambiguous URIs (an
 * encoded NUL, {@code ..;}, dot segments above the root) and unsigned requests get 403 before any key is
 * looked at. {@code EmbeddedS3ContainmentTest} pins that behaviour with raw HTTP requests; our own client
 * sends no key that {@link ObjectKeys} does not accept.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);

    private final Path root;
    private final String accessKey;
    private final String secretKey;
    private int port;
    private S3Proxy proxy;

    public EmbeddedS3(Path root, int port, String accessKey, String secretKey) {
        this.root = root;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Random credentials: nothing outside this process needs them. */
    public static EmbeddedS3 withRandomCredentials(Path root, int port) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return new EmbeddedS3(root, port, "rdc-embedded", HexFormat.of().formatHex(secret));
    }

    public synchronized EmbeddedS3 start() {
        if (proxy != null) {
            return this;
        }
        try {
            Files.createDirectories(root);
            S3Proxy p = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(root.toString()))
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
                    .build();
            p.start();
            waitStarted(p);
            proxy = p;
            // A restart comes back on the same port, so clients configured with the endpoint keep working.
            port = p.getPort();
            log.info("embedded S3 at {} storing under {}", endpoint(), root);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 server under " + root + ": " + e, e);
        }
    }

    private static void waitStarted(S3Proxy p) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(p.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within 10 s, state " + p.getState());
            }
            Thread.sleep(5);
        }
    }

    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("embedded S3 did not stop cleanly: {}", e.toString());
        }
        proxy = null;
    }

    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("embedded S3 has not been started");
        }
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The client's configuration, with the bucket's directory for reads ({@link ObjectStoreConfig#localObjects}): S3Proxy
     * 4.1's filesystem back-end keeps each object as one plain file, {@code <root>/<bucket>/<key>}, written to a
     * temporary file and moved into place (a multipart upload is concatenated into it when completed), and we
     * configure neither bucket versioning nor encryption, which would change that. Reading the file skips an HTTP
     * round trip through this same process (Jetty, request signing) for every instance read; writes, listings and
     * deletes still go through S3Proxy, so it alone shapes the directory. {@link #fileOf} and
     * EmbeddedS3ContainmentTest pin the same layout.
     */
    public ObjectStoreConfig config(String bucket) {
        return new ObjectStoreConfig(endpoint(), accessKey, secretKey, bucket, "us-east-1", ObjectStoreConfig.DEFAULT_PART_SIZE,
                null, root.resolve(bucket));
    }

    @Override
    public void close() {
        stop();
    }

    /** Where the filesystem back-end keeps one object: used by tests that damage a stored object. */
    public Path fileOf(String bucket, String key) throws IOException {
        return root.resolve(bucket).resolve(ObjectKeys.require(key));
    }
}
