package org.rdc.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rdc.ecg.cli.EcgTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecg analyze FILE} and {@code ecg render FILE --out FILE.png}. Only wiring: the work is done
 * by {@link EcgTool} in ecg-ingest. A file that cannot be read gives one line on stderr and exit
 * code 1; bad options exit code 2.
 */
@Command(name = "ecg", mixinStandardHelpOptions = true,
        description = "Read an ECG file (DICOM waveform, HL7 aECG, SCP-ECG, Philips Sierra XML, GE MUSE XML).",
        subcommands = {EcgCommand.Analyze.class, EcgCommand.Render.class})
public final class EcgCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true,
            description = {"Print the automated analysis as JSON (decision support only; a physician confirms):",
                    "heart rate, PR, QRS, QT, QTc (Bazett, Fridericia), P/QRS/T axes, rhythm, critical flags,",
                    "with the device's own measurements next to them."})
    static final class Analyze implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "ECG file; the format is recognised from the content")
        Path file;

        @Override
        public Integer call() {
            return EcgTool.analyze(file, System.out, System.err);
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Draw the ECG on standard paper (red 1/5 mm grid, calibration pulse, header) as a PNG.")
    static final class Render implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "ECG file")
        Path file;

        @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "PNG to write")
        Path out;

        @Option(names = "--layout", defaultValue = "3x4", description = "3x4 (with a lead II rhythm strip), 6x2 or 12x1 (default: ${DEFAULT-VALUE})")
        String layout;

        @Option(names = "--speed", defaultValue = "25", description = "paper speed in mm/s, 25 or 50 (default: ${DEFAULT-VALUE})")
        double speed;

        @Option(names = "--gain", defaultValue = "10", description = "gain in mm/mV, 5, 10 or 20 (default: ${DEFAULT-VALUE})")
        double gain;

        @Option(names = "--dpi", defaultValue = "300", description = "pixels per inch: 300 print, 100 screen (default: ${DEFAULT-VALUE})")
        int dpi;

        @Option(names = "--font", paramLabel = "FILE", description = "CJK font for the header (default: WenQuanYi Micro Hei)")
        Path font;

        @Override
        public Integer call() {
            return EcgTool.render(file, layout, speed, gain, dpi, out, font, System.out, System.err);
        }
    }
}
