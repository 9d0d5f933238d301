package org.rdc.test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Debian's chromium driven by Playwright for Java, for browser tests (OHIF, the web workstation). Never a
 * downloaded browser: Playwright is told to skip its download and is given {@code /usr/bin/chromium}, headless,
 * sandbox off (tests run as root in containers), no GPU (WebGL falls back to software), and nothing that talks
 * to the network on its own (QUIC, background networking, component updates, sync). Each launch gets a fresh
 * profile directory from Playwright. Skipped where chromium is missing, failing under {@code CI=true}
 * ({@link Requires#chromium()}).
 *
 * <pre>{@code
 * try (HeadlessChromium chromium = HeadlessChromium.launch()) {
 *     Page page = chromium.newPage();
 *     page.navigate(url);
 *     Pixels p = HeadlessChromium.pixels(page.locator("canvas").first());
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {

    static final List<String> ARGUMENTS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final Browser browser;

    private HeadlessChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static HeadlessChromium launch() {
        Path chromium = Requires.chromium();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
                    .setHeadless(true).setArgs(ARGUMENTS));
            return new HeadlessChromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    public Browser browser() {
        return browser;
    }

    /** A page in a new context of its own (no cookies or storage shared with other pages), 1280x900. */
    public Page newPage() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        return context.newPage();
    }

    /** Adds every console error and uncaught page error of {@code page} to {@code errors} (a browser test fails on any). */
    public static void collectErrors(Page page, java.util.List<String> errors) {
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add("console: " + m.text() + " at " + m.location());
            }
        });
        page.onPageError(e -> errors.add("page error: " + e));
    }

    /** The element as the user sees it (a WebGL canvas included, which getImageData cannot read), as an image. */
    public static BufferedImage image(Locator element) {
        try {
            return ImageIO.read(new ByteArrayInputStream(element.screenshot()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the page shows, e.g. under docs/ for a person to look at. */
    public static void screenshot(Page page, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(file));
    }

    /** What an element's pixels look like: enough to tell an image from a blank or uniform area. */
    public static Pixels pixels(Locator element) {
        return Pixels.of(image(element));
    }

    /**
     * Luminance statistics of an image (0-255).
     *
     * @param lit      fraction of pixels brighter than 16 (not black)
     * @param levels   distinct luminance values (a blank or flat area has one or two)
     * @param stdDev   standard deviation of luminance
     */
    public record Pixels(int width, int height, double lit, int levels, double mean, double stdDev) {

        public static Pixels of(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            boolean[] seen = new boolean[256];
            long lit = 0;
            double sum = 0;
            double sumSq = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = image.getRGB(x, y);
                    int l = (int) Math.round(0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
                    seen[l] = true;
                    lit += l > 16 ? 1 : 0;
                    sum += l;
                    sumSq += (double) l * l;
                }
            }
            int levels = 0;
            for (boolean b : seen) {
                levels += b ? 1 : 0;
            }
            double n = (double) w * h;
            double mean = sum / n;
            return new Pixels(w, h, lit / n, levels, mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean)));
        }

        /** Has structure: many grey levels and real contrast, not a blank, black or flat canvas. */
        public boolean showsAnImage() {
            return levels >= 32 && stdDev >= 10 && lit >= 0.05;
        }
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
