package org.rdc.ecg.synthetic;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes SCP-ECG records for decoder tests (EN 1064 layout): sections 0-6, default or a small custom
 * Huffman table, any difference order, optional reference-beat subtraction. Lead ids follow section 3.
 */
public final class ScpWriter {

    /** A QRS with its 1-based fiducial sample and subtraction zone. */
    public record Qrs(int fiducial, int start, int end) {
    }

    private int protocolVersion = 30;
    private int avmNanovolts = 5000;
    private int intervalMicros = 2000;
    private int differenceOrder = 2;
    private boolean customHuffman;
    private byte[] customSection2;
    private final List<Integer> leadIds = new ArrayList<>();
    private final List<int[]> rhythm = new ArrayList<>();
    private final List<int[]> reference = new ArrayList<>();
    private List<Qrs> qrs = List.of();
    private int referenceFiducial;
    private final Map<Integer, byte[]> overrides = new TreeMap<>();
    private LongTerm longTerm;

    /** Section 12 settings: the rhythm goes there, multiplexed and uncompressed, instead of sections 2, 3 and 6. */
    private record LongTerm(int rateHz, int bytesPerSample, int[] nanovolts, LocalDateTime start) {
    }

    public ScpWriter version(int v) {
        this.protocolVersion = v;
        return this;
    }

    public ScpWriter amplitude(int nanovolts) {
        this.avmNanovolts = nanovolts;
        return this;
    }

    public ScpWriter differences(int order) {
        this.differenceOrder = order;
        return this;
    }

    public ScpWriter customHuffman() {
        this.customHuffman = true;
        return this;
    }

    /** Replaces section 2 with raw data (for hostile tables). */
    public ScpWriter section2(byte[] data) {
        this.customSection2 = data;
        return this;
    }

    public ScpWriter lead(int id, int[] raw) {
        leadIds.add(id);
        rhythm.add(raw);
        return this;
    }

    /** Subtracts {@code beats[i]} around each QRS before encoding, as a compressing cart would. */
    public ScpWriter referenceBeats(List<int[]> beats, int fiducial1Based, List<Qrs> complexes) {
        reference.clear();
        reference.addAll(beats);
        this.referenceFiducial = fiducial1Based;
        this.qrs = complexes;
        return this;
    }

    /**
     * Writes the leads as section 12, long-term rhythm data (SCP-ECG v3), laid out field by field as
     * {@code ScpLongTermRhythm} documents: fixed block, a 5-byte and a 12-byte variable block, lead
     * definitions, then the frames.
     */
    public ScpWriter longTerm(int rateHz, int bytesPerSample, int[] nanovolts, LocalDateTime start) {
        this.longTerm = new LongTerm(rateHz, bytesPerSample, nanovolts, start);
        return this;
    }

    /** Replaces a section's data part with raw bytes, or adds a section. */
    public ScpWriter override(int section, byte[] data) {
        overrides.put(section, data);
        return this;
    }

    public byte[] write() {
        Map<Integer, byte[]> data = new TreeMap<>();
        data.put(1, section1());
        if (longTerm != null) {
            data.put(12, section12());
            data.putAll(overrides);
            return assemble(data);
        }
        data.put(2, customSection2 != null ? customSection2 : customHuffman ? customTable() : u16(19999));
        data.put(3, section3());
        if (!reference.isEmpty()) {
            data.put(4, section4());
            data.put(5, encoded(reference, 0));
        }
        List<int[]> residual = new ArrayList<>();
        for (int l = 0; l < rhythm.size(); l++) {
            int[] r = rhythm.get(l).clone();
            if (!reference.isEmpty()) {
                for (Qrs q : qrs) {
                    for (int s = q.start; s <= q.end; s++) {
                        r[s - 1] -= reference.get(l)[s - q.fiducial + referenceFiducial - 1];
                    }
                }
            }
            residual.add(r);
        }
        data.put(6, encoded(residual, 0));
        data.putAll(overrides);
        return assemble(data);
    }

