package org.rdc.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.rdc.app.ApiClient;
import org.rdc.app.ApiClient.Response;
import org.rdc.app.ApiClient.Session;
import org.rdc.app.RdcApplication;
import org.rdc.gateway.Tools;
import org.rdc.storage.InstanceStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Signing set up for production through the administration API: with automatic issuing off, a reader
 * signs only with the credential a real CA gave them. The "real CA" is one openssl makes; its PKCS#12
 * is imported, the report is signed with it, and the uploaded PDF verifies with that signer trusted.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigningAdminApplicationTest {

    static final Path data = ApiClient.dataDirectory("rdc-signing-admin");
    static final String P12_PASSWORD = "p12-import-pass";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
        registry.add("rdc.signing.auto-issue", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    InstanceStore store;

    ApiClient api;
    Path ca;
    long task;
    long report;

    @BeforeAll
    void aReaderACaAndAStudy() throws Exception {
        api = new ApiClient(port);
        api.createUser("zhao.reader", "\"READER\"", "\"RADIOLOGY\"", null, ",\"displayName\":\"赵医生\"");
        ca = Files.createDirectories(data.resolve("provincial-ca"));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "30", "-subj", "/CN=Provincial Health CA/O=Province", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "zhao.key", "-out", "zhao.csr",
                "-subj", "/CN=Zhao Reader/O=Province");
        Files.writeString(ca.resolve("zhao.ext"), "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n");
        openssl("x509", "-req", "-in", "zhao.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "zhao.pem", "-days", "30", "-extfile", "zhao.ext");
        openssl("pkcs12", "-export", "-in", "zhao.pem", "-inkey", "zhao.key", "-certfile", "ca.pem",
                "-out", "zhao.p12", "-passout", "pass:" + P12_PASSWORD);
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out",
                "other-ca.pem", "-days", "30", "-subj", "/CN=Municipal Health CA/O=City", "-addext", "basicConstraints=critical,CA:TRUE");

        task = api.dxStudy(store, "7.1.1", "fx", "PX7", null);
    }

    @Test
    @Order(1)
    void withoutAnImportedCredentialSigningIsRefusedAndNothingIsSigned() throws Exception {
        Session zhao = api.signIn("zhao.reader");
        JsonNode r = zhao.startReport(task);
        report = r.get("id").asLong();
        Response saved = zhao.put("/api/reports/" + report + "/draft", "{\"baseRevision\":" + r.get("version").get("draftRevision").asInt()
                + ",\"findings\":\"两肺纹理清晰。\",\"impression\":\"胸部未见异常。\",\"fields\":{\"projection\":\"PA\",\"imageQuality\":\"GOOD\"}}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);

        Response refused = zhao.post("/api/reports/" + report + "/sign", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("no-signing-credential");
        assertThat(api.call(ApiClient.ADMIN, "GET", "/api/reports/" + report, null).json().get("latestVersion").asInt()).isEqualTo(1);
        assertThat(admin("GET", "/api/admin/signing/users/zhao.reader/certificates").json()).isEmpty();
    }

    @Test
    @Order(2)
    void onlyAnAdministratorImportsAndAWrongPasswordOrNotACertificateIsA400() throws Exception {
        byte[] p12 = Files.readAllBytes(ca.resolve("zhao.p12"));
        Response reader = multipart("zhao.reader", "/api/admin/signing/users/zhao.reader/credentials", p12, P12_PASSWORD);
        assertThat(reader.status()).isEqualTo(403);

        Response wrong = multipart(ApiClient.ADMIN, "/api/admin/signing/users/zhao.reader/credentials", p12, "not-the-password");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.json().get("code").asString()).isEqualTo("invalid-pkcs12");
        assertThat(wrong.body()).doesNotContain("not-the-password");

        Response nobody = multipart(ApiClient.ADMIN, "/api/admin/signing/users/no.such.user/credentials", p12, P12_PASSWORD);
        assertThat(nobody.status()).isEqualTo(404);

        Response garbage = raw(ApiClient.ADMIN, "/api/admin/signing/trusted-cas", "application/x-pem-file", "-----BEGIN CERTIFICATE-----\nAAAA\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(garbage.status()).as(garbage.body()).isEqualTo(400);
        assertThat(garbage.json().get("code").asString()).isEqualTo("not-a-certificate");
        assertThat(admin("GET", "/api/admin/signing/users/zhao.reader/certificates").json()).isEmpty();
    }

    @Test
    @Order(3)
    void theImportedCredentialSignsAndTheUploadedPdfVerifiesWithItsSignerTrusted() throws Exception {
        Response imported = multipart(ApiClient.ADMIN, "/api/admin/signing/users/zhao.reader/credentials",
                Files.readAllBytes(ca.resolve("zhao.p12")), P12_PASSWORD);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        JsonNode cert = imported.json();
        assertThat(cert.get("subject").asString()).contains("CN=Zhao Reader");
        assertThat(cert.get("issuer").asString()).contains("CN=Provincial Health CA");
        assertThat(cert.get("sha256").asString()).isEqualTo(fingerprint(ca.resolve("zhao.pem")));
        assertThat(imported.body()).doesNotContain(P12_PASSWORD).doesNotContain("PRIVATE");
        assertThat(admin("GET", "/api/admin/signing/trusted-cas").json().toString()).contains(fingerprint(ca.resolve("ca.pem")));

        Session zhao = api.signIn("zhao.reader");
        Response signed = zhao.post("/api/reports/" + report + "/sign", null);
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        Response pdf = api.call(ApiClient.ADMIN, "GET", "/api/reports/" + report + "/versions/1/pdf", null);
        assertThat(pdf.status()).isEqualTo(200);
        JsonNode check = raw(ApiClient.ADMIN, "/api/reports/verify", "application/pdf", pdf.bytes()).json();
        assertThat(check.get("outcome").asString()).as(check.toString()).isEqualTo("VALID_CURRENT");
        JsonNode pades = check.get("signatures").get(0);
        assertThat(pades.get("signer").asString()).isEqualTo("Zhao Reader");
        assertThat(pades.get("certificateTrusted").asBoolean()).isTrue();
        assertThat(pades.get("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void anotherCaIsTrustedFromItsPemAndAWithdrawnCredentialSignsNoMore() throws Exception {
        Response trusted = raw(ApiClient.ADMIN, "/api/admin/signing/trusted-cas", "application/x-pem-file",
                Files.readAllBytes(ca.resolve("other-ca.pem")));
        assertThat(trusted.status()).as(trusted.body()).isEqualTo(201);
        assertThat(admin("GET", "/api/admin/signing/trusted-cas").json().toString()).contains(fingerprint(ca.resolve("other-ca.pem")));

        String serial = admin("GET", "/api/admin/signing/users/zhao.reader/certificates").json().get(0).get("serial").asString();
        assertThat(admin("POST", "/api/admin/signing/users/zhao.reader/certificates/ffff/revoke").status()).isEqualTo(404);
        Response revoked = admin("POST", "/api/admin/signing/users/zhao.reader/certificates/" + serial + "/revoke");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(admin("GET", "/api/admin/signing/users/zhao.reader/certificates").json()).isEmpty();

        Session zhao = api.signIn("zhao.reader");
        Response addendum = zhao.post("/api/reports/" + report + "/versions", "{\"kind\":\"ADDENDUM\",\"reason\":\"补充\"}");
        assertThat(addendum.status()).as(addendum.body()).isIn(200, 201);
        Response refused = zhao.post("/api/reports/" + report + "/sign", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("no-signing-credential");
    }

    /** openssl in the CA's directory: file arguments are names there. */
    private void openssl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        for (int i = 0; i < args.length; i++) {
            boolean file = args[i].matches("[a-z-]+\\.(key|pem|csr|p12|ext)");
            command[i + 1] = file ? ca.resolve(args[i]).toString() : args[i];
        }
        Tools.Result r = Tools.run(60, command);
        assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r.output()).isZero();
    }

    private Response admin(String method, String path) throws Exception {
        return api.call(ApiClient.ADMIN, method, path, null);
    }

    private Response multipart(String user, String path, byte[] p12, String password) throws Exception {
        String boundary = "----rdc" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + password + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"zhao.p12\"\r\nContent-Type: application/x-pkcs12\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + p12.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(p12, 0, body, head.length, p12.length);
        System.arraycopy(tail, 0, body, head.length + p12.length, tail.length);
        return raw(user, path, "multipart/form-data; boundary=" + boundary, body);
    }

    private Response raw(String user, String path, String contentType, byte[] body) throws Exception {
        String password = user.equals(ApiClient.ADMIN) ? ApiClient.PASSWORD : user + "-password";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body(), r.headers());
    }

    private static String fingerprint(Path pem) throws Exception {
        X509Certificate c;
        try (var in = Files.newInputStream(pem)) {
            c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

}
