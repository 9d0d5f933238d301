package org.rdc.ecg.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small reader for PhysioNet WFDB records as used by the test data: the .hea header, signal
 * files in format 212 (two 12-bit samples in 3 bytes) or 16 (little-endian 16-bit), and MIT-format
 * annotation files (.atr). Test-only: WFDB is how the reference databases are published, not an
 * upload format.
 */
public final class WfdbRecord {

    public record Signal(String description, double[] microvolts) {
    }

    public record Annotation(long sample, int type) {
    }

    /** WFDB beat annotation codes (N L R a V F J A S E j / Q ? e n f). */
    private static final Set<Integer> BEATS = Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38);

    public final double sampleRate;
    public final List<Signal> signals;
    public final List<String> comments;

    private WfdbRecord(double sampleRate, List<Signal> signals, List<String> comments) {
        this.sampleRate = sampleRate;
        this.signals = signals;
        this.comments = comments;
    }

    public static WfdbRecord read(Path header) throws IOException {
        List<String> lines = Files.readAllLines(header, StandardCharsets.US_ASCII);
        List<String> comments = new ArrayList<>();
        List<String[]> fields = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("#")) {
                comments.add(l.substring(1).trim());
            } else if (!l.isBlank()) {
                fields.add(l.trim().split("\\s+"));
            }
        }
        String[] rec = fields.get(0);
        int nsig = Integer.parseInt(rec[1]);
        double fs = Double.parseDouble(rec[2].split("/")[0]);
        int nsamp = Integer.parseInt(rec[3]);
        Map<String, List<Integer>> byFile = new HashMap<>();
        List<String[]> sig = fields.subList(1, 1 + nsig);
        for (int i = 0; i < nsig; i++) {
            byFile.computeIfAbsent(sig.get(i)[0], f -> new ArrayList<>()).add(i);
        }
        double[][] out = new double[nsig][nsamp];
        for (Map.Entry<String, List<Integer>> e : byFile.entrySet()) {
            byte[] data = Files.readAllBytes(header.resolveSibling(e.getKey()));
            List<Integer> members = e.getValue();
            int format = Integer.parseInt(sig.get(members.get(0))[1]);
            int[][] adu = format == 212 ? format212(data, members.size(), nsamp) : format16(data, members.size(), nsamp);
            for (int m = 0; m < members.size(); m++) {
                String[] f = sig.get(members.get(m));
                String gainField = f[2];
                double gain = Double.parseDouble(gainField.replaceAll("[(/].*", ""));
                double baseline = gainField.contains("(")
                        ? Double.parseDouble(gainField.substring(gainField.indexOf('(') + 1, gainField.indexOf(')')))
                        : Double.parseDouble(f[4]);
                for (int k = 0; k < nsamp; k++) {
                    out[members.get(m)][k] = (adu[m][k] - baseline) / gain * 1000;
                }
            }
        }
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < nsig; i++) {
            String[] f = sig.get(i);
            signals.add(new Signal(f.length > 8 ? f[8] : "sig" + i, out[i]));
        }
        return new WfdbRecord(fs, signals, comments);
    }

    private static int[][] format212(byte[] d, int nsig, int nsamp) {
        int[][] v = new int[nsig][nsamp];
        int total = nsig * nsamp;
        for (int s = 0, o = 0; s + 1 < total + 1 && o + 2 < d.length + 1; s += 2, o += 3) {
            int a = (d[o] & 0xFF) | (d[o + 1] & 0x0F) << 8;
            v[s % nsig][s / nsig] = a >= 2048 ? a - 4096 : a;
            if (s + 1 < total) {
                int b = (d[o + 2] & 0xFF) | (d[o + 1] & 0xF0) << 4;
                v[(s + 1) % nsig][(s + 1) / nsig] = b >= 2048 ? b - 4096 : b;
            }
        }
        return v;
    }

    private static int[][] format16(byte[] d, int nsig, int nsamp) {
        int[][] v = new int[nsig][nsamp];
        for (int k = 0; k < nsamp; k++) {
            for (int s = 0; s < nsig; s++) {
                int o = 2 * (k * nsig + s);
                v[s][k] = (short) ((d[o] & 0xFF) | (d[o + 1] & 0xFF) << 8);
            }
        }
        return v;
    }

    /** Beat annotations of an MIT-format annotation file. */
    public static List<Annotation> beats(Path atr) throws IOException {
        byte[] d = Files.readAllBytes(atr);
        List<Annotation> out = new ArrayList<>();
        long time = 0;
        int i = 0;
        while (i + 1 < d.length) {
            int word = (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8;
            i += 2;
            int type = word >> 10;
            int value = word & 0x3FF;
            if (type == 0 && value == 0) {
                break;
            }
            if (type == 59) {
                long hi = (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8;
                long lo = (d[i + 2] & 0xFF) | (d[i + 3] & 0xFF) << 8;
                time += (int) (hi << 16 | lo);
                i += 4;
            } else if (type == 63) {
                i += value + (value & 1);
            } else if (type == 60 || type == 61 || type == 62) {
                continue;
            } else {
                time += value;
                if (BEATS.contains(type)) {
                    out.add(new Annotation(time, type));
                }
            }
        }
        return out;
    }
}
