package org.rdc.storage.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdc.storage.StorageException;

/**
 * The embedded store keeps objects as files under its directory; whatever the key, nothing may be
 * written, read or deleted outside {@code <objects>/<bucket>}. Tried three ways: our client (refuses
 * before sending), the MinIO SDK directly, and raw HTTP requests, signed and unsigned, written byte by
 * byte to the socket so no client library normalises the path first.
 */
class EmbeddedS3ContainmentTest {

    static final String BUCKET = "contained";
    static final List<String> HOSTILE_KEYS = List.of("..", "../x", "a/../../x", "%2e%2e/x", "a\u0000b", "/etc/x", "..\\x",
            "a/..\\..\\x", "../other/x", "./../x", "a//../../x", "a/%2e%2e/%2e%2e/x");

    @TempDir
    static Path dir;
    static Path outside;
    static Path objects;
    static EmbeddedS3 s3;
    static ObjectStoreConfig config;
    static MinioClient sdk;
    static Set<Path> before;

    @BeforeAll
    static void start() throws IOException {
        outside = dir.resolve("outside");
        objects = outside.resolve("objects");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("x"), "precious");
        s3 = EmbeddedS3.withRandomCredentials(objects, 0).start();
        config = s3.config(BUCKET);
        new MinioObjectStore(config).ensureBucket();
        new MinioObjectStore(s3.config("other")).ensureBucket();
        sdk = MinioClient.builder().endpoint(config.endpoint()).credentials(config.accessKey(), config.secretKey())
                .region(config.region()).build();
        before = filesOutsideTheBucket();
    }

    @AfterAll
    static void stop() {
        s3.stop();
    }

    @AfterEach
    void nothingOutsideTheBucketChanged() throws IOException {
        assertThat(filesOutsideTheBucket()).isEqualTo(before);
        assertThat(Files.readString(outside.resolve("x"))).isEqualTo("precious");
    }

    /** Every regular file under the test directory that is not inside the bucket's own directory. */
    static Set<Path> filesOutsideTheBucket() throws IOException {
        Path bucket = objects.resolve(BUCKET);
        try (Stream<Path> s = Files.walk(dir)) {
            return new TreeSet<>(s.filter(Files::isRegularFile).filter(p -> !p.startsWith(bucket)).toList());
        }
    }

    @Test
    void ourClientRefusesEveryUnsafeKeyBeforeSendingIt() {
        MinioObjectStore store = new MinioObjectStore(config);
        List<String> keys = new ArrayList<>(HOSTILE_KEYS);
        keys.addAll(List.of("", "a/", "a//b", ".", "a/./b", "a b", "a?b", "a#b", "ä", "x".repeat(1025)));
        for (String key : keys) {
            byte[] data = "evil".getBytes(StandardCharsets.US_ASCII);
            String sha = sha256Hex(data);
            assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(data), data.length, sha)).as("put '%s'", key)
                    .isInstanceOf(StorageException.class).hasMessageContaining("not a safe object key")
                    .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.INVALID));
            assertThatThrownBy(() -> store.get(key, 4, sha)).as("get '%s'", key).isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> store.stat(key)).as("stat '%s'", key).isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> store.delete(key)).as("delete '%s'", key).isInstanceOf(StorageException.class);
        }
        assertThat(ObjectKeys.isSafe("dicom/1.2.3/1.2.3.4/1.2.3.4.5/" + "ab".repeat(32) + ".dcm")).isTrue();
        assertThat(ObjectKeys.isSafe("attachments/1.2.3/ecg_original/" + "ab".repeat(32))).isTrue();
    }

    static List<String> hostileKeys() {
        return HOSTILE_KEYS;
    }

    @ParameterizedTest
    @MethodSource("hostileKeys")
    void theMinioSdkStraightToTheServerCannotLeaveTheBucket(String key) {
        byte[] data = "evil".getBytes(StandardCharsets.US_ASCII);
        try {
            sdk.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).stream(new ByteArrayInputStream(data), (long) data.length, null)
                    .build());
        } catch (Exception refused) {
            // the SDK or the server said no: what matters is where the bytes did (not) go, checked after each test
        }
        try (InputStream in = sdk.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).as("read back '%s'", key).isNotEqualTo("precious");
        } catch (Exception refused) {
            // refused or not found
        }
        try {
            sdk.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
            sdk.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(key).build());
        } catch (Exception refused) {
            // refused or not found
        }
    }

    /** Paths as a hostile client could put them on the wire, percent-encoded or not. */
    @ParameterizedTest
    @ValueSource(strings = {"/contained/..", "/contained/../x", "/contained/a/../../x", "/contained/%2e%2e/x", "/contained/%2E%2E/x",
            "/contained/a%2f..%2f..%2fx", "/contained/a%00b", "/contained//etc/x", "/contained/%2fetc%2fx", "/contained/..%5cx",
            "/contained/a/..%5c..%5cx", "/contained/../other/x", "/contained/%2e%2e%2fother%2fx", "/contained/./../x",
            "/contained/a//../../x", "/../x", "/%2e%2e/x", "/contained/..;/x", "/contained/%252e%252e/x"})
    void rawHttpRequestsCannotLeaveTheBucket(String path) throws Exception {
        for (boolean signed : new boolean[] {false, true}) {
            Response put = send("PUT", path, "evil".getBytes(StandardCharsets.US_ASCII), signed);
            assertThat(put.status).as("%s PUT %s: %s", signed ? "signed" : "unsigned", path, put.body).isNotEqualTo(500);
            if (!signed) {
                assertThat(put.status).as("unsigned PUT %s: %s", path, put.body).isIn(400, 403);
            }
            Response get = send("GET", path, new byte[0], signed);
            assertThat(get.body).as("GET %s", path).doesNotContain("precious");
            send("DELETE", path, new byte[0], signed);
        }
    }

    /** Without this the signed cases above could all be failing on the signature and prove nothing. */
    @Test
    void aSignedRawRequestForAnOrdinaryKeyIsAccepted() throws Exception {
        Response put = send("PUT", "/contained/ok/raw.bin", "fine".getBytes(StandardCharsets.US_ASCII), true);
        assertThat(put.status).as(put.body).isEqualTo(200);
        assertThat(Files.readString(objects.resolve(BUCKET).resolve("ok/raw.bin"))).isEqualTo("fine");
        assertThat(send("GET", "/contained/ok/raw.bin", new byte[0], true).body).endsWith("fine");
        assertThat(send("GET", "/contained/ok/raw.bin", new byte[0], false).status).isEqualTo(403);
    }

    record Response(int status, String body) {
    }

    /** One HTTP/1.1 request, the request line written exactly as given; AWS Signature V4 over that same path when signed. */
    static Response send(String method, String rawPath, byte[] body, boolean signed) throws Exception {
        URIish endpoint = new URIish(config.endpoint());
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n");
        String host = endpoint.host + ":" + endpoint.port;
        head.append("Host: ").append(host).append("\r\n");
        if (signed) {
            String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
            String payload = sha256Hex(body);
            String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
            String canonical = method + "\n" + rawPath + "\n\n" + "host:" + host + "\nx-amz-content-sha256:" + payload
                    + "\nx-amz-date:" + date + "\n\n" + signedHeaders + "\n" + payload;
            String scope = date.substring(0, 8) + "/" + config.region() + "/s3/aws4_request";
            String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
            byte[] key = hmac(("AWS4" + config.secretKey()).getBytes(StandardCharsets.UTF_8), date.substring(0, 8));
            key = hmac(hmac(hmac(key, config.region()), "s3"), "aws4_request");
            String signature = HexFormat.of().formatHex(hmac(key, toSign));
            head.append("x-amz-date: ").append(date).append("\r\n");
            head.append("x-amz-content-sha256: ").append(payload).append("\r\n");
            head.append("Authorization: AWS4-HMAC-SHA256 Credential=").append(config.accessKey()).append('/').append(scope)
                    .append(", SignedHeaders=").append(signedHeaders).append(", Signature=").append(signature).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket(endpoint.host, endpoint.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(9, 12));
            return new Response(status, text);
        }
    }

    record URIish(String host, int port) {
        URIish(String endpoint) {
            this(java.net.URI.create(endpoint).getHost(), java.net.URI.create(endpoint).getPort());
        }
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
