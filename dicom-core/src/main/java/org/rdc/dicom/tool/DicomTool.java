package org.rdc.dicom.tool;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rdc.dicom.dump.DumpFormatter;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.json.JsonWriter;
import org.rdc.dicom.object.DataSetReader;

/**
 * What the {@code dicom dump} and {@code dicom json} commands do, kept here so it is tested with the
 * codec; the command-line classes of the application only pass arguments and streams.
 */
public final class DicomTool {

    /** Exit code for a file that cannot be read or parsed. */
    public static final int FAILED = 1;

    private DicomTool() {
    }

    /**
     * Prints the file like dcmdump; on failure prints one line to {@code err} and returns {@link #FAILED}.
     * Bulk data is not loaded (its offset is shown instead), so any size of file can be listed.
     */
    public static int dump(Path file, PrintStream out, PrintStream err) {
        DicomFile f = read(file, err, new Part10Reader(new DataSetReader().withoutBulkData()));
        if (f == null) {
            return FAILED;
        }
        out.print(new DumpFormatter().format(f));
        out.flush();
        return 0;
    }

    /** Prints the data set as PS3.18 F JSON, binary values as InlineBinary like dcm2json. */
    public static int json(Path file, PrintStream out, PrintStream err) {
        DicomFile f = read(file, err, new Part10Reader());
        if (f == null) {
            return FAILED;
        }
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            new JsonWriter().indent(true).write(f.dataSet(), writer);
        } catch (IOException e) {
            err.println(file + ": " + oneLine(String.valueOf(e.getMessage())));
            return FAILED;
        }
        return 0;
    }

    private static DicomFile read(Path file, PrintStream err, Part10Reader reader) {
        try {
            if (Files.isDirectory(file)) {
                err.println(file + ": is a directory");
                return null;
            }
            return reader.read(file);
        } catch (NoSuchFileException e) {
            err.println(file + ": no such file");
        } catch (IOException | RuntimeException e) {
            err.println(file + ": " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return null;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
