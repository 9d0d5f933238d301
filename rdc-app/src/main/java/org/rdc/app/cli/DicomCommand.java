package org.rdc.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rdc.dicom.tool.DicomTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dicom dump FILE} and {@code dicom json FILE}. Only wiring: the work is done by
 * {@link DicomTool} in dicom-core. A file that cannot be parsed gives one line on stderr and exit code 1.
 */
@Command(name = "dicom", mixinStandardHelpOptions = true,
        description = "Inspect DICOM files.",
        subcommands = {DicomCommand.Dump.class, DicomCommand.Json.class})
public final class DicomCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Print the file's elements in human-readable form, like dcmdump.")
    static final class Dump implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "DICOM file (Part 10, or a bare data set)")
        Path file;

        @Override
        public Integer call() {
            return DicomTool.dump(file, System.out, System.err);
        }
    }

    @Command(name = "json", mixinStandardHelpOptions = true,
            description = "Print the data set as DICOM JSON (PS3.18 F); binary values as InlineBinary, like dcm2json.")
    static final class Json implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "DICOM file (Part 10, or a bare data set)")
        Path file;

        @Override
        public Integer call() {
            return DicomTool.json(file, System.out, System.err);
        }
    }
}
