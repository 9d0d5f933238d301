package org.rdc.ecg.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.synthetic.SyntheticEcg;

/** Measures the rendered paper in pixels: grid pitch, calibration pulse, beat spacing. */
class EcgRendererTest {

    private static EcgRenderer renderer;
    private static EcgRecord record;
    private static EcgAnalysis analysis;

    @BeforeAll
    static void setUp() {
        renderer = new EcgRenderer();
        record = SyntheticEcg.normal().rate(60).build();
        analysis = new EcgAnalyzer().analyze(record, AnalysisSettings.defaults());
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static boolean major(int rgb) {
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        return r > 220 && g < 140 && b < 140 && Math.abs(g - b) < 10;
    }

    private static boolean ink(int rgb) {
        return (rgb >> 16 & 0xFF) < 90 && (rgb >> 8 & 0xFF) < 90 && (rgb & 0xFF) < 90;
    }

    @ParameterizedTest
    @CsvSource({"25, 10, 300", "50, 10, 300", "25, 5, 100", "25, 20, 150", "50, 20, 300"})
    void gridAndCalibrationMatchSpeedAndGain(double speed, double gain, int dpi) throws Exception {
        BufferedImage img = png(renderer.render(record, analysis, Layout.THREE_BY_FOUR_RHYTHM, speed, gain, dpi));
        double pxPerMm = dpi / 25.4;
        assertThat(img.getWidth()).isCloseTo((int) Math.round(280 * pxPerMm), within(2));

        // Major grid lines along a scan line just below the top of the grid: 5 mm apart.
        int y = (int) Math.round((EcgRenderer.HEADER_MM + 0.5) * pxPerMm);
        List<Integer> lines = new ArrayList<>();
        for (int x = 0; x < img.getWidth(); x++) {
            if (major(img.getRGB(x, y)) && (lines.isEmpty() || x - lines.get(lines.size() - 1) > 2)) {
                lines.add(x);
            }
        }
        assertThat(lines.size()).isGreaterThan(40);
        double pitch = (lines.get(lines.size() - 1) - lines.get(0)) / (double) (lines.size() - 1);
        assertThat(pitch).as("major grid pitch px").isCloseTo(5 * pxPerMm, within(0.5));

        // Calibration pulse of row 1: its top is gain mm above the baseline, its width 0.2 s at the speed.
        double baseMm = EcgRenderer.HEADER_MM + 0.6 * rowMm(gain, 3.0);
        int baseY = (int) Math.round(baseMm * pxPerMm);
        int midX = (int) Math.round((EcgRenderer.MARGIN_MM + 3 + 0.1 * speed) * pxPerMm);
        int top = -1;
        for (int yy = baseY - (int) Math.round((gain + 3) * pxPerMm); yy < baseY; yy++) {
            if (ink(img.getRGB(midX, yy))) {
                top = yy;
                break;
            }
        }
        assertThat(baseY - top).as("1 mV calibration height px").isCloseTo((int) Math.round(gain * pxPerMm), within(3));
        int left = midX;
        while (ink(img.getRGB(left - 1, top)) || ink(img.getRGB(left - 1, top + 1))) {
            left--;
        }
        int right = midX;
        while (ink(img.getRGB(right + 1, top)) || ink(img.getRGB(right + 1, top + 1))) {
            right++;
        }
        assertThat((double) (right - left)).as("0.2 s calibration width px")
                .isCloseTo(0.2 * speed * pxPerMm, within(4.0));
    }

    private static double rowMm(double gain, double rowMv) {
        return Math.max(12, Math.ceil(rowMv * gain / 5) * 5);
    }

    @Test
    void beatsInTheRhythmStripAreOneSecondApartAt60Bpm() throws Exception {
        int dpi = 200;
        double speed = 25;
        double pxPerMm = dpi / 25.4;
        BufferedImage img = png(renderer.render(record, analysis, Layout.THREE_BY_FOUR_RHYTHM, speed, 10, dpi));
        double rowMm = rowMm(10, 3.0);
        int bandTop = (int) Math.round((EcgRenderer.HEADER_MM + 3 * rowMm + 0.1 * rowMm) * pxPerMm);
        int baseY = (int) Math.round((EcgRenderer.HEADER_MM + 3.6 * rowMm) * pxPerMm);
        // Start right of the lead label.
        int x0 = (int) Math.round((EcgRenderer.MARGIN_MM + EcgRenderer.CALIBRATION_MM + 8) * pxPerMm);
        List<Integer> peaks = new ArrayList<>();
        int threshold = baseY - (int) Math.round(6 * pxPerMm);
        for (int x = x0; x < img.getWidth(); x++) {
            boolean high = false;
            for (int y = bandTop; y < threshold; y++) {
                high |= ink(img.getRGB(x, y));
            }
            if (high && (peaks.isEmpty() || x - peaks.get(peaks.size() - 1) > 50)) {
                peaks.add(x);
            }
        }
        assertThat(peaks.size()).isGreaterThanOrEqualTo(8);
        for (int i = 1; i < peaks.size(); i++) {
            assertThat((double) peaks.get(i) - peaks.get(i - 1)).as("R-R in px")
                    .isCloseTo(1.0 * speed * pxPerMm, within(3.0));
        }
    }

    @Test
    void everyLayoutRendersAndHeaderFontCanShowChinese() throws Exception {
        for (Layout layout : Layout.values()) {
            BufferedImage img = png(renderer.render(record, analysis, layout, 25, 10, EcgRenderer.SCREEN_DPI));
            assertThat(img.getHeight()).isGreaterThan(img.getWidth() / 3);
        }
        assertThat(CjkFont.load(Path.of("/nonexistent/font.ttc"))).isNotNull();
        assertThat(Layout.parse("6x2")).isEqualTo(Layout.SIX_BY_TWO);
    }

    @Test
    void headerFontCanShowChinese() {
        // A bare JDK machine has no CJK font; CI installs fonts-wqy-microhei so this runs there.
        org.rdc.test.Requires.font(CjkFont.DEFAULT_PATH);
        assertThat(CjkFont.load(CjkFont.DEFAULT_PATH).canDisplayChinese()).isTrue();
    }
}