    private byte[] section12() {
        int frames = rhythm.get(0).length;
        int bps = longTerm.bytesPerSample();
        byte[] variable1 = "blk1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] variable2 = "Acme Holter\0".getBytes(StandardCharsets.US_ASCII);
        byte[] fixed = new byte[70];
        putU32(fixed, 0, longTerm.rateHz());
        fixed[4] = (byte) leadIds.size();
        putU32(fixed, 5, frames);
        fixed[9] = (byte) bps;
        LocalDateTime t = longTerm.start();
        putU16(fixed, 10, t.getYear());
        fixed[12] = (byte) t.getMonthValue();
        fixed[13] = (byte) t.getDayOfMonth();
        fixed[14] = (byte) t.getHour();
        fixed[15] = (byte) t.getMinute();
        fixed[16] = (byte) t.getSecond();
        putU32(fixed, 62, variable1.length);
        putU32(fixed, 66, variable2.length);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(fixed);
        o.writeBytes(variable1);
        o.writeBytes(variable2);
        for (int i = 0; i < leadIds.size(); i++) {
            o.write(leadIds.get(i));
            o.writeBytes(u16(longTerm.nanovolts()[i]));
            o.write(0);
        }
        byte[] samples = new byte[frames * leadIds.size() * bps];
        int at = 0;
        for (int f = 0; f < frames; f++) {
            for (int[] lead : rhythm) {
                for (int k = 0; k < bps; k++) {
                    samples[at++] = (byte) (lead[f] >> (8 * k));
                }
            }
        }
        o.writeBytes(samples);
        return o.toByteArray();
    }

