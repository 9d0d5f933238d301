package org.rdc.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.RdcApplication;
import org.rdc.storage.Sha256;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** API tokens through the real application: one works as its owner, is kept only as SHA-256, and stops when revoked. */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTokenTest {

    static final Path data;

    static {
        try {
            data = java.nio.file.Files.createTempDirectory("rdc-api-token");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String ADMIN = "admin";
    static final String PASSWORD = "s3cret-pass-word";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> PASSWORD);
        registry.add("rdc.dicom.enabled", () -> "false");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode tree() throws Exception {
            return new ObjectMapper().readTree(body);
        }
    }

    private static String basic(String user) {
        String password = user.equals(ADMIN) ? PASSWORD : user + "-password";
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Response call(String authorization, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r);
    }

    private String newToken(String user, String name) throws Exception {
        Response r = call(basic(user), "POST", "/api/tokens", "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.tree().get("token").asText();
    }

    @BeforeAll
    void users() throws Exception {
        for (String u : List.of("his", "pacs")) {
            Response r = call(basic(ADMIN), "POST", "/api/admin/users", "{\"username\":\"" + u + "\",\"password\":\"" + u
                    + "-password\",\"roles\":[\"READER\"],\"serviceLines\":[\"RADIOLOGY\"]}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @Test
    void aTokenActsAsItsOwnerWithoutASessionAndIsStoredOnlyAsItsSha256() throws Exception {
        Response created = call(basic("his"), "POST", "/api/tokens", "{\"name\":\"HIS 接口\",\"days\":30}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.tree().get("token").asText();
        assertThat(token).startsWith("rdcu_").hasSize(5 + 43);  // 256 random bits, base64url
        assertThat(created.tree().at("/info/name").asText()).isEqualTo("HIS 接口");
        assertThat(created.tree().at("/info/username").asText()).isEqualTo("his");

        Response worklist = call("Bearer " + token, "GET", "/api/worklist", null);
        assertThat(worklist.status()).as(worklist.body()).isEqualTo(200);
        assertThat(worklist.raw().headers().firstValue("Set-Cookie")).isEmpty();
        Response session = call("Bearer " + token, "GET", "/api/session", null);
        assertThat(session.body()).contains("\"his\"");
        // A change with the token needs no CSRF token: no cookie can carry it.
        assertThat(call("Bearer " + token, "POST", "/api/worklist/next?serviceLine=RADIOLOGY", null).status()).isEqualTo(204);

        List<Map<String, Object>> rows = JdbcClient.create(dataSource).sql("SELECT * FROM api_token WHERE username = 'his'")
                .query().listOfRows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values().stream().map(String::valueOf)).noneMatch(v -> v.contains(token.substring(5)));
        assertThat(String.valueOf(rows.get(0).get("TOKEN_SHA256"))).isEqualTo(Sha256.of(token.getBytes(StandardCharsets.US_ASCII)));

        Response listed = call(basic("his"), "GET", "/api/tokens", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains("HIS 接口").doesNotContain(token.substring(5)).contains("\"lastUsedAt\":\"");
    }

    @Test
    void aWrongRevokedOrOrphanedTokenIsRefusedAt401() throws Exception {
        Response wrong = call("Bearer rdcu_" + "A".repeat(43), "GET", "/api/worklist", null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.raw().headers().allValues("WWW-Authenticate")).contains("Bearer realm=\"rdc\", error=\"invalid_token\"");

        String token = newToken("pacs", "PACS 回传");
        assertThat(call("Bearer " + token, "GET", "/api/worklist", null).status()).isEqualTo(200);
        long id = call(basic("pacs"), "GET", "/api/tokens", null).tree().get(0).get("id").asLong();
        // Another user cannot see or revoke it; the owner can.
        assertThat(call(basic("his"), "DELETE", "/api/tokens/" + id, null).status()).isEqualTo(404);
        assertThat(call(basic("his"), "GET", "/api/tokens?user=pacs", null).status()).isEqualTo(403);
        Response revoked = call(basic("pacs"), "DELETE", "/api/tokens/" + id, null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.tree().get("revokedBy").asText()).isEqualTo("pacs");
        assertThat(call("Bearer " + token, "GET", "/api/worklist", null).status()).isEqualTo(401);

        // A token of a user who is then disabled stops working with the user.
        String admins = newToken(ADMIN, "admin script");
        Response made = call(basic(ADMIN), "POST", "/api/tokens", "{\"name\":\"nightly export\",\"user\":\"his\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String forHis = made.tree().get("token").asText();
        assertThat(call("Bearer " + forHis, "GET", "/api/worklist", null).status()).isEqualTo(200);
        assertThat(call("Bearer " + admins, "PUT", "/api/admin/users/his", "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(call("Bearer " + forHis, "GET", "/api/worklist", null).status()).isEqualTo(401);
        assertThat(call("Bearer " + admins, "PUT", "/api/admin/users/his", "{\"enabled\":true}").status()).isEqualTo(200);
    }

    @Test
    void onlyAPersonSignedInWithTheirPasswordMakesTokensAndOnlyAnAdministratorForOthers() throws Exception {
        String token = newToken("pacs", "first");
        Response byToken = call("Bearer " + token, "POST", "/api/tokens", "{\"name\":\"second\"}");
        assertThat(byToken.status()).isEqualTo(403);
        assertThat(byToken.body()).contains("a token cannot create tokens");
        Response forOther = call(basic("pacs"), "POST", "/api/tokens", "{\"name\":\"x\",\"user\":\"his\"}");
        assertThat(forOther.status()).isEqualTo(403);
        assertThat(call(basic("pacs"), "POST", "/api/tokens", "{\"name\":\" \"}").status()).isEqualTo(400);
        assertThat(call(basic("pacs"), "POST", "/api/tokens", "{\"name\":\"x\",\"days\":4000}").status()).isEqualTo(400);
        // A token is no way into the administrators' API for a reader.
        assertThat(call("Bearer " + token, "GET", "/api/admin/users", null).status()).isEqualTo(403);
    }

    @Test
    void dicomWebCorsIsOffUnlessOriginsAreConfigured() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dicomweb/studies"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://ohif.example")
                .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).isEmpty();
    }
}
