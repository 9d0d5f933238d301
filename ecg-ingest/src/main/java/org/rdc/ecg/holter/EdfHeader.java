package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.Numbers;

/**
 * The header of an EDF file (Kemp et al., "A simple format for exchange of digitized polygraphic
 * recordings", EEG Clin Neurophysiol 82, 1992) and of EDF+ (Kemp and Olivan, Clin Neurophysiol
 * 114, 2003, section 2.1): 256 bytes of ASCII fields, then for each of ns signals 256 bytes of
 * fields stored field by field. EDF+ marks itself with "EDF+C" / "EDF+D" in the reserved field and
 * carries annotations in signals labelled "EDF Annotations".
 */
record EdfHeader(boolean plus, boolean discontinuous, String patient, LocalDateTime start, int headerBytes, long records,
        double recordSeconds, List<Signal> signals) {

    static final String ANNOTATIONS_LABEL = "EDF Annotations";
    /** One data record is read whole; EDF+ recommends records under 61 440 bytes, this allows far more. */
    static final int MAX_SAMPLES_PER_RECORD = 1 << 20;

    record Signal(String label, String unit, double physicalMin, double physicalMax, int digitalMin, int digitalMax,
            int samplesPerRecord) {

        boolean isAnnotations() {
            return label.equals(ANNOTATIONS_LABEL);
        }
    }

    /** The first 8 bytes of every EDF and EDF+ file: the version "0" padded with spaces. */
    static boolean looksLike(byte[] prefix) {
        return prefix.length >= 256 && new String(prefix, 0, 8, StandardCharsets.US_ASCII).equals("0       ");
    }

    static EdfHeader read(FileChannel channel) throws IOException, EcgFormatException {
        ByteBuffer fixed = readFully(channel, 0, 256);
        String reserved = field(fixed, 192, 44);
        int ns = integer(fixed, 252, 4, "number of signals");
        if (ns < 1 || ns > 4096) {
            throw new EcgFormatException("EDF: number of signals " + ns + " is not 1-4096");
        }
        int headerBytes = integer(fixed, 184, 8, "number of bytes in header");
        if (headerBytes != 256 * (ns + 1)) {
            throw new EcgFormatException("EDF: header length " + headerBytes + " is not 256 x (1 + " + ns + " signals)");
        }
        ByteBuffer s = readFully(channel, 256, 256 * ns);
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < ns; i++) {
            String where = "signal " + (i + 1) + " ";
            signals.add(new Signal(field(s, 16 * i, 16), field(s, 96 * ns + 8 * i, 8),
                    Numbers.parseDouble(field(s, 104 * ns + 8 * i, 8), "EDF: " + where + "physical minimum"),
                    Numbers.parseDouble(field(s, 112 * ns + 8 * i, 8), "EDF: " + where + "physical maximum"),
                    integer(s, 120 * ns + 8 * i, 8, where + "digital minimum"),
                    integer(s, 128 * ns + 8 * i, 8, where + "digital maximum"),
                    integer(s, 216 * ns + 8 * i, 8, where + "number of samples in each data record")));
        }
        for (Signal sig : signals) {
            if (sig.samplesPerRecord() < 1 || sig.samplesPerRecord() > MAX_SAMPLES_PER_RECORD) {
                throw new EcgFormatException("EDF: signal " + sig.label() + " has " + sig.samplesPerRecord()
                        + " samples per data record, not 1-" + MAX_SAMPLES_PER_RECORD);
            }
        }
        double recordSeconds = Numbers.parseDouble(field(fixed, 244, 8), "EDF: duration of a data record");
        return new EdfHeader(reserved.startsWith("EDF+"), reserved.startsWith("EDF+D"), field(fixed, 8, 80), start(fixed),
                headerBytes, integer(fixed, 236, 8, "number of data records"), recordSeconds, signals);
    }

    int recordBytes() {
        return signals.stream().mapToInt(s -> 2 * s.samplesPerRecord()).sum();
    }

    /** "dd.mm.yy" and "hh.mm.ss"; EDF+ 2.1.3.2: years 85-99 are 1985-1999, 00-84 are 2000-2084. */
    private static LocalDateTime start(ByteBuffer b) {
        try {
            String[] d = field(b, 168, 8).split("\\.");
            String[] t = field(b, 176, 8).split("\\.");
            int yy = Integer.parseInt(d[2]);
            return LocalDateTime.of(yy >= 85 ? 1900 + yy : 2000 + yy, Integer.parseInt(d[1]), Integer.parseInt(d[0]),
                    Integer.parseInt(t[0]), Integer.parseInt(t[1]), Integer.parseInt(t[2]));
        } catch (DateTimeException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long at, int length) throws IOException, EcgFormatException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && channel.read(b, at + b.position()) > 0) {
            // positional reads until the block is in
        }
        if (b.hasRemaining()) {
            throw new EcgFormatException("EDF: file ends inside the header (byte " + (at + b.position()) + ")");
        }
        return b;
    }

    private static String field(ByteBuffer b, int offset, int length) {
        return new String(b.array(), offset, length, StandardCharsets.US_ASCII).strip();
    }

    private static int integer(ByteBuffer b, int offset, int length, String what) throws EcgFormatException {
        String text = field(b, offset, length);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new EcgFormatException("EDF: " + what + " \"" + text + "\" at byte " + offset + " is not an integer");
        }
    }
}
