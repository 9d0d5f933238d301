package org.rdc.ecg.holter;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.Numbers;

/**
 * A WFDB header file as header(5) of the WFDB Software Package defines it: comment lines ('#')
 * anywhere, then the record line "name[/segments] nsig [fs[/counter][(base)] [nsamp [time [date]]]]"
 * and one signal specification line per signal "file format[xN][:skew][+offset] gain[(baseline)][/units]
 * resolution zero initial checksum blocksize description". Multi-segment records are refused.
 */
record WfdbHeader(String name, double sampleRate, long frames, LocalDateTime start, List<Signal> signals) {

    /** One signal line; {@code baseline} is the ADC value of 0 physical units. */
    record Signal(String file, int format, long byteOffset, double gain, int baseline, String units, String description) {
    }

    /** WFDB_DEFGAIN: "if the gain is missing or zero, 200 ADC units per mV". */
    private static final double DEFAULT_GAIN = 200;
    private static final Pattern RECORD_LINE = Pattern.compile(
            "([A-Za-z0-9_.-]+)(/\\d+)?\\s+(\\d+)(?:\\s+([0-9.eE+-]+)(?:/[0-9.eE+-]+)?(?:\\([0-9.eE+-]+\\))?)?"
                    + "(?:\\s+(\\d+))?(?:\\s+(\\d{1,2}:\\d{1,2}(?::\\d{1,2}(?:\\.\\d+)?)?))?(?:\\s+(\\d{1,2}/\\d{1,2}/\\d{4}))?\\s*");
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(x\\d+)?(:\\d+)?(\\+\\d+)?");
    private static final Pattern GAIN = Pattern.compile("([0-9.eE+-]+)(?:\\((-?\\d+)\\))?(?:/(\\S+))?");

    /** Whether the text looks like a WFDB header: the first non-comment line is a record line. */
    static boolean looksLike(String text) {
        for (String line : text.split("\r?\n", 64)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            return RECORD_LINE.matcher(line.trim()).matches();
        }
        return false;
    }

    static WfdbHeader parse(String text) throws EcgFormatException {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                lines.add(t);
            }
        }
        if (lines.isEmpty()) {
            throw new EcgFormatException("WFDB header: no record line");
        }
        Matcher r = RECORD_LINE.matcher(lines.get(0));
        if (!r.matches()) {
            throw new EcgFormatException("WFDB header: record line \"" + lines.get(0) + "\" is not \"name nsig fs nsamp\"");
        }
        if (r.group(2) != null) {
            throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, "WFDB header: multi-segment record " + r.group(1) + " is not supported");
        }
        int nsig;
        long frames;
        try {
            nsig = Integer.parseInt(r.group(3));
            frames = r.group(5) == null ? -1 : Long.parseLong(r.group(5));
        } catch (NumberFormatException e) {
            throw new EcgFormatException("WFDB header: record line \"" + lines.get(0) + "\" has numbers out of range");
        }
        // header(5): "if the sampling frequency is omitted, a value of 250 is assumed"
        double fs = r.group(4) == null ? 250 : Numbers.parseDouble(r.group(4), "WFDB header: sampling frequency");
        if (lines.size() < 1 + nsig) {
            throw new EcgFormatException("WFDB header: " + nsig + " signals declared, " + (lines.size() - 1) + " signal lines");
        }
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < nsig; i++) {
            signals.add(signal(lines.get(1 + i).split("\\s+", 9), i));
        }
        return new WfdbHeader(r.group(1), fs, frames, start(r.group(6), r.group(7)), signals);
    }

    private static Signal signal(String[] f, int index) throws EcgFormatException {
        String where = "WFDB header: signal " + (index + 1);
        if (f.length < 2) {
            throw new EcgFormatException(where + ": no format");
        }
        Matcher fm = FORMAT.matcher(f[1]);
        if (!fm.matches()) {
            throw new EcgFormatException(where + ": format \"" + f[1] + "\" is not a WFDB format");
        }
        int format = (int) Numbers.parseDouble(fm.group(1), where + " format");
        if (format != 212 && format != 16) {
            throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, where + ": format " + format + " (only 212 and 16 are read)");
        }
        if (fm.group(2) != null && !fm.group(2).equals("x1") || fm.group(3) != null && !fm.group(3).equals(":0")) {
            throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, where + ": multi-frequency or skewed signals are not supported");
        }
        long offset = fm.group(4) == null ? 0 : (long) Numbers.parseDouble(fm.group(4).substring(1), where + " byte offset");
        double gain = DEFAULT_GAIN;
        Integer baseline = null;
        String units = "mV";
        if (f.length > 2) {
            Matcher gm = GAIN.matcher(f[2]);
            if (!gm.matches()) {
                throw new EcgFormatException(where + ": gain \"" + f[2] + "\" is not gain[(baseline)][/units]");
            }
            double g = Numbers.parseDouble(gm.group(1), where + " gain");
            gain = g == 0 ? DEFAULT_GAIN : g;
            baseline = gm.group(2) == null ? null : (int) Numbers.parseDouble(gm.group(2), where + " baseline");
            units = gm.group(3) == null ? units : gm.group(3);
        }
        // header(5): the baseline defaults to the ADC zero (field 5), which defaults to 0.
        int zero = f.length > 4 ? (int) Numbers.parseDouble(f[4], where + " ADC zero") : 0;
        String description = f.length > 8 ? f[8] : "signal " + (index + 1);
        return new Signal(f[0], format, offset, gain, baseline == null ? zero : baseline, units, description);
    }

    private static LocalDateTime start(String time, String date) throws EcgFormatException {
        if (time == null || date == null) {
            return null;
        }
        try {
            String[] t = time.split("[:.]");
            LocalTime lt = LocalTime.of(Integer.parseInt(t[0]), Integer.parseInt(t[1]), t.length > 2 ? Integer.parseInt(t[2]) : 0);
            return LocalDateTime.of(LocalDate.parse(date, DateTimeFormatter.ofPattern("d/M/yyyy")), lt);
        } catch (DateTimeException | NumberFormatException e) {
            throw new EcgFormatException("WFDB header: base time/date \"" + time + " " + date + "\" is not a time", e);
        }
    }
}
