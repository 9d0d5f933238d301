package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.test.HeadlessChromium;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OHIF v3, unchanged (its npm package's built dist/), opens studies from the centre in Debian's headless
 * chromium: a CT series, a CR, a JPEG 2000 CT and a JPEG-LS MR, pushed with dcmtk's storescu. The viewer runs on another
 * origin (the centre allows it by RDC_DICOMWEB_CORS_ORIGINS) and reads with an API token. Each viewport's
 * pixels are read back and must show an image, not a blank canvas; screenshots go to target/screenshots
 * (committed copies in docs/dicomweb/). Every request OHIF makes to the centre is logged, and none may fail.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DicomWebOhifTest {

    static final Path data;
    static final OhifSite ohif = new OhifSite();

    static {
        try {
            data = Files.createTempDirectory("rdc-ohif");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.demo", () -> "true");
        registry.add("rdc.admin.user", () -> "admin");
        registry.add("rdc.admin.password", () -> "ohif-admin-pass");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
        registry.add("rdc.dicom.port", () -> "0");
        registry.add("rdc.dicom.bind-address", () -> "127.0.0.1");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.dicomweb.cors-origins", ohif::origin);
    }

    @LocalServerPort
    int port;
    @Autowired
    DicomGateway gateway;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path screenshots = Path.of("target", "screenshots");
    private HeadlessChromium chromium;
    private String ctStudy;
    private String crStudy;
    private String j2kStudy;
    private String jlsStudy;

    @BeforeAll
    void viewerAndStudies() throws Exception {
        Requires.dcmtk("storescu");
        Requires.dcmtk("dcmodify");
        Path testdata = Requires.testdata();
        chromium = HeadlessChromium.launch();

        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:ohif-admin-pass".getBytes(StandardCharsets.UTF_8));
        post(admin, "/api/admin/users", "{\"username\":\"li\",\"password\":\"li-password\",\"roles\":[\"READER\"],\"serviceLines\":[\"RADIOLOGY\"]}");
        String li = "Basic " + Base64.getEncoder().encodeToString("li:li-password".getBytes(StandardCharsets.UTF_8));
        String token = new ObjectMapper().readTree(post(li, "/api/tokens", "{\"name\":\"OHIF\"}")).get("token").asText();

        Path work = Files.createDirectories(data.resolve("push"));
        // a CT series of four slices: CT_small with new instance UIDs and positions 5 mm apart
        ctStudy = UidGenerator.newUid();
        String ctSeries = UidGenerator.newUid();
        for (int i = 1; i <= 4; i++) {
            Path f = copy(testdata.resolve("dicom/pydicom/CT_small.dcm"), work.resolve("ct" + i + ".dcm"));
            dcmodify(f, "(0020,000D)=" + ctStudy, "(0020,000E)=" + ctSeries, "(0008,0018)=" + UidGenerator.newUid(),
                    "(0020,0013)=" + i, "(0020,0032)=-158.135803\\-179.035797\\" + (-75.7 + 5 * i));
        }
        // the corpus has no CR: CT_small's pixels as a Computed Radiography image (SOP class 1.2.840.10008.5.1.4.1.1.1)
        crStudy = UidGenerator.newUid();
        Path cr = copy(testdata.resolve("dicom/pydicom/CT_small.dcm"), work.resolve("cr.dcm"));
        dcmodify(cr, "(0020,000D)=" + crStudy, "(0020,000E)=" + UidGenerator.newUid(), "(0008,0018)=" + UidGenerator.newUid(),
                "(0008,0016)=1.2.840.10008.5.1.4.1.1.1", "(0008,0060)=CR", "(0008,103E)=CR chest");
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(work)) {
            s.sorted().forEach(files::add);
        }
        storescu(files);
        // JPEG 2000 and JPEG-LS as the senders have them (storescu proposes their transfer syntaxes only when asked)
        j2kStudy = "1.2.392.200036.9123.100.11.15002200303521616157144527203339851";
        storescu(List.of(testdata.resolve("dicom/pydicom/J2K_pixelrep_mismatch.dcm")), "-xv");
        jlsStudy = "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457";
        storescu(List.of(testdata.resolve("dicom/pydicom/MR_small_jpeg_ls_lossless.dcm")), "-xt");

        Path dist = OhifSite.fetch(Path.of("target", "ohif"));
        ohif.serve(dist.toAbsolutePath(), "http://127.0.0.1:" + port + "/dicomweb", "http://127.0.0.1:" + port + "/wado", token);
    }

    @AfterAll
    void close() {
        if (chromium != null) {
            chromium.close();
        }
        ohif.close();
    }

    @Test
    void opensACtSeries() throws Exception {
        open(ctStudy, "ohif-ct-series.png");
    }

    @Test
    void opensACr() throws Exception {
        open(crStudy, "ohif-cr.png");
    }

    @Test
    void opensAJpeg2000Ct() throws Exception {
        open(j2kStudy, "ohif-jpeg2000.png");
    }

    @Test
    void opensAJpegLsMr() throws Exception {
        open(jlsStudy, "ohif-jpeg-ls.png");
    }

    private void open(String study, String screenshot) throws Exception {
        Page page = chromium.newPage();
        page.addInitScript("localStorage.setItem('shownTours', JSON.stringify(['basicViewerTour']))");  // no onboarding tour
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        String centre = "http://127.0.0.1:" + port;
        page.onResponse((Response r) -> {
            if (r.url().startsWith(centre)) {
                Request q = r.request();
                String line = q.method() + " " + r.url().substring(centre.length()) + " Accept: " + q.headers().get("accept") + " -> "
                        + r.status() + " " + r.headers().get("content-type");
                requests.add(line);
                if (r.status() >= 400) {
                    failures.add(line);
                }
            }
        });
        page.onRequestFailed(q -> {
            if (!"net::ERR_ABORTED".equals(q.failure())) {  // OHIF cancels prefetches it no longer needs
                failures.add(q.method() + " " + q.url() + " failed: " + q.failure());
            }
        });
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                requests.add("console error: " + m.text());
            }
        });
        page.navigate(ohif.origin() + "/viewer?StudyInstanceUIDs=" + study);
        Locator viewport = page.locator(".cornerstone-canvas").first();
        HeadlessChromium.Pixels pixels = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (viewport.count() > 0 && viewport.isVisible()) {
                pixels = HeadlessChromium.pixels(viewport);
                if (pixels.showsAnImage()) {
                    break;
                }
            }
            page.waitForTimeout(500);
        }
        HeadlessChromium.screenshot(page, screenshots.resolve(screenshot));
        Files.write(screenshots.resolve(screenshot.replace(".png", "-requests.txt")), requests);
        page.context().close();
        assertThat(failures).as("OHIF's failed requests; all: " + String.join("\n", requests)).isEmpty();
        assertThat(pixels).as("no viewport canvas; OHIF's requests: " + String.join("\n", requests)).isNotNull();
        assertThat(pixels.showsAnImage()).as(pixels + "; OHIF's requests: " + String.join("\n", requests)).isTrue();
    }

    private String post(String authorization, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body();
    }

    private static Path copy(Path from, Path to) throws Exception {
        return Files.copy(from, to);
    }

    private static void dcmodify(Path file, String... assignments) throws Exception {
        List<String> command = new ArrayList<>(List.of("dcmodify", "-nb", "-ie"));
        for (String a : assignments) {
            command.add("-i");
            command.add(a);
        }
        command.add(file.toString());
        exec(command);
    }

    private void storescu(List<Path> files, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-R"));
        command.addAll(List.of(options));
        command.addAll(List.of("-aet", "DEMO_DR", "-aec", "RDC", "127.0.0.1", String.valueOf(gateway.port())));
        files.forEach(f -> command.add(f.toString()));
        exec(command);
    }

    private static void exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
