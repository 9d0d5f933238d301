package org.rdc.ecg.holter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes continuous EDF+ files (EDF+C) with ECG signals and one "EDF Annotations" signal, for tests. */
final class EdfPlusWriter {

    record Annotation(double onsetSeconds, String text) {
    }

    private EdfPlusWriter() {
    }

    /** samples[lead][frame] digital values; physical range -3.2768 .. 3.2767 mV, so 1 digit = 0.1 uV. */
    static void write(Path file, String[] labels, int samplesPerRecord, short[][] samples, List<Annotation> annotations) throws IOException {
        int leads = labels.length;
        int records = samples[0].length / samplesPerRecord;
        int annBytes = 120;
        int ns = leads + 1;
        StringBuilder h = new StringBuilder();
        h.append(pad("0", 8)).append(pad("MCH-0234567 F 02-MAY-1951 Haagse_Harry", 80))
                .append(pad("Startdate 02-DEC-2026 EMR-1 technician holter", 80))
                .append("02.12.26").append("08.30.15").append(pad(String.valueOf(256 * (ns + 1)), 8))
                .append(pad("EDF+C", 44)).append(pad(String.valueOf(records), 8)).append(pad("1", 8)).append(pad(String.valueOf(ns), 4));
        for (String l : labels) {
            h.append(pad(l, 16));
        }
        h.append(pad("EDF Annotations", 16));
        appendAll(h, ns, "AgAgCl electrode", "", 80);
        appendAll(h, ns, "mV", "", 8);
        appendAll(h, ns, "-3.2768", "-1", 8);
        appendAll(h, ns, "3.2767", "1", 8);
        appendAll(h, ns, "-32768", "-32768", 8);
        appendAll(h, ns, "32767", "32767", 8);
        appendAll(h, ns, "HP:0.05Hz LP:40Hz", "", 80);
        appendAll(h, ns, String.valueOf(samplesPerRecord), String.valueOf(annBytes / 2), 8);
        appendAll(h, ns, "", "", 32);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        for (int r = 0; r < records; r++) {
            ByteBuffer rec = ByteBuffer.allocate(leads * samplesPerRecord * 2 + annBytes).order(ByteOrder.LITTLE_ENDIAN);
            for (short[] lead : samples) {
                for (int k = 0; k < samplesPerRecord; k++) {
                    rec.putShort(lead[r * samplesPerRecord + k]);
                }
            }
            StringBuilder tal = new StringBuilder("+" + r + "\u0014\u0014\0");
            for (Annotation a : annotations) {
                if ((int) Math.floor(a.onsetSeconds()) == r) {
                    tal.append('+').append(a.onsetSeconds()).append("\u0014").append(a.text()).append("\u0014\0");
                }
            }
            rec.put(tal.toString().getBytes(StandardCharsets.UTF_8));
            out.write(rec.array());
        }
        Files.write(file, out.toByteArray());
    }

    private static void appendAll(StringBuilder h, int ns, String ecgValue, String annotationValue, int width) {
        for (int i = 0; i < ns - 1; i++) {
            h.append(pad(ecgValue, width));
        }
        h.append(pad(annotationValue, width));
    }

    private static String pad(String s, int width) {
        return String.format("%-" + width + "s", s);
    }
}
