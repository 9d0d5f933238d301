package org.rdc.app.workstation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdc.app.ApiClient;
import org.rdc.app.RdcApplication;
import org.rdc.ecg.cli.EcgTool;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.test.HeadlessChromium;
import org.rdc.test.Requires;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ECG viewer (issue 13 screen 4) in Debian's Chromium against the real application: two ECGs uploaded with
 * curl to the ECG port as the README says, a cardiologist signed in through the sign-in form opens their tasks.
 * What the screen draws is measured, not looked at: the grid's pixels per mm at two zooms, the layouts' leads,
 * speed and gain in the drawn R-peak distances and heights, every drawn point against the ink of
 * {@code ecg render}'s PNG of the same file, a caliper between two R peaks, the measurement table against the
 * stored analysis, the critical flag above the tracing, the filter switches. Any console or page error fails.
 * Screenshots: target/screenshots, copies in docs/workstation/ecg-*.png.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcgViewerTest {

    static final Path data = ApiClient.dataDirectory("rdc-ecg-viewer");
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The renderer's page: margin and header above/left of the grid (EcgRenderer MARGIN_MM, HEADER_MM). */
    static final double PNG_LEFT_MM = 10;
    static final double PNG_TOP_MM = 42;
    static final int PNG_DPI = 300;
    static final double CSS_PX_PER_MM = 96 / 25.4;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiClient.properties(registry, data);
        registry.add("rdc.demo", () -> "true");
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.port", () -> "0");
    }

    @RegisterExtension
    final WorkstationBrowser browser = new WorkstationBrowser();
    @LocalServerPort
    int port;
    @Autowired
    EcgHttpServer ecgPort;

    private final Path screenshots = Path.of("target", "screenshots");
    private ApiClient api;
    private Page reader;
    private Path example;
    private Path stemi;
    private String exampleStudy;
    private String stemiStudy;
    private JsonNode analysis;

    @BeforeAll
    void setUp() throws Exception {
        Requires.program("curl", "curl");
        example = Requires.testdata("ecg/ecgtoolkit/Example.scp");
        stemi = Requires.testdata("ecg/philips-sierra/129DYPRG.XML");
        api = new ApiClient(port);
        api.createUser("zhao.ecg", "\"READER\"", "\"ECG\"", null, ",\"displayName\":\"赵医生\"");
        exampleStudy = upload(example);
        stemiStudy = upload(stemi);
        analysis = JSON.readTree(api.call(ApiClient.ADMIN, "GET", "/api/studies/" + exampleStudy + "/ecg", null).body()).get("analysis");
    }

    @Test
    @Order(1)
    void aCardiologistOpensTheEcgTaskAndSeesTheMeasurementsBesideTheTracing() throws Exception {
        reader = browser.page(new Browser.NewContextOptions().setViewportSize(1700, 1100).setDeviceScaleFactor(1));
        WorkstationBrowser.signIn(reader, base(), "zhao.ecg", "zhao.ecg-password");
        reader.waitForURL("**/worklist/ECG");

        openTask(exampleStudy);
        Locator paper = paper();
        assertThat(paper).hasAttribute("data-layout", "3x4");
        assertThat(reader.locator("#viewer-slot .ecg-critical")).hasCount(0);

        Locator table = reader.getByTestId("ecg-measurements");
        assertThat(row(table, "heartRate").locator(".ours")).hasText(rounded(analysis.get("heartRateBpm")));
        assertThat(row(table, "pr").locator(".ours")).hasText(rounded(analysis.get("prMs")));
        assertThat(row(table, "qrs").locator(".ours")).hasText(rounded(analysis.get("qrsMs")));
        assertThat(row(table, "qt").locator(".ours")).hasText(rounded(analysis.get("qtMs")));
        assertThat(row(table, "qtcBazett").locator(".ours")).hasText(rounded(analysis.get("qtcBazettMs")));
        assertThat(row(table, "qrs").locator(".device")).hasText(rounded(analysis.get("deviceMeasurements").get("qrsMs")));
        assertThat(row(table, "axes").locator(".ours")).hasText(rounded(analysis.get("pAxisDeg")) + " / "
                + rounded(analysis.get("qrsAxisDeg")) + " / " + rounded(analysis.get("tAxisDeg")));
        List<String> statements = new ArrayList<>();
        analysis.get("statements").forEach(s -> statements.add(s.get("zh").asString()));
        assertThat(reader.getByTestId("ecg-statements").locator("li")).hasText(statements.toArray(String[]::new));
        assertThat(reader.getByTestId("ecg-rhythm")).hasText(analysis.get("rhythmText").get("zh").asString());
        // beside the tracing, not under it
        assertThat(table.boundingBox().x).isGreaterThan(paper.boundingBox().x + 300);
        zoom("1");
        HeadlessChromium.screenshot(reader, screenshots.resolve("ecg-3x4.png"));
    }

    @Test
    @Order(2)
    void theGridIsCalibratedAtEveryZoom() {
        for (double zoom : new double[] {1, 2}) {
            zoom(zoom == 1 ? "1" : "2");
            double expected = CSS_PX_PER_MM * zoom;
            assertThat(Double.parseDouble(paper().getAttribute("data-px-per-mm"))).isCloseTo(expected, within(1e-9));
            // a scan line 1.5 mm below the paper's top: between two horizontal lines, above the labels
            List<double[]> lines = gridLines(shownPaper(), 1.5);
            List<double[]> majors = lines.stream().filter(l -> l[1] == 1).toList();
            assertThat(pxPerMm(majors, 5)).as("major lines every 5 mm at zoom " + zoom).isCloseTo(expected, within(expected * 0.01));
            assertThat(pxPerMm(lines, 1)).as("a line every 1 mm at zoom " + zoom).isCloseTo(expected, within(expected * 0.01));
            int firstMajor = (int) lines.indexOf(majors.get(0));
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)[1] == 1).as("line " + i + ": every fifth is a major line").isEqualTo((i - firstMajor) % 5 == 0);
            }
            // the 1 mV calibration pulse is gain (10) mm tall on screen
            double pulse = ((Number) reader.locator("path.calibration").first().evaluate("p => p.getBBox().height")).doubleValue();
            assertThat(pulse).isCloseTo(10.0, within(1e-6));
            double pulsePx = ((Number) reader.locator("path.calibration").first()
                    .evaluate("p => p.getBoundingClientRect().height")).doubleValue();
            assertThat(pulsePx).isCloseTo(10 * expected, within(1.5 * Math.max(1, 0.22 * expected)));
        }
        zoom("1");
    }

    @Test
    @Order(3)
    void theLayoutsPlaceTheLeadsAsThePrintoutDoes() {
        assertThat(reader.locator("polyline.trace")).hasCount(13);
        assertThat(reader.locator("polyline.rhythm")).hasAttribute("data-lead", "II");
        assertThat(reader.locator("polyline.trace[data-column='2']")).hasCount(3);
        assertThat(leadsOfColumn(2)).containsExactly("V1", "V2", "V3");
        assertThat(svgHeightMm()).isCloseTo(4 * 30, within(0.01));

        reader.locator("button[data-layout='6x2']").click();
        assertThat(paper()).hasAttribute("data-layout", "6x2");
        assertThat(reader.locator("polyline.trace")).hasCount(12);
        assertThat(reader.locator("polyline.rhythm")).hasCount(0);
        assertThat(leadsOfColumn(1)).containsExactly("V1", "V2", "V3", "V4", "V5", "V6");
        assertThat(svgHeightMm()).isCloseTo(6 * 30, within(0.01));

        reader.locator("button[data-layout='12x1']").click();
        assertThat(paper()).hasAttribute("data-layout", "12x1");
        assertThat(leadsOfColumn(0)).containsExactly("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
        assertThat(svgHeightMm()).isCloseTo(12 * 25, within(0.01));
        HeadlessChromium.screenshot(reader, screenshots.resolve("ecg-12x1.png"));

        reader.locator("button[data-layout='3x4']").click();
        assertThat(reader.locator("polyline.trace")).hasCount(13);
    }

    @Test
    @Order(4)
    void speedAndGainChangeTheDrawnScale() {
        List<double[]> at25 = rPeaks(trace("polyline.rhythm"), 25);
        double rr = at25.get(1)[0] - at25.get(0)[0];
        double rrS = beat(1) - beat(0);
        assertThat(rr).as("R to R at 25 mm/s, mm").isCloseTo(rrS * 25, within(0.1));

        reader.locator("button[data-speed='50']").click();
        assertThat(paper()).hasAttribute("data-speed", "50");
        List<double[]> at50 = rPeaks(trace("polyline.rhythm"), 50);
        assertThat(at50.get(1)[0] - at50.get(0)[0]).as("R to R at 50 mm/s, mm").isCloseTo(rrS * 50, within(0.1));
        assertThat(at50.size()).as("half the time on the strip").isBetween(2, at25.size() - 1);
        double height10 = at50.get(0)[1];

        for (int gain : new int[] {5, 20}) {
            reader.locator("button[data-gain='" + gain + "']").click();
            assertThat(paper()).hasAttribute("data-gain", String.valueOf(gain));
            double h = rPeaks(trace("polyline.rhythm"), 50).get(0)[1];
            assertThat(h).as("R height at " + gain + " mm/mV").isCloseTo(height10 * gain / 10, within(0.005));
        }
        HeadlessChromium.screenshot(reader, screenshots.resolve("ecg-3x4-50mms-20mmmv.png"));
        reader.locator("button[data-speed='25']").click();
        reader.locator("button[data-gain='10']").click();
        assertThat(paper()).hasAttribute("data-gain", "10");
    }

    @Test
    @Order(5)
    void whatItDrawsIsWhatEcgRenderPrints() throws Exception {
        for (String[] setting : new String[][] {{"3x4", "25", "10"}, {"6x2", "50", "20"}, {"12x1", "25", "5"}}) {
            String layout = setting[0];
            int speed = Integer.parseInt(setting[1]);
            int gain = Integer.parseInt(setting[2]);
            reader.locator("button[data-layout='" + layout + "']").click();
            reader.locator("button[data-speed='" + speed + "']").click();
            reader.locator("button[data-gain='" + gain + "']").click();
            assertThat(paper()).hasAttribute("data-gain", String.valueOf(gain));
            BufferedImage png = render(layout, speed, gain);
            double ppm = PNG_DPI / 25.4;
            for (Locator cell : reader.locator("polyline.trace").all()) {
                List<double[]> points = points(cell);
                int onInk = 0;
                for (double[] p : points) {
                    onInk += inkNear(png, (p[0] + PNG_LEFT_MM) * ppm, (p[1] + PNG_TOP_MM) * ppm, 2) ? 1 : 0;
                }
                assertThat((double) onInk / points.size()).as(layout + " lead " + cell.getAttribute("data-lead")
                        + ": drawn points on the printout's ink").isGreaterThan(0.98);
            }
            if (layout.equals("3x4")) {
                // R peaks of the rhythm strip: position and height as printed
                for (double[] r : rPeaks(trace("polyline.rhythm"), speed)) {
                    double[] printed = printedPeak(png, r, ppm);
                    assertThat(printed[0]).as("R peak x, mm").isCloseTo(r[0], within(0.25));
                    assertThat(printed[1]).as("R peak height, mm").isCloseTo(r[1], within(0.3));
                }
            }
        }
        reader.locator("button[data-layout='3x4']").click();
        reader.locator("button[data-speed='25']").click();
        reader.locator("button[data-gain='10']").click();
        assertThat(paper()).hasAttribute("data-layout", "3x4");
    }

    @Test
    @Order(6)
    void aCaliperBetweenTwoRPeaksReadsTheirIntervalRateAndHeight() {
        zoom("2");
        Locator strip = reader.locator("polyline.rhythm");
        List<double[]> peaks = rPeaks(trace("polyline.rhythm"), 25);
        double baseline = Double.parseDouble(strip.getAttribute("data-baseline-mm"));
        Locator scroll = reader.locator(".ecg-scroll");
        strip.evaluate("el => el.scrollIntoView({block: 'center', inline: 'start'})");
        double k = Double.parseDouble(paper().getAttribute("data-px-per-mm"));
        var box = paper().boundingBox();
        var visible = scroll.boundingBox();
        double[] a = peaks.get(0);
        double[] b = peaks.get(1);
        double ax = box.x + a[0] * k;
        double ay = box.y + baseline * k;
        double bx = box.x + b[0] * k;
        double by = box.y + (baseline - b[1]) * k;
        for (double[] p : new double[][] {{ax, ay}, {bx, by}}) {
            assertThat(p[0]).as("caliper end inside the shown paper").isBetween(visible.x, visible.x + visible.width);
            assertThat(p[1]).as("caliper end inside the shown paper " + visible.y + "+" + visible.height + ", paper at " + box.y)
                    .isBetween(visible.y, Math.min(visible.y + visible.height, 1100));
        }
        Object hit = reader.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y);"
                + " return e && e.closest('svg.ecg-paper') ? 'paper' : String(e && e.outerHTML.slice(0, 160)); }", List.of(ax, ay));
        assertThat(hit).as("what is under the caliper's first end").isEqualTo("paper");
        reader.mouse().move(ax, ay);
        reader.mouse().down();
        reader.mouse().move(ax + 5, ay);
        assertThat(reader.locator("g.caliper")).hasCount(1);
        reader.mouse().move(bx, by, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(8));
        reader.mouse().up();

        Locator readout = reader.getByTestId("ecg-caliper").locator("span");
        double ms = Double.parseDouble(readout.getAttribute("data-ms"));
        double bpm = Double.parseDouble(readout.getAttribute("data-bpm"));
        double mv = Double.parseDouble(readout.getAttribute("data-mv"));
        double drawnMs = (b[0] - a[0]) / 25 * 1000;
        double analysedMs = (beat(1) - beat(0)) * 1000;
        double pixelMs = 1000 / (k * 25);
        assertThat(ms).as("the two drawn R peaks apart, to a screen pixel").isCloseTo(drawnMs, within(pixelMs));
        assertThat(ms).as("the analysis' RR of these beats").isCloseTo(analysedMs, within(pixelMs + 6));
        assertThat(bpm).isCloseTo(60000 / ms, within(0.1));
        assertThat(bpm).isCloseTo(60000 / analysedMs, within(1.0));
        assertThat(mv).as("R height in mV").isCloseTo(b[1] / 10, within(1.5 / (k * 10)));
        assertThat(readout).containsText(" ms · ");
        assertThat(readout).containsText(" 次/分 · ");
        HeadlessChromium.screenshot(reader, screenshots.resolve("ecg-caliper.png"));
        reader.getByTestId("ecg-caliper").getByRole(AriaRole.BUTTON).click();
        assertThat(reader.locator("g.caliper")).hasCount(0);
        zoom("1");
    }

    @Test
    @Order(7)
    void theFilterSwitchesRedrawFromTheCentresFilters() {
        String filtered = trace("polyline.rhythm");
        assertThat(reader.getByTestId("ecg-footer")).containsText("0.5–60 Hz");
        reader.waitForResponse(r -> r.url().contains("/ecg?") && r.url().contains("highPassHz=0&") && r.status() == 200,
                () -> reader.getByLabel("基线滤波 0.5 Hz").uncheck());
        assertThat(reader.getByTestId("ecg-footer")).containsText("0–60 Hz");
        assertThat(trace("polyline.rhythm")).isNotEqualTo(filtered);
        reader.waitForResponse(r -> r.url().contains("notchHz=50") && r.status() == 200,
                () -> reader.getByLabel("工频陷波 50 Hz").check());
        assertThat(reader.getByTestId("ecg-footer")).containsText("工频陷波 50 Hz");
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("按自动分析滤波")).click();
        assertThat(reader.getByTestId("ecg-footer")).containsText("0.5–60 Hz");
        assertThat(reader.getByLabel("基线滤波 0.5 Hz")).isChecked();
        reader.waitForCondition(() -> trace("polyline.rhythm").equals(filtered));
    }

    @Test
    @Order(8)
    void aCriticalEcgShowsItsFlagAboveTheTracing() throws Exception {
        reader.navigate(base() + "/worklist/ECG");
        openTask(stemiStudy);
        Locator flag = reader.getByTestId("ecg-critical");
        assertThat(flag).isVisible();
        assertThat(flag.locator("li[data-code='SUSPECTED_STEMI']")).containsText("疑似ST段抬高型心肌梗死");
        assertThat(flag).hasAttribute("role", "alert");
        assertThat(flag.boundingBox().y + flag.boundingBox().height).as("above the tracing")
                .isLessThanOrEqualTo(paper().boundingBox().y);
        assertThat(reader.locator(".study-header .badge.priority-STAT")).hasCount(1);
        HeadlessChromium.screenshot(reader, screenshots.resolve("ecg-critical.png"));

        reader.getByLabel("语言").selectOption("en");
        assertThat(flag.locator("li[data-code='SUSPECTED_STEMI'] .en")).containsText("Suspected STEMI");
        assertThat(reader.getByTestId("ecg-measurements").locator("caption")).hasText("Measurements");
        HeadlessChromium.screenshot(reader, screenshots.resolve("ecg-critical-en.png"));
        reader.getByLabel("Language").selectOption("zh-CN");
    }

    @Test
    @Order(9)
    void theViewerAloneAtItsOwnAddress() {
        reader.navigate(base() + "/ecg/" + stemiStudy);
        assertThat(reader.locator("section.ecg-screen svg.ecg-paper")).hasAttribute("data-layout", "3x4");
        assertThat(reader.locator("section.ecg-screen polyline.trace")).hasCount(13);
        assertThat(reader.locator("section.ecg-screen .ecg-critical li[data-code='SUSPECTED_STEMI']")).hasCount(1);
    }

    // ------------------------------------------------------------------ the page

    private void openTask(String study) throws Exception {
        long id = api.awaitTask(study);
        reader.navigate(base() + "/tasks/" + id);
        reader.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("领取")).click();
        assertThat(reader.getByTestId("lease")).isVisible();
        assertThat(reader.locator("#viewer-slot")).hasAttribute("data-line", "ECG");
        assertThat(paper()).isVisible();
    }

    /** A screenshot of what the reader sees, with the paper's top left corner in view. */
    private BufferedImage shownPaper() {
        paper().evaluate("el => el.scrollIntoView({block: 'start', inline: 'start'})");
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(reader.screenshot()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Locator paper() {
        return reader.locator("#viewer-slot svg.ecg-paper");
    }

    private void zoom(String value) {
        reader.getByLabel("缩放").selectOption(value);
        double k = CSS_PX_PER_MM * Double.parseDouble(value);
        reader.waitForCondition(() -> Math.abs(Double.parseDouble(paper().getAttribute("data-px-per-mm")) - k) < 1e-9);
    }

    private static Locator row(Locator table, String measure) {
        return table.locator("tr[data-measure='" + measure + "']");
    }

    private List<String> leadsOfColumn(int column) {
        return reader.locator("polyline.trace[data-column='" + column + "']").all().stream().map(l -> l.getAttribute("data-lead")).toList();
    }

    private double svgHeightMm() {
        String[] box = paper().getAttribute("viewBox").split(" ");
        return Double.parseDouble(box[3]);
    }

    private String trace(String selector) {
        return reader.locator(selector).getAttribute("points");
    }

    /** The drawn R peaks of the rhythm strip (see {@link #rPeaks(String, double, int)}). */
    private List<double[]> rPeaks(String polylinePoints, int speed) {
        return rPeaks(polylinePoints, Double.parseDouble(reader.locator("polyline.rhythm").getAttribute("data-baseline-mm")), speed);
    }

    private double beat(int i) {
        return analysis.get("beatTimesS").get(i).asDouble();
    }

    // ------------------------------------------------------------------ numbers from what is drawn

    private static List<double[]> points(Locator polyline) {
        return points(polyline.getAttribute("points"));
    }

    private static List<double[]> points(String attribute) {
        List<double[]> out = new ArrayList<>();
        for (String pair : attribute.trim().split(" ")) {
            int comma = pair.indexOf(',');
            out.add(new double[] {Double.parseDouble(pair.substring(0, comma)), Double.parseDouble(pair.substring(comma + 1))});
        }
        return out;
    }

    /**
     * The R peak of each analysed beat on the drawn trace (x in mm, height above the row's baseline in mm): the
     * highest point within 60 ms of the beat's time, beats whose window lies inside the strip only.
     */
    private List<double[]> rPeaks(String polylinePoints, double base, int speed) {
        List<double[]> pts = points(polylinePoints);
        double x0 = pts.get(0)[0];
        double end = pts.get(pts.size() - 1)[0];
        List<double[]> peaks = new ArrayList<>();
        for (JsonNode b : analysis.get("beatTimesS")) {
            double center = x0 + b.asDouble() * speed;
            double reach = 0.06 * speed;
            if (center - reach < x0 + 0.1 * speed || center + reach > end - 0.1 * speed) {
                continue;
            }
            double[] best = null;
            for (double[] p : pts) {
                if (Math.abs(p[0] - center) <= reach && (best == null || p[1] < best[1])) {
                    best = p;
                }
            }
            peaks.add(new double[] {best[0], base - best[1]});
        }
        return peaks;
    }

    /**
     * The vertical grid lines the screen shows {@code mm} below the paper's top, left to right (inside the scroll
     * area): {centre x in screen pixels, 1 for a major line else 0}.
     */
    private List<double[]> gridLines(BufferedImage screen, double mm) {
        var svg = paper().boundingBox();
        var shown = reader.locator(".ecg-scroll").boundingBox();
        double k = Double.parseDouble(paper().getAttribute("data-px-per-mm"));
        int y = (int) Math.round(svg.y + mm * k);
        assertThat(y).as("scan row on screen: paper at " + svg.y + ", screen " + screen.getHeight()).isBetween(0, screen.getHeight() - 1);
        int from = (int) Math.ceil(svg.x);
        assertThat(from).as("the paper's left edge on screen (it scrolls inside its slot, never past the page's edge)")
                .isGreaterThanOrEqualTo(0);
        int to = (int) Math.min(screen.getWidth(), Math.floor(Math.min(svg.x + svg.width, shown.x + shown.width - 20)));
        List<double[]> lines = new ArrayList<>();
        int start = -1;
        boolean isMajor = false;
        for (int x = from; x <= to; x++) {
            int rgb = x < to ? screen.getRGB(x, y) : 0xffffff;
            boolean hit = major(rgb) || minor(rgb);
            if (hit && start < 0) {
                start = x;
                isMajor = false;
            }
            if (hit) {
                isMajor |= major(rgb);
            } else if (start >= 0) {
                lines.add(new double[] {(start + x - 1) / 2.0, isMajor ? 1 : 0});
                start = -1;
            }
        }
        assertThat(lines.size()).as("grid lines found on screen row " + y).isGreaterThan(20);
        return lines;
    }

    /** Pixels per mm from consecutive lines {@code mm} apart; each gap must be within a pixel of the mean (no line missing). */
    private static double pxPerMm(List<double[]> lines, double mm) {
        double gap = (lines.get(lines.size() - 1)[0] - lines.get(0)[0]) / (lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i)[0] - lines.get(i - 1)[0]).as("gap " + i).isCloseTo(gap, within(1.01));
        }
        return gap / mm;
    }

    static boolean major(int rgb) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return r > 215 && g > 95 && g < 150 && b > 95 && b < 150;
    }

    static boolean minor(int rgb) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return r > 245 && g > 185 && g < 215 && b > 185 && b < 215;
    }

    static boolean ink(int rgb) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return r < 120 && g < 120 && b < 120;
    }

    private static boolean inkNear(BufferedImage img, double x, double y, int radius) {
        int cx = (int) Math.round(x);
        int cy = (int) Math.round(y);
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                int px = cx + dx;
                int py = cy + dy;
                if (px >= 0 && py >= 0 && px < img.getWidth() && py < img.getHeight() && ink(img.getRGB(px, py))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The printed R peak near a drawn one: within 0.5 mm either side, the column whose ink, followed up from the drawn
     * peak's height, reaches highest; its x (mm) and height above the printed baseline (mm, to the line's middle).
     */
    private static double[] printedPeak(BufferedImage png, double[] drawn, double ppm) {
        // the strip's baseline on paper: row 3 of 4 rows of 30 mm, at 0.6 of the row (EcgRenderer.Page.baselineMm)
        double baseMm = (3 + 0.6) * 30;
        int cx = (int) Math.round((drawn[0] + PNG_LEFT_MM) * ppm);
        int startY = (int) Math.round((baseMm - drawn[1] + PNG_TOP_MM) * ppm);
        int bestX = cx;
        int bestTop = Integer.MAX_VALUE;
        for (int x = cx - (int) Math.round(0.5 * ppm); x <= cx + (int) Math.round(0.5 * ppm); x++) {
            int y = -1;
            for (int dy = -3; dy <= 3 && y < 0; dy++) {
                if (ink(png.getRGB(x, startY + dy))) {
                    y = startY + dy;
                }
            }
            if (y < 0) {
                continue;
            }
            while (y > 0 && ink(png.getRGB(x, y - 1))) {
                y--;
            }
            if (y < bestTop) {
                bestTop = y;
                bestX = x;
            }
        }
        assertThat(bestTop).as("printed ink near the drawn R peak at " + drawn[0] + " mm").isLessThan(Integer.MAX_VALUE);
        double halfLine = Math.max(1, Math.round(0.22 * ppm)) / 2.0 / ppm;
        return new double[] {bestX / ppm - PNG_LEFT_MM, baseMm - (bestTop / ppm - PNG_TOP_MM) - halfLine};
    }

    // ------------------------------------------------------------------ the data

    /** {@code ecg render} (EcgTool, what the CLI runs) of the uploaded file at print resolution. */
    private BufferedImage render(String layout, int speed, int gain) throws Exception {
        Path out = data.resolve("render-" + layout + "-" + speed + "-" + gain + ".png");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EcgTool.render(example, layout, speed, gain, PNG_DPI, out, null, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return ImageIO.read(out.toFile());
    }

    /** The README's upload: {@code curl -H 'Authorization: Bearer KEY' --data-binary @FILE http://centre:8104/api/ecg}. */
    private String upload(Path file) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "60", "-H", "Authorization: Bearer demo-ecg-key",
                "--data-binary", "@" + file, "-w", "\n%{http_code}", "http://127.0.0.1:" + ecgPort.port() + "/api/ecg")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.strip()).as(out).endsWith("201");
        return JSON.readTree(out.substring(0, out.lastIndexOf('\n'))).get("studyInstanceUid").asString();
    }

    private static String rounded(JsonNode n) {
        return n == null || n.isNull() ? "—" : String.valueOf(Math.round(n.asDouble()));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