    private byte[] assemble(Map<Integer, byte[]> data) {
        int count = Math.max(12, ((TreeMap<Integer, byte[]>) data).lastKey() + 1);
        int s0Length = 16 + 10 * count;
        int offset = 6 + s0Length;
        ByteArrayOutputStream pointers = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        pointers.writeBytes(pointer(0, s0Length, 7));
        for (int id = 1; id < count; id++) {
            byte[] d = data.get(id);
            if (d == null) {
                pointers.writeBytes(pointer(id, 0, 0));
                continue;
            }
            byte[] section = section(id, d);
            pointers.writeBytes(pointer(id, section.length, offset + body.size() + 1));
            body.writeBytes(section);
        }
        byte[] s0 = section(0, pointers.toByteArray());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[6]);
        file.writeBytes(s0);
        file.writeBytes(body.toByteArray());
        byte[] f = file.toByteArray();
        putU32(f, 2, f.length);
        putU16(f, 0, crc(f, 2, f.length));
        return f;
    }

    private byte[] section(int id, byte[] data) {
        byte[] s = new byte[16 + data.length];
        putU16(s, 2, id);
        putU32(s, 4, s.length);
        s[8] = (byte) protocolVersion;
        s[9] = (byte) protocolVersion;
        if (id == 0) {
            System.arraycopy("SCPECG".getBytes(StandardCharsets.US_ASCII), 0, s, 10, 6);
        }
        System.arraycopy(data, 0, s, 16, data.length);
        putU16(s, 0, crc(s, 2, s.length));
        return s;
    }

    private byte[] section1() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        tag(o, 0, "王\0".getBytes(StandardCharsets.UTF_8));
        tag(o, 1, "小明\0".getBytes(StandardCharsets.UTF_8));
        tag(o, 2, "P-0001\0".getBytes(StandardCharsets.US_ASCII));
        tag(o, 4, new byte[] {62, 0, 1});
        tag(o, 8, new byte[] {2});
        byte[] device = new byte[36 + 5];
        System.arraycopy("CART01".getBytes(StandardCharsets.US_ASCII), 0, device, 8, 6);
        device[14] = (byte) protocolVersion;
        System.arraycopy("Acme\0".getBytes(StandardCharsets.US_ASCII), 0, device, 36, 5);
        tag(o, 14, device);
        tag(o, 25, new byte[] {(byte) 0xE8, 0x07, 4, 2});
        tag(o, 26, new byte[] {9, 30, 5});
        tag(o, 27, u16(5));
        tag(o, 28, u16(150));
        tag(o, 29, new byte[] {2});
        o.write(255);
        o.writeBytes(new byte[] {0, 0});
        return o.toByteArray();
    }

    private static void tag(ByteArrayOutputStream o, int tag, byte[] v) {
        o.write(tag);
        o.writeBytes(u16(v.length));
        o.writeBytes(v);
    }

    private byte[] section3() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(leadIds.size());
        o.write((reference.isEmpty() ? 0 : 1) | 4 | leadIds.size() << 3);
        for (int i = 0; i < leadIds.size(); i++) {
            o.writeBytes(u32(1));
            o.writeBytes(u32(rhythm.get(i).length));
            o.write(leadIds.get(i));
        }
        return o.toByteArray();
    }

    private byte[] section4() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int lengthMs = reference.get(0).length * intervalMicros / 1000;
        o.writeBytes(u16(lengthMs));
        o.writeBytes(u16(referenceFiducial));
        o.writeBytes(u16(qrs.size()));
        for (Qrs q : qrs) {
            o.writeBytes(u16(0));
            o.writeBytes(u32(q.start));
            o.writeBytes(u32(q.fiducial));
            o.writeBytes(u32(q.end));
        }
        for (Qrs q : qrs) {
            o.writeBytes(u32(q.start));
            o.writeBytes(u32(q.end));
        }
        return o.toByteArray();
    }

    private byte[] encoded(List<int[]> leads, int flag) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(u16(avmNanovolts));
        o.writeBytes(u16(intervalMicros));
        o.write(differenceOrder);
        o.write(flag);
        List<byte[]> coded = new ArrayList<>();
        for (int[] lead : leads) {
            coded.add(huffman(differences(lead)));
        }
        for (byte[] c : coded) {
            o.writeBytes(u16(c.length));
        }
        coded.forEach(o::writeBytes);
        return o.toByteArray();
    }

    private int[] differences(int[] x) {
        int[] d = x.clone();
        if (differenceOrder == 1) {
            for (int i = 1; i < x.length; i++) {
                d[i] = x[i] - x[i - 1];
            }
        } else if (differenceOrder == 2) {
            for (int i = 2; i < x.length; i++) {
                d[i] = x[i] - 2 * x[i - 1] + x[i - 2];
            }
        }
        return d;
    }

    private byte[] huffman(int[] values) {
        BitSink bits = new BitSink();
        for (int v : values) {
            if (customHuffman) {
                // custom table: "0" -> 0, "10" -> +1, "110" -> -1, "111" + 16 bits
                if (v == 0) {
                    bits.put(0, 1);
                } else if (v == 1) {
                    bits.put(0b10, 2);
                } else if (v == -1) {
                    bits.put(0b110, 3);
                } else {
                    bits.put(0b111, 3);
                    bits.put(v & 0xFFFF, 16);
                }
            } else if (v == 0) {
                bits.put(0, 1);
            } else if (Math.abs(v) <= 8) {
                int n = Math.abs(v);
                bits.put((1 << n) - 1, n);
                bits.put(0, 1);
                bits.put(v < 0 ? 1 : 0, 1);
            } else if (v >= -128 && v <= 127) {
                bits.put(0b1111111110, 10);
                bits.put(v & 0xFF, 8);
            } else {
                bits.put(0b1111111111, 10);
                bits.put(v & 0xFFFF, 16);
            }
        }
        return bits.bytes();
    }

    private static byte[] customTable() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(u16(1));
        o.writeBytes(u16(4));
        // prefix bits, total bits, mode (1 = value), base value, base code bit-reversed
        o.writeBytes(code(1, 1, 1, 0, 0b0));
        o.writeBytes(code(2, 2, 1, 1, 0b01));
        o.writeBytes(code(3, 3, 1, -1, 0b011));
        o.writeBytes(code(3, 19, 1, 0, 0b111));
        return o.toByteArray();
    }

    public static byte[] code(int prefix, int total, int mode, int base, long reversedCode) {
        byte[] b = new byte[9];
        b[0] = (byte) prefix;
        b[1] = (byte) total;
        b[2] = (byte) mode;
        putU16(b, 3, base);
        putU32(b, 5, reversedCode);
        return b;
    }

    public static byte[] u16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static byte[] pointer(int id, int length, int index) {
        byte[] b = new byte[10];
        putU16(b, 0, id);
        putU32(b, 2, length);
        putU32(b, 6, index);
        return b;
    }

    static void putU16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
    }

    static void putU32(byte[] b, int o, long v) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) (v >> (8 * i));
        }
    }

    /** CRC-CCITT as in EN 1064, written independently of the decoder's table-driven one. */
    public static int crc(byte[] b, int from, int to) {
        int c = 0xFFFF;
        for (int i = from; i < to; i++) {
            c ^= (b[i] & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x8000) != 0 ? ((c << 1) ^ 0x1021) & 0xFFFF : (c << 1) & 0xFFFF;
            }
        }
        return c;
    }

    private static final class BitSink {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void put(int value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                current = current << 1 | (value >>> i) & 1;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] bytes() {
            if (used > 0) {
                out.write(current << (8 - used));
                current = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }
}
