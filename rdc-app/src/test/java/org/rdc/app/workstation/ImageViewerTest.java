package org.rdc.app.workstation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
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
 * The workstation's image viewer (issue 13, screen 3) in Debian's chromium against the real application, with
 * studies pushed by dcmtk's storescu: a CT series of four slices (pydicom's CT_small, Pixel Spacing 0.661468 mm)
 * and a two-slice prior of the same patient, a 3000x2500 16-bit CR (15 MB, Imager Pixel Spacing only) and an
 * ultrasound cine (US Multi-frame, Frame Time 50 ms, calibrated by its Sequence of Ultrasound Regions). A reader
 * signed in with the session opens them. What a viewport shows is read back as pixels: an image and not a blank
 * canvas, a W/L preset, inversion, rotation, flip, zoom, pan and fit each change it as they must; lengths, angles
 * and ROIs read in mm (degrees, mm²) what the spacing gives; the layouts, thumbnails, priors (synchronised),
 * header, cine and the viewer in a claimed task's page are each driven as a reader would. Nothing may reach the
 * console as an error. The time from opening the viewer to the CR's first rendered image is measured in the
 * page and printed (bench/RESULTS.md). This machine's WebGL is software (SwiftShader), so the viewer draws with
 * Cornerstone's CPU path; the viewport operations, the prior and the timing are also run through WebGL, forced
 * with the viewer's {@code ?render=gpu}, the path of a workstation with a GPU.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageViewerTest {

    static final int CR_ROWS = 3000;
    static final int CR_COLUMNS = 2500;
    static final double CR_SPACING = 0.15;
    static final int US_ROWS = 240;
    static final int US_COLUMNS = 320;
    static final int US_FRAMES = 16;
    /** Physical Delta X/Y of the ultrasound region, in cm (Physical Units 3, PS3.3 C.8.5.5.1.15): 0.2 mm a pixel. */
    static final double US_DELTA_CM = 0.02;
    static final int OPENINGS = 5;
    static final Path data;

    static {
        try {
            data = Files.createTempDirectory("rdc-viewer");
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
        registry.add("rdc.admin.password", () -> "viewer-admin-pass");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
        registry.add("rdc.dicom.port", () -> "0");
        registry.add("rdc.dicom.bind-address", () -> "127.0.0.1");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.worklist.poll-interval", () -> "100ms");
        registry.add("rdc.worklist.facilities", () -> "demo:quiet=1s,priority=INPATIENT");
    }

    @RegisterExtension
    final WorkstationBrowser browser = new WorkstationBrowser();
    @LocalServerPort
    int port;
    @Autowired
    DicomGateway gateway;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Path screenshots = Path.of("target", "screenshots");
    private String ctStudy;
    private String priorStudy;
    private String crStudy;
    private String usStudy;
    private Page page;
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void studies() throws Exception {
        Requires.dcmtk("storescu");
        Requires.dcmtk("dcmodify");
        Path testdata = Requires.testdata();
        HttpResponse<String> r = admin("POST", "/api/admin/users",
                "{\"username\":\"li\",\"password\":\"li-password\",\"roles\":[\"READER\"],\"serviceLines\":[\"RADIOLOGY\",\"ULTRASOUND\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

        Path work = Files.createDirectories(data.resolve("push"));
        List<Path> files = new ArrayList<>();
        ctStudy = UidGenerator.newUid();
        files.addAll(ctSeries(testdata, work, ctStudy, "20261201", 4));
        // the same patient two years earlier, the same slice positions: the prior shown beside the current study
        priorStudy = UidGenerator.newUid();
        files.addAll(ctSeries(testdata, work, priorStudy, "20241201", 2));
        crStudy = UidGenerator.newUid();
        Path cr = work.resolve("cr.dcm");
        Files.write(cr, syntheticCr(crStudy));
        files.add(cr);
        usStudy = UidGenerator.newUid();
        Path us = work.resolve("us.dcm");
        Files.write(us, syntheticUs(usStudy));
        files.add(us);
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "DEMO_DR", "-aec", "RDC", "127.0.0.1",
                String.valueOf(gateway.port())));
        files.forEach(f -> command.add(f.toString()));
        exec(command.toArray(String[]::new));
    }

    private static List<Path> ctSeries(Path testdata, Path work, String study, String date, int slices) throws Exception {
        String series = UidGenerator.newUid();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= slices; i++) {
            Path f = Files.copy(testdata.resolve("dicom/pydicom/CT_small.dcm"), work.resolve("ct-" + study + "-" + i + ".dcm"));
            exec("dcmodify", "-nb", "-ie", "-i", "(0010,0020)=VIEWER-CT", "-i", "(0010,0010)=Viewer^CT", "-i", "(0008,0020)=" + date,
                    "-i", "(0008,1030)=CT chest", "-i", "(0020,000D)=" + study, "-i", "(0020,000E)=" + series,
                    "-i", "(0008,0018)=" + UidGenerator.newUid(), "-i", "(0020,0013)=" + i,
                    "-i", "(0020,0032)=-158.135803\\-179.035797\\" + (-75.7 + 5 * i), f.toString());
            files.add(f);
        }
        return files;
    }

    @BeforeEach
    void signIn() {
        page = browser.chromium().newPage();
        browser.errors().clear();
        console.clear();
        page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
        HeadlessChromium.collectErrors(page, browser.errors());
        WorkstationBrowser.signIn(page, base(), "li", "li-password");
        page.waitForURL("**/worklist/RADIOLOGY");
    }

    @AfterEach
    void closePage() {
        // the extension then checks this test's console and page errors
        page.context().close();
    }

    @Test
    void aCrIsShownAndItsFirstImageIsTimed() throws Exception {
        // the path the viewer chooses for this browser, then WebGL forced: their ratio holds whatever the machine's load
        double chosen = firstImages("", "viewer-cr.png");
        double webGl = firstImages("?render=gpu", "viewer-cr-gpu.png");
        System.out.printf("first image, median of later openings: chosen path %.0f ms, WebGL %.0f ms, ratio %.2f%n", chosen, webGl,
                chosen / webGl);
    }

    /** Opens the CR {@link #OPENINGS} times; the median of the later openings' times to the first image, in ms. */
    private double firstImages(String query, String screenshot) throws Exception {
        List<Double> sinceMount = new ArrayList<>();
        List<Double> sinceNavigation = new ArrayList<>();
        for (int i = 0; i < OPENINGS; i++) {
            // the first opening loads the viewer's code from the centre, the later ones from the browser's cache
            page.navigate(base() + "/viewer/" + crStudy + query);
            Locator viewer = page.locator("[data-testid=image-viewer]");
            await("[data-testid=image-viewer][data-first-image-ms]:not([data-first-image-ms=''])");
            sinceMount.add(Double.parseDouble(viewer.getAttribute("data-first-image-ms")));
            sinceNavigation.add(Double.parseDouble(viewer.getAttribute("data-page-ms")));
            HeadlessChromium.Pixels pixels = shown(0);
            assertThat(pixels.showsAnImage()).as(pixels.toString()).isTrue();
        }
        List<Double> warm = new ArrayList<>(sinceMount.subList(1, OPENINGS));
        Collections.sort(warm);
        double median = warm.get(warm.size() / 2);
        System.out.printf("first image of a %dx%d 16-bit CR (%d bytes of pixel data), render path %s, ms from the viewer's mount: "
                + "first opening %.0f, later openings %s (median %.0f); from navigation start: %s%n", CR_COLUMNS, CR_ROWS,
                CR_ROWS * CR_COLUMNS * 2, page.locator("[data-testid=image-viewer]").getAttribute("data-render"), sinceMount.get(0),
                sinceMount.subList(1, OPENINGS), median, sinceNavigation);
        HeadlessChromium.screenshot(page, screenshots.resolve(screenshot));
        return median;
    }

    @Test
    void aLengthOnTheCrReadsInMillimetresFromImagerPixelSpacing() throws Exception {
        page.navigate(base() + "/viewer/" + crStudy);
        shown(0);
        page.locator("[data-testid=tool-length]").click();
        Locator element = page.locator("[data-testid=viewport-0]");
        BoundingBox box = element.boundingBox();
        double x0 = box.x + box.width / 2 - 100;
        double y = box.y + box.height / 2;
        drag(x0, y, x0 + 200, y);
        // the image fits the viewport whole: mm per screen pixel is the larger of the two sides' ratios
        double mmPerPixel = Math.max(CR_ROWS * CR_SPACING / box.height, CR_COLUMNS * CR_SPACING / box.width);
        assertThat(annotation(element, "mm")).isCloseTo(200 * mmPerPixel, within(200 * mmPerPixel * 0.03));
        // measured at the detector, and labelled so, on either render path
        assertThat(element.locator("svg text").allTextContents()).anyMatch(t -> t.contains("mm Proj"));
        HeadlessChromium.screenshot(page, screenshots.resolve("viewer-cr-length.png"));
    }

    @Test
    void anAngleOnTheCrReadsInDegrees() throws Exception {
        page.navigate(base() + "/viewer/" + crStudy);
        shown(0);
        Locator element = page.locator("[data-testid=viewport-0]");
        BoundingBox box = element.boundingBox();
        double cx = box.x + box.width / 2;
        double cy = box.y + box.height / 2;

        // a right angle: the first arm drawn by dragging, the second ended by a click
        page.locator("[data-testid=tool-angle]").click();
        drag(cx - 150, cy - 150, cx - 150, cy - 50);
        page.mouse().click(cx - 50, cy - 50);
        assertThat(annotation(element, "°")).isCloseTo(90, within(1.0));
        HeadlessChromium.screenshot(page, screenshots.resolve("viewer-cr-angle.png"));
    }

    @Test
    void anEllipticalRoiOnTheCrReadsInSquareMillimetres() throws Exception {
        page.navigate(base() + "/viewer/" + crStudy);
        shown(0);
        Locator element = page.locator("[data-testid=viewport-0]");
        BoundingBox box = element.boundingBox();
        double cx = box.x + box.width / 2;
        double cy = box.y + box.height / 2;
        double mmPerPixel = Math.max(CR_ROWS * CR_SPACING / box.height, CR_COLUMNS * CR_SPACING / box.width);
        // an ellipse dragged from its centre to a corner of its box: semi-axes 160 and 100 screen pixels
        page.locator("[data-testid=tool-roi]").click();
        drag(cx, cy, cx + 160, cy + 100);
        double area = Math.PI * 160 * 100 * mmPerPixel * mmPerPixel;
        assertThat(annotation(element, "mm²")).isCloseTo(area, within(area * 0.05));
        HeadlessChromium.screenshot(page, screenshots.resolve("viewer-cr-roi.png"));
    }

    @Test
    void invertRotateFlipZoomPanAndFitChangeWhatTheCrViewportShows() throws Exception {
        viewportOperations("");
    }

    /**
     * The same through WebGL, the path of a workstation with a GPU: forced with the viewer's switch, since this
     * machine's WebGL is a software one (SwiftShader), for which the viewer chooses Cornerstone's CPU path.
     */
    @Test
    void theSameOperationsWorkThroughWebGl() throws Exception {
        viewportOperations("?render=gpu");
        assertThat(page.locator("[data-testid=image-viewer]")).hasAttribute("data-render", "gpu");
    }

    private void viewportOperations(String query) throws Exception {
        page.navigate(base() + "/viewer/" + crStudy + query);
        shown(0);
        Locator element = page.locator("[data-testid=viewport-0]");
        BufferedImage fitted = HeadlessChromium.image(element);
        Rectangle whole = imageBounds(fitted);
        // a portrait plate (2500 wide, 3000 high) fitted into a landscape viewport: as high as the viewport
        assertThat(whole.height).as(whole.toString()).isGreaterThan(whole.width).isGreaterThan(fitted.getHeight() - 8);

        page.locator("[data-testid=invert]").click();
        BufferedImage inverted = awaitChange(element, fitted);
        int cx = whole.x + whole.width / 2;
        int cy = whole.y + whole.height / 2;
        for (int[] d : new int[][] {{0, 0}, {-whole.width / 4, 0}, {whole.width / 4, whole.height / 4}}) {
            assertThat(luminance(inverted, cx + d[0], cy + d[1])).isCloseTo(255 - luminance(fitted, cx + d[0], cy + d[1]), within(6));
        }
        page.locator("[data-testid=invert]").click();
        BufferedImage back = awaitChange(element, inverted);

        page.locator("[data-testid=flip-h]").click();
        BufferedImage flipped = awaitChange(element, back);
        int mirrored = 0;
        int same = 0;
        for (int dx = -whole.width / 2 + 4; dx < whole.width / 2 - 4; dx += 7) {
            mirrored += Math.abs(luminance(flipped, cx + dx, cy) - luminance(back, cx - dx, cy));
            same += Math.abs(luminance(flipped, cx + dx, cy) - luminance(back, cx + dx, cy));
        }
        assertThat(mirrored).as("flipped row against the mirrored original: " + mirrored + ", against the original: " + same)
                .isLessThan(same / 4);
        page.locator("[data-testid=flip-h]").click();
        awaitChange(element, flipped);

        page.locator("[data-testid=rotate]").click();
        BufferedImage rotated = awaitChange(element, back);
        Rectangle turned = imageBounds(rotated);
        assertThat(turned.width).as(turned + " after a quarter turn of " + whole).isGreaterThan(turned.height);
        assertThat((double) turned.height / turned.width).isCloseTo((double) whole.width / whole.height, within(0.03));
        page.locator("[data-testid=reset]").click();
        BufferedImage reset = awaitChange(element, rotated);
        assertThat(imageBounds(reset)).isEqualTo(whole);

        BoundingBox box = element.boundingBox();
        page.locator("[data-testid=tool-zoom]").click();
        drag(box.x + box.width / 2, box.y + box.height / 2, box.x + box.width / 2, box.y + box.height / 2 - 120);
        BufferedImage zoomedImage = awaitChange(element, reset);
        Rectangle zoomed = imageBounds(zoomedImage);
        assertThat(Math.abs(zoomed.width - whole.width)).as(whole + " zoomed: " + zoomed).isGreaterThan(whole.width / 5);

        page.locator("[data-testid=fit]").click();
        BufferedImage refitted = awaitChange(element, zoomedImage);
        assertThat(imageBounds(refitted)).isEqualTo(whole);

        page.locator("[data-testid=tool-pan]").click();
        drag(box.x + box.width / 2, box.y + box.height / 2, box.x + box.width / 2 + 120, box.y + box.height / 2);
        Rectangle panned = imageBounds(awaitChange(element, refitted));
        assertThat(panned.x - whole.x).as(whole + " panned: " + panned).isCloseTo(120, within(6));
        assertThat(panned.width).isCloseTo(whole.width, within(3));
        HeadlessChromium.screenshot(page, screenshots.resolve("viewer-cr-panned" + query.replace("?render=", "-") + ".png"));
    }

    @Test
    void aCtStackScrollsAndAPresetChangesThePixels() throws Exception {
        page.navigate(base() + "/viewer/" + ctStudy);
        HeadlessChromium.Pixels before = shown(0);
        assertThat(page.locator("[data-testid=frame-0]").textContent()).contains("1/4");
        page.locator("[data-testid=preset-4]").click();  // 肺窗 W 1500 L -600
        page.waitForFunction("document.querySelector('[data-testid=voi-0]').textContent.includes('1500')");
        assertThat(page.locator("[data-testid=voi-0]").textContent()).isEqualTo("窗宽 1500 窗位 -600");
        HeadlessChromium.Pixels lung = HeadlessChromium.pixels(page.locator("[data-testid=viewport-0]"));
        assertThat(Math.abs(lung.mean() - before.mean())).as(before + " -> " + lung).isGreaterThan(5);
        page.keyboard().press("2");  // 骨窗 W 2000 L 500
        page.waitForFunction("document.querySelector('[data-testid=voi-0]').textContent.includes('2000')");
        Locator element = page.locator("[data-testid=viewport-0]");
        element.hover();
        page.mouse().wheel(0, 120);
        page.waitForFunction("document.querySelector('[data-testid=frame-0]').textContent.includes('2/4')");
        page.locator("[data-testid=header]").click();
        assertThat(page.locator("[data-testid=header-view]").textContent()).contains("(0028,0030)").contains("0.661468");
        HeadlessChromium.screenshot(page, screenshots.resolve("viewer-ct-header.png"));
    }

    @Test
    void dragWindowsTheImageAndThumbnailsAndLayoutsFillTheGrid() throws Exception {
        page.navigate(base() + "/viewer/" + ctStudy);
        shown(0);
        Locator element = page.locator("[data-testid=viewport-0]");
        String voi = page.locator("[data-testid=voi-0]").textContent();
        BufferedImage before = HeadlessChromium.image(element);
        BoundingBox box = element.boundingBox();
        // the left button windows by default: dragging right widens the window, down moves the level
        drag(box.x + box.width / 2, box.y + box.height / 2, box.x + box.width / 2 + 150, box.y + box.height / 2 + 60);
        awaitChange(element, before);
        assertThat(page.locator("[data-testid=voi-0]").textContent()).isNotEqualTo(voi);

        // the series' thumbnail is a real image, rendered by the centre
        Locator thumb = page.locator(".thumb img").first();
        thumb.waitFor();
        page.waitForFunction("document.querySelector('.thumb img').complete && document.querySelector('.thumb img').naturalWidth > 0");
        assertThat(page.locator(".thumb").first().textContent()).contains("CT").contains("4 幅");

        page.locator("[data-testid=layout-2x2]").click();
        assertThat(page.locator(".viewport-cell")).hasCount(4);
        page.locator(".viewport-cell[data-cell='3']").click();
        page.locator(".thumb").first().click();
        shown(3);
        page.locator("[data-testid=layout-1x2]").click();
        assertThat(page.locator(".viewport-cell")).hasCount(2);
        page.locator("[data-testid=layout-1x1]").click();
        assertThat(page.locator(".viewport-cell")).hasCount(1);
        shown(0);
    }

    @Test
    void thePriorOpensBesideTheStudyAndFollowsItsWindowAndSlice() throws Exception {
        prior("");
    }

    @Test
    void thePriorFollowsTheStudyThroughWebGl() throws Exception {
        prior("?render=gpu");
    }

    private void prior(String query) throws Exception {
        page.navigate(base() + "/viewer/" + ctStudy + query);
        shown(0);
        Locator prior = page.locator("[data-testid=prior]");
        assertThat(prior).hasCount(1);
        assertThat(prior).containsText("20241201");
        prior.click();
        assertThat(page.locator(".viewport-cell")).hasCount(2);
        shown(1);
        assertThat(page.locator("[data-testid=frame-1]").textContent()).contains("1/2");
        assertThat(page.locator(".series-list h3").nth(1)).containsText("20241201");

        page.keyboard().press("4");  // 肺窗, on the current study's viewport: the prior follows
        page.waitForFunction("document.querySelector('[data-testid=voi-1]').textContent.includes('1500')");
        assertThat(page.locator("[data-testid=voi-1]").textContent()).isEqualTo(page.locator("[data-testid=voi-0]").textContent());
        page.locator("[data-testid=viewport-0]").hover();
        page.mouse().wheel(0, 120);
        page.waitForFunction("document.querySelector('[data-testid=frame-0]').textContent.includes('2/4')");
        page.waitForFunction("document.querySelector('[data-testid=frame-1]').textContent.includes('2/2')");
        HeadlessChromium.screenshot(page, screenshots.resolve("viewer-prior" + query.replace("?render=", "-") + ".png"));

        // the prior holds the same slices as the study: panned with the middle button, both show the same again
        Locator current = page.locator("[data-testid=viewport-0]");
        Locator beside = page.locator("[data-testid=viewport-1]");
        BufferedImage before = HeadlessChromium.image(current);
        BoundingBox box = current.boundingBox();
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
        page.mouse().down(new com.microsoft.playwright.Mouse.DownOptions().setButton(com.microsoft.playwright.options.MouseButton.MIDDLE));
        for (int i = 1; i <= 10; i++) {
            page.mouse().move(box.x + box.width / 2 + 9 * i, box.y + box.height / 2 + 6 * i);
        }
        page.mouse().up(new com.microsoft.playwright.Mouse.UpOptions().setButton(com.microsoft.playwright.options.MouseButton.MIDDLE));
        BufferedImage panned = awaitChange(current, before);
        page.waitForTimeout(300);
        BufferedImage followed = HeadlessChromium.image(beside);
        assertThat(difference(panned, before)).as("the study's viewport panned").isGreaterThan(10);
        assertThat(difference(followed, panned)).as("the prior against the study, both panned").isLessThan(3);
        HeadlessChromium.screenshot(page, screenshots.resolve("viewer-prior-panned" + query.replace("?render=", "-") + ".png"));

        // unsynchronised, the prior keeps its own window
        page.locator("[data-testid=sync]").click();
        page.keyboard().press("2");
        page.waitForFunction("document.querySelector('[data-testid=voi-0]').textContent.includes('2000')");
        page.waitForTimeout(300);
        assertThat(page.locator("[data-testid=voi-1]").textContent()).contains("1500");
    }

    @Test
    void anUltrasoundCinePlaysAtItsFrameRateAndMeasuresFromItsRegion() throws Exception {
        page.navigate(base() + "/viewer/" + usStudy);
        shown(0);
        Locator cine = page.locator(".viewport-cell .cine");
        assertThat(cine).containsText("20 帧/秒");
        assertThat(cine).hasAttribute("aria-pressed", "true");
        java.util.Set<String> frames = new java.util.HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (frames.size() < 4 && System.nanoTime() < deadline) {
            frames.add(page.locator("[data-testid=frame-0]").textContent());
            page.waitForTimeout(60);
        }
        assertThat(frames).as("frames seen while playing").hasSizeGreaterThanOrEqualTo(4);
        cine.click();
        assertThat(cine).hasAttribute("aria-pressed", "false");
        page.waitForTimeout(200);
        String stopped = page.locator("[data-testid=frame-0]").textContent();
        page.waitForTimeout(400);
        assertThat(page.locator("[data-testid=frame-0]").textContent()).isEqualTo(stopped);

        page.locator("[data-testid=tool-length]").click();
        Locator element = page.locator("[data-testid=viewport-0]");
        BoundingBox box = element.boundingBox();
        double cx = box.x + box.width / 2;
        double cy = box.y + box.height / 2;
        drag(cx - 100, cy, cx + 100, cy);
        // the region's physical units are cm, and so is the length (Cornerstone3D names the calibration: "cm US Region")
        double cmPerPixel = Math.max(US_ROWS / box.height, US_COLUMNS / box.width) * US_DELTA_CM;
        assertThat(annotation(element, "cm")).isCloseTo(200 * cmPerPixel, within(200 * cmPerPixel * 0.03));
        HeadlessChromium.screenshot(page, screenshots.resolve("viewer-us.png"));
    }

    @Test
    void aClaimedTaskShowsItsImagesInTheTaskPage() throws Exception {
        long id = taskId(ctStudy);
        page.navigate(base() + "/tasks/" + id);
        assertThat(page.locator("#viewer-slot [data-testid=image-viewer]")).hasCount(0);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("领取").setExact(true)).click();
        await("#viewer-slot [data-testid=image-viewer]");
        HeadlessChromium.Pixels p = shown(0);
        assertThat(p.showsAnImage()).as(p.toString()).isTrue();
        HeadlessChromium.screenshot(page, screenshots.resolve("viewer-task.png"));
        page.keyboard().press("Escape");
        page.waitForURL("**/worklist/RADIOLOGY");
    }

    /** Presses the left button at the first point, moves to the second in steps, and lets go. */
    private void drag(double x0, double y0, double x1, double y1) {
        page.mouse().move(x0, y0);
        page.mouse().down();
        for (int i = 1; i <= 10; i++) {
            page.mouse().move(x0 + (x1 - x0) * i / 10, y0 + (y1 - y0) * i / 10);
        }
        page.mouse().up();
    }

    /** The number before {@code unit} in the viewport's newest measurement label. */
    private double annotation(Locator element, String unit) {
        Locator label = element.locator("svg text", new Locator.LocatorOptions().setHasText(unit)).last();
        try {
            label.waitFor(new Locator.WaitForOptions().setTimeout(15_000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            HeadlessChromium.screenshot(page, screenshots.resolve("viewer-annotation-timeout.png"));
            throw new AssertionError("no label in " + unit + "; the viewport's labels: " + element.locator("svg text").allTextContents()
                    + "; console:\n" + String.join("\n", console), e);
        }
        // the label follows the drag a frame behind: read it once it has stopped changing
        String text = label.textContent();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (String previous = null; !text.equals(previous) && System.nanoTime() < deadline; ) {
            previous = text;
            page.waitForTimeout(300);
            text = label.textContent();
        }
        Matcher m = Pattern.compile("([0-9.]+)\\s*" + Pattern.quote(unit)).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The viewport's pixels once they differ from {@code before} (a render follows each action). */
    private static BufferedImage awaitChange(Locator element, BufferedImage before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        BufferedImage now = HeadlessChromium.image(element);
        while (sameImage(now, before) && System.nanoTime() < deadline) {
            element.page().waitForTimeout(50);
            now = HeadlessChromium.image(element);
        }
        assertThat(sameImage(now, before)).as("the viewport did not change").isFalse();
        // one more frame: the change may have been caught half drawn
        element.page().waitForTimeout(100);
        return HeadlessChromium.image(element);
    }

    private static boolean sameImage(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y += 3) {
            for (int x = 0; x < a.getWidth(); x += 3) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The mean difference in luminance of two images of one size, over their middle (the corner texts left out). */
    private static double difference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        int n = 0;
        for (int y = a.getHeight() / 8; y < a.getHeight() * 7 / 8; y += 3) {
            for (int x = a.getWidth() / 8; x < a.getWidth() * 7 / 8; x += 3) {
                sum += Math.abs(luminance(a, x, y) - luminance(b, x, y));
                n++;
            }
        }
        return (double) sum / n;
    }

    private static int luminance(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return (int) Math.round(0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
    }

    /**
     * Where the image lies in the viewport: the rows and columns that are mostly lit (the CR has no black pixel),
     * which leaves out the corner texts of the overlay.
     */
    static Rectangle imageBounds(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rows = new int[h];
        int[] columns = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (luminance(image, x, y) > 16) {
                    rows[y]++;
                    columns[x]++;
                }
            }
        }
        int maxRow = java.util.Arrays.stream(rows).max().orElse(0);
        int maxColumn = java.util.Arrays.stream(columns).max().orElse(0);
        int top = -1;
        int bottom = -1;
        int left = -1;
        int right = -1;
        for (int y = 0; y < h; y++) {
            if (rows[y] > maxRow / 2) {
                top = top < 0 ? y : top;
                bottom = y;
            }
        }
        for (int x = 0; x < w; x++) {
            if (columns[x] > maxColumn / 2) {
                left = left < 0 ? x : left;
                right = x;
            }
        }
        return new Rectangle(left, top, right - left + 1, bottom - top + 1);
    }

    /** Waits for the selector; when it does not come, the page's screenshot and console are the failure's story. */
    private void await(String selector) {
        try {
            page.waitForSelector(selector, new Page.WaitForSelectorOptions().setTimeout(60_000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            HeadlessChromium.screenshot(page, Path.of("target", "screenshots", "viewer-timeout.png"));
            throw new AssertionError(selector + " did not appear; console:\n" + String.join("\n", console) + "\npage:\n"
                    + page.locator("main, body").first().innerText(), e);
        }
    }

    /** Waits until the cell has rendered an image and shows one; its pixels. */
    private HeadlessChromium.Pixels shown(int cell) {
        await("[data-testid=viewport-" + cell + "][data-rendered]");
        Locator element = page.locator("[data-testid=viewport-" + cell + "]");
        HeadlessChromium.Pixels p = HeadlessChromium.pixels(element);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!p.showsAnImage() && System.nanoTime() < deadline) {
            page.waitForTimeout(200);
            p = HeadlessChromium.pixels(element);
        }
        return p;
    }

    /**
     * A 3000x2500 Computed Radiography image, 16 bits allocated and 12 stored, 15 MB of pixel data: soft
     * gradients with bright discs (structure for the W/L and pixel checks), Imager Pixel Spacing 0.15 mm and no
     * Pixel Spacing, as a CR plate gives it.
     */
    static byte[] syntheticCr(String study) throws Exception {
        byte[] le = new byte[CR_ROWS * CR_COLUMNS * 2];
        for (int y = 0; y < CR_ROWS; y++) {
            for (int x = 0; x < CR_COLUMNS; x++) {
                int v = 600 + (int) (1400 * Math.sin(x / 400.0) * Math.cos(y / 500.0) + 1400);
                int dx = (x % 500) - 250;
                int dy = (y % 600) - 300;
                if (dx * dx + dy * dy < 120 * 120) {
                    v += 900;
                }
                v = Math.max(0, Math.min(4095, v));
                int i = 2 * (y * CR_COLUMNS + x);
                le[i] = (byte) v;
                le[i + 1] = (byte) (v >> 8);
            }
        }
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.PatientName, VR.PN, "Viewer^CR");
        ds.setString(Tag.PatientID, VR.LO, "VIEWER-CR");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.Modality, VR.CS, "CR");
        ds.setString(Tag.SeriesDescription, VR.LO, "CR chest PA");
        ds.setString(Tag.of(0x0018, 0x1164), VR.DS, String.valueOf(CR_SPACING), String.valueOf(CR_SPACING));
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, CR_ROWS);
        ds.setInt(Tag.Columns, VR.US, CR_COLUMNS);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.WindowCenter, VR.DS, "2048");
        ds.setString(Tag.WindowWidth, VR.DS, "4096");
        ds.setBytes(Tag.PixelData, VR.OW, le);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        return Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, ts), ds, ts));
    }

    /**
     * An ultrasound cine (US Multi-frame Image Storage): 16 frames of 320x240 8-bit grey, a bright disc moving
     * across them, Frame Time 50 ms (20 frames a second, PS3.3 C.7.6.5), and one Sequence of Ultrasound Regions
     * item (PS3.3 C.8.5.5) covering the image, 0.02 cm a pixel both ways.
     */
    static byte[] syntheticUs(String study) throws Exception {
        byte[] pixels = new byte[US_FRAMES * US_ROWS * US_COLUMNS];
        for (int f = 0; f < US_FRAMES; f++) {
            int discX = 40 + f * 15;
            for (int y = 0; y < US_ROWS; y++) {
                for (int x = 0; x < US_COLUMNS; x++) {
                    int v = 40 + (x * 7 + y * 3) % 90;
                    int dx = x - discX;
                    int dy = y - US_ROWS / 2;
                    if (dx * dx + dy * dy < 30 * 30) {
                        v = 230;
                    }
                    pixels[(f * US_ROWS + y) * US_COLUMNS + x] = (byte) v;
                }
            }
        }
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.3.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.PatientName, VR.PN, "Viewer^US");
        ds.setString(Tag.PatientID, VR.LO, "VIEWER-US");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.Modality, VR.CS, "US");
        ds.setString(Tag.SeriesDescription, VR.LO, "US abdomen cine");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setString(Tag.NumberOfFrames, VR.IS, String.valueOf(US_FRAMES));
        ds.setInt(Tag.of(0x0028, 0x0009), VR.AT, 0x00181063);
        ds.setString(Tag.of(0x0018, 0x1063), VR.DS, "50");
        ds.setInt(Tag.Rows, VR.US, US_ROWS);
        ds.setInt(Tag.Columns, VR.US, US_COLUMNS);
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        Item region = ds.newSequence(Tag.of(0x0018, 0x6011)).addItem();
        region.setInt(Tag.of(0x0018, 0x6012), VR.US, 1);  // Region Spatial Format: 2D
        region.setInt(Tag.of(0x0018, 0x6014), VR.US, 1);  // Region Data Type: tissue
        region.setInt(Tag.of(0x0018, 0x6016), VR.UL, 0);
        region.setInt(Tag.of(0x0018, 0x6018), VR.UL, 0);
        region.setInt(Tag.of(0x0018, 0x601A), VR.UL, 0);
        region.setInt(Tag.of(0x0018, 0x601C), VR.UL, US_COLUMNS - 1);
        region.setInt(Tag.of(0x0018, 0x601E), VR.UL, US_ROWS - 1);
        region.setInt(Tag.of(0x0018, 0x6024), VR.US, 3);  // Physical Units X: cm
        region.setInt(Tag.of(0x0018, 0x6026), VR.US, 3);
        region.setDouble(Tag.of(0x0018, 0x602C), VR.FD, US_DELTA_CM);
        region.setDouble(Tag.of(0x0018, 0x602E), VR.FD, US_DELTA_CM);
        ds.setBytes(Tag.PixelData, VR.OB, pixels);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        return Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, ts), ds, ts));
    }

    private long taskId(String study) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (JsonNode item : json.readTree(admin("GET", "/api/worklist?serviceLine=RADIOLOGY&size=200", null).body()).get("items")) {
                if (item.get("task").get("studyInstanceUid").asText().equals(study)) {
                    return item.get("task").get("id").asLong();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no task for " + study);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:viewer-admin-pass".getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
