package org.rdc.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rdc.dicom.tool.DicomTool;
import org.rdc.gateway.scu.DicomSender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dicom dump FILE} and {@code dicom json FILE} (work done by {@link DicomTool} in dicom-core; a file
 * that cannot be parsed gives one line on stderr and exit code 1), {@code dicom echo HOST PORT AET} and
 * {@code dicom send HOST PORT AET FILE_OR_DIR...} (our SCU, {@link DicomSender} in dicom-gateway).
 */
@Command(name = "dicom", mixinStandardHelpOptions = true,
        description = "Inspect DICOM files; C-ECHO and C-STORE to a DICOM node.",
        subcommands = {DicomCommand.Dump.class, DicomCommand.Json.class, DicomCommand.Echo.class, DicomCommand.Send.class})
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

    @Command(name = "echo", mixinStandardHelpOptions = true,
            description = "C-ECHO a DICOM node (verification). Exit code 0 when it answers success.")
    static final class Echo implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "HOST")
        String host;
        @Parameters(index = "1", paramLabel = "PORT")
        int port;
        @Parameters(index = "2", paramLabel = "AET", description = "the called AE title")
        String calledAe;
        @Option(names = "--calling-aet", defaultValue = "RDC", description = "our AE title (default: ${DEFAULT-VALUE})")
        String callingAe;

        @Override
        public Integer call() {
            return DicomSender.echo(host, port, calledAe, callingAe, System.out, System.err);
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = {"C-STORE files (directories are searched recursively) to a DICOM node, each data set as it is"
                    + " in its file (no transcoding).", "One line per file; exit code 0 when every file was stored."})
    static final class Send implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "HOST")
        String host;
        @Parameters(index = "1", paramLabel = "PORT")
        int port;
        @Parameters(index = "2", paramLabel = "AET", description = "the called AE title")
        String calledAe;
        @Parameters(index = "3..*", arity = "1..*", paramLabel = "FILE_OR_DIR")
        List<Path> files;
        @Option(names = "--calling-aet", defaultValue = "RDC", description = "our AE title (default: ${DEFAULT-VALUE})")
        String callingAe;

        @Override
        public Integer call() {
            return DicomSender.send(host, port, calledAe, callingAe, files, System.out, System.err);
        }
    }
}
