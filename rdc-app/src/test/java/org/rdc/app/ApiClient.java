package org.rdc.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.TestStreams;
import org.rdc.storage.catalog.InstanceAttributes;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application under test as its clients call it (README "Signing in"): scripts with HTTP Basic,
 * the web workstation with a session cookie and the CSRF token on every change. Users are made by
 * the administrator the test starts the application with ({@link #ADMIN}); each user's password is
 * {@code <name>-password}. Shared by the application tests so that each does not copy it.
 */
public final class ApiClient {

    public static final String ADMIN = "admin";
    public static final String PASSWORD = "s3cret-pass-word";
    /** Digital X-ray image storage (PS3.4 B.5), the SOP class of {@link #dxStudy}. */
    public static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A new temporary data directory for one test class's application. */
    public static Path dataDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What an application test for these clients sets: its data directory, loopback only, the first
     * administrator, a fast worklist poll, no DICOM listener, cheap bcrypt.
     */
    public static void properties(DynamicPropertyRegistry registry, Path data) {
        registry.add("rdc.data-dir", data::toString);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> PASSWORD);
        registry.add("rdc.worklist.poll-interval", () -> "100ms");
        registry.add("rdc.dicom.enabled", () -> "false");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
    }

    /** An answer: status, body (as text by {@link #body()}) and headers. */
    public record Response(int status, byte[] bytes, HttpHeaders headers) {

        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body());
        }
    }

    /** A call with HTTP Basic as {@code user} (null: anonymous); {@code json} is the body, or null. */
    public Response call(String user, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = request(method, path, json);
        if (user != null) {
            String password = user.equals(ADMIN) ? PASSWORD : user + "-password";
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(http, b);
    }

    /** Creates a user through the administration API; {@code roles} and {@code lines} are JSON array contents. */
    public void createUser(String name, String roles, String lines, String facility) throws Exception {
        createUser(name, roles, lines, facility, "");
    }

    /** As {@link #createUser(String, String, String, String)}, with {@code extra} JSON members (",\"displayName\":..."). */
    public void createUser(String name, String roles, String lines, String facility, String extra) throws Exception {
        Response r = call(ADMIN, "POST", "/api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"" + name + "-password\","
                + "\"roles\":[" + roles + "],\"serviceLines\":[" + lines + "]" + (facility == null ? "" : ",\"facilityId\":\"" + facility + "\"")
                + extra + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("password");
    }

    /** One instance of a study as the storage API takes it; the patient's issuer is HOSP. */
    public static InstanceAttributes instance(String study, String facility, String modality, String sopClass, String patient) {
        return instance(study, facility, modality, sopClass, patient, null);
    }

    /** As {@link #instance(String, String, String, String, String)}, with the priority the sender asked for (e.g. "STAT"). */
    public static InstanceAttributes instance(String study, String facility, String modality, String sopClass, String patient,
                                              String requestedPriority) {
        return new InstanceAttributes(patient, "HOSP", "李^四", "F", LocalDate.of(1980, 5, 1), study, "ACC" + study.hashCode(),
                LocalDate.of(2026, 11, 23), "090000", modality + " 检查", study + ".1", modality, null, 1, null, sopClass, study + ".1.1", 1,
                "1.2.840.10008.1.2.1", facility, "DEV", requestedPriority, null);
    }

    /**
     * A DX study of one instance (patient of issuer HOSP, see {@link #instance}) stored through the storage API and
     * marked complete as the end of a STOW-RS request marks it; the id of its reading task once routed.
     */
    public long dxStudy(InstanceStore store, String study, String facility, String patient, String requestedPriority) throws Exception {
        store.store(instance(study, facility, "DX", DX, patient, requestedPriority), TestStreams.content(study.hashCode(), 2000));
        store.catalog().markReady(study, "STOW_RS");
        return awaitTask(study);
    }

    /** The id of the study's reading task, once the router made it (within 15 s). */
    public long awaitTask(String study) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Response r = call(ADMIN, "GET", "/api/worklist?size=100", null);
            Matcher m = Pattern.compile("\"id\":(\\d+),\"studyInstanceUid\":\"" + Pattern.quote(study) + "\"").matcher(r.body());
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no task for " + study + " after 15 s");
    }

    /** Signs {@code user} in as the browser does: {@code POST /api/session}, then {@code GET /api/session} for the CSRF token. */
    public Session signIn(String user) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        Response login = send(browser, request("POST", "/api/session", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(user + "-password", StandardCharsets.UTF_8))));
        assertThat(login.status()).as("sign-in of " + user + ": " + login.body()).isEqualTo(204);
        Response me = send(browser, request("GET", "/api/session", null));
        Matcher m = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(me.body());
        assertThat(m.find()).as(me.body()).isTrue();
        return new Session(user, browser, m.group(1));
    }

    /** A signed-in browser: every change carries the session's CSRF token in {@code X-CSRF-TOKEN}. */
    public final class Session {
        public final String user;
        private final HttpClient browser;
        private final String csrf;

        Session(String user, HttpClient browser, String csrf) {
            this.user = user;
            this.browser = browser;
            this.csrf = csrf;
        }

        public Response get(String path) throws Exception {
            return send(browser, request("GET", path, null));
        }

        public Response post(String path, String json) throws Exception {
            return change("POST", path, json);
        }

        public Response put(String path, String json) throws Exception {
            return change("PUT", path, json);
        }

        /** Claims the task and starts its report: the new report as the API answers it. */
        public JsonNode startReport(long task) throws Exception {
            Response claimed = post("/api/tasks/" + task + "/claim", null);
            assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
            Response created = post("/api/tasks/" + task + "/report", "{}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            return created.json();
        }

        private Response change(String method, String path, String json) throws Exception {
            return send(browser, request(method, path, json == null ? "{}" : json).header("X-CSRF-TOKEN", csrf));
        }
    }

    private HttpRequest.Builder request(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return b;
    }

    private static Response send(HttpClient client, HttpRequest.Builder b) throws Exception {
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body(), r.headers());
    }
}
