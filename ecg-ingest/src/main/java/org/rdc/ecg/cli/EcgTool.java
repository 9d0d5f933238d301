package org.rdc.ecg.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.json.EcgJson;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.render.CjkFont;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.ecg.render.Layout;

/**
 * What the {@code ecg analyze} and {@code ecg render} commands do, kept in this module so it is
 * tested with the decoders; the application's command class only passes arguments and streams.
 * A file that cannot be read gives exit code {@link #FAILED} and one line on {@code err};
 * bad options give {@link #USAGE}.
 */
public final class EcgTool {

    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private EcgTool() {
    }

    /** Prints the analysis JSON (with the device's own measurements next to ours). */
    public static int analyze(Path file, PrintStream out, PrintStream err) {
        EcgRecord r = read(file, err);
        if (r == null) {
            return FAILED;
        }
        EcgAnalysis a = new EcgAnalyzer().analyze(r, AnalysisSettings.defaults());
        out.println(EcgJson.toPrettyJson(EcgJson.analysis(r, a)));
        out.flush();
        return 0;
    }

    /**
     * Renders the ECG to a PNG.
     *
     * @param layout 3x4 (with a lead II rhythm strip), 6x2 or 12x1
     * @param speed  paper speed in mm/s (25 or 50)
     * @param gain   mm/mV (5, 10 or 20)
     * @param dpi    pixels per inch (300 print, 100 screen)
     */
    public static int render(Path file, String layout, double speed, double gain, int dpi, Path png, Path font,
                             PrintStream out, PrintStream err) {
        Layout l;
        try {
            l = Layout.parse(layout);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        if (!(speed > 0 && speed <= 200) || !(gain > 0 && gain <= 100) || dpi < 50 || dpi > 1200) {
            err.println("--speed must be in (0, 200] mm/s, --gain in (0, 100] mm/mV, --dpi within 50..1200");
            return USAGE;
        }
        EcgRecord r = read(file, err);
        if (r == null) {
            return FAILED;
        }
        EcgAnalysis a = new EcgAnalyzer().analyze(r, AnalysisSettings.defaults());
        byte[] bytes = new EcgRenderer(font == null ? CjkFont.DEFAULT_PATH : font).render(r, a, l, speed, gain, dpi);
        try {
            Files.write(png, bytes);
        } catch (IOException e) {
            err.println(png + ": cannot write: " + e.getMessage());
            return FAILED;
        }
        out.printf("%s: %s, %s mm/s, %s mm/mV, %d dpi, %d bytes%n", png, layout, fmt(speed), fmt(gain), dpi, bytes.length);
        out.flush();
        return 0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static EcgRecord read(Path file, PrintStream err) {
        try {
            if (Files.isDirectory(file)) {
                err.println(file + ": is a directory");
                return null;
            }
            EcgReader reader = EcgReader.standard();
            long size = Files.size(file);
            if (size > reader.maxBytes()) {
                err.println(file + ": " + size + " bytes, over the limit of " + reader.maxBytes() + " bytes for an ECG");
                return null;
            }
            return reader.read(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            err.println(file + ": no such file");
        } catch (EcgFormatException e) {
            err.println(file + ": " + oneLine(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            err.println(file + ": " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return null;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
