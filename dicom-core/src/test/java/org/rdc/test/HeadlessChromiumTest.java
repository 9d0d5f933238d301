package org.rdc.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/** The browser helper itself: Debian's chromium starts under Playwright, draws a canvas, and its pixels are read back. */
class HeadlessChromiumTest {

    @Test
    void drawsACanvasAndReadsItsPixels() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            assertThat(chromium.browser().version()).isNotBlank();
            Page page = chromium.newPage();
            page.setContent("""
                    <canvas id="c" width="256" height="256"></canvas><canvas id="blank" width="256" height="256"></canvas>
                    <script>
                      const g = document.getElementById('c').getContext('2d');
                      for (let x = 0; x < 256; x++) { g.fillStyle = `rgb(${x},${x},${x})`; g.fillRect(x, 0, 1, 256); }
                    </script>""");
            HeadlessChromium.Pixels ramp = HeadlessChromium.pixels(page.locator("#c"));
            assertThat(ramp.showsAnImage()).as(ramp.toString()).isTrue();
            HeadlessChromium.Pixels blank = HeadlessChromium.pixels(page.locator("#blank"));
            assertThat(blank.showsAnImage()).as(blank.toString()).isFalse();
            assertThat(page.evaluate("navigator.userAgent").toString()).contains("HeadlessChrome");
        }
    }
}
