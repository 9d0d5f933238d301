package org.rdc.app.dicomweb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rdc.test.Requires;

/**
 * The OHIF viewer v3 as its npm package {@code @ohif/app} ships it built ({@code dist/}), served from 127.0.0.1 on a
 * port of its own (so on another origin than the centre: the viewer's DICOMweb calls exercise CORS), with an
 * {@code app-config.js} that points its one data source at our DICOMweb root and sends an API token.
 *
 * <p>The package is fetched with {@code npm pack} (npm's cache, the registry otherwise) and checked against the
 * pinned sha512 integrity before it is unpacked under {@code target/}. {@code npm ci} of the package would install
 * its whole build tool chain (webpack, babel, ...), which the built {@code dist/} does not need.
 */
final class OhifSite implements AutoCloseable {

    static final String VERSION = "3.13.2";
    static final String INTEGRITY = "sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==";

    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("wasm", "application/wasm"), Map.entry("json", "application/json"), Map.entry("jsonc", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"), Map.entry("map", "application/json"), Map.entry("xml", "application/xml"),
            Map.entry("webapp", "application/manifest+json"));

    private final HttpServer server;
    private volatile Path dist;
    private volatile String appConfig = "window.config = {};";

    /** Listens at once (its origin goes into the centre's CORS setting before the centre starts); serves after {@link #serve}. */
    OhifSite() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Serves {@code dist} with a configuration whose data source reads {@code dicomWebRoot} with {@code token}.
     * The options are those of OHIF's own default configuration, less its public demo server.
     */
    void serve(Path dist, String dicomWebRoot, String wadoUriRoot, String token) {
        this.dist = dist;
        this.appConfig = """
                window.config = {
                  routerBasename: '/',
                  extensions: [],
                  modes: [],
                  showStudyList: true,
                  maxNumberOfWebWorkers: 2,
                  showWarningMessageForCrossOrigin: false,
                  showCPUFallbackMessage: false,
                  showLoadingIndicator: true,
                  investigationalUseDialog: { option: 'never' },
                  defaultDataSourceName: 'rdc',
                  dataSources: [{
                    namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
                    sourceName: 'rdc',
                    configuration: {
                      friendlyName: 'Remote diagnostic centre',
                      name: 'rdc',
                      qidoRoot: '%1$s',
                      wadoRoot: '%1$s',
                      wadoUriRoot: '%2$s',
                      qidoSupportsIncludeField: true,
                      imageRendering: 'wadors',
                      thumbnailRendering: 'wadors',
                      enableStudyLazyLoad: true,
                      supportsFuzzyMatching: false,
                      supportsWildcard: true,
                      staticWado: false,
                      singlepart: 'bulkdata,video',
                      bulkDataURI: { enabled: true },
                      omitQuotationForMultipartRequest: true,
                      // OHIF v3 takes every request's Authorization from its user authentication service (set by
                      // OIDC when configured): without OIDC, the data source's initialisation gives it the API token
                      onConfiguration: (configuration) => {
                        window.services.userAuthenticationService.setServiceImplementation({
                          getAuthorizationHeader: () => ({ Authorization: 'Bearer %3$s' }),
                        });
                        return configuration;
                      },
                    },
                  }],
                };
                """.formatted(dicomWebRoot, wadoUriRoot, token);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/app-config.js")) {
                body = appConfig.getBytes(StandardCharsets.UTF_8);
                type = TYPES.get("js");
            } else {
                Path root = dist;
                Path file = root == null ? null : root.resolve(path.substring(1)).normalize();
                if (file == null || !file.startsWith(root) || !Files.isRegularFile(file)) {
                    file = root == null ? null : root.resolve("index.html");  // a single-page app: its routes are index.html
                }
                if (file == null) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                body = Files.readAllBytes(file);
                String name = file.getFileName().toString();
                type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code dist/} of the pinned {@code @ohif/app}, fetched and unpacked under {@code into} unless already there. */
    static Path fetch(Path directory) throws Exception {
        Path into = directory.toAbsolutePath();
        Path dist = into.resolve("package/dist");
        Path marker = into.resolve(VERSION + ".ok");
        if (Files.isRegularFile(marker) && Files.isRegularFile(dist.resolve("index.html"))) {
            return dist;
        }
        Path npm = Requires.program("npm", "npm");
        Files.createDirectories(into);
        String out = run(into, npm.toString(), "pack", "@ohif/app@" + VERSION, "--json", "--pack-destination", into.toString());
        Requires.that(out.contains("\"integrity\": \"" + INTEGRITY + "\""),
                "@ohif/app " + VERSION + " with integrity " + INTEGRITY + " from npm (npm pack said: " + out.strip() + ")");
        run(into, "tar", "xzf", into.resolve("ohif-app-" + VERSION + ".tgz").toString(), "-C", into.toString());
        Files.writeString(marker, INTEGRITY);
        return dist;
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

}
