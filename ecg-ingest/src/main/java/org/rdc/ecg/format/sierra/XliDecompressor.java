package org.rdc.ecg.format.sierra;

import org.rdc.ecg.EcgFormatException;

/**
 * XLI, the waveform compression of Philips Sierra ECG XML: per lead an 8-byte header (compressed
 * size, a reserved word, the first sample), then LZW with 10-bit codes. The LZW output holds the
 * high bytes of all samples followed by their low bytes, and the resulting 16-bit values are
 * second-order predictor residuals (with a bias of 64 in the predictor's correction term).
 */
final class XliDecompressor {

    private static final int CODE_BITS = 10;
    private static final int DICTIONARY_SIZE = 1 << CODE_BITS;
    private static final int HEADER = 8;

    private XliDecompressor() {
    }

    /** Decodes {@code leads} consecutive XLI blocks, each to {@code samples} values. */
    static int[][] decode(byte[] data, int leads, int samples) throws EcgFormatException {
        int[][] out = new int[leads][];
        int pos = 0;
        for (int lead = 0; lead < leads; lead++) {
            String where = "Philips Sierra XLI block " + (lead + 1);
            if (pos + HEADER > data.length) {
                throw new EcgFormatException(where + ": header at byte " + pos + " is past the end of "
                        + data.length + " decoded bytes");
            }
            long size = (data[pos] & 0xFFL) | (data[pos + 1] & 0xFFL) << 8 | (data[pos + 2] & 0xFFL) << 16
                    | (data[pos + 3] & 0xFFL) << 24;
            int first = (short) ((data[pos + 6] & 0xFF) | (data[pos + 7] & 0xFF) << 8);
            if (size > data.length - pos - HEADER) {
                throw new EcgFormatException(where + ": declares " + size + " compressed bytes but only "
                        + (data.length - pos - HEADER) + " remain");
            }
            byte[] unpacked = lzw(data, pos + HEADER, (int) size, 2 * samples, where);
            out[lead] = undoPrediction(interleave(unpacked, samples), first);
            pos += HEADER + (int) size;
        }
        return out;
    }

    /** LZW with fixed 10-bit codes packed most significant bit first, no clear code. */
    private static byte[] lzw(byte[] in, int from, int length, int expected, String where) throws EcgFormatException {
        byte[] out = new byte[expected];
        int outLen = 0;
        int[] prefix = new int[DICTIONARY_SIZE];
        byte[] suffix = new byte[DICTIONARY_SIZE];
        int[] entryLength = new int[DICTIONARY_SIZE];
        for (int i = 0; i < 256; i++) {
            suffix[i] = (byte) i;
            entryLength[i] = 1;
            prefix[i] = -1;
        }
        int next = 256;
        int previous = -1;
        long bitPos = (long) from * 8;
        long bitEnd = (long) (from + length) * 8;
        byte[] scratch = new byte[DICTIONARY_SIZE];
        while (bitPos + CODE_BITS <= bitEnd && outLen < expected) {
            int code = 0;
            for (int k = 0; k < CODE_BITS; k++) {
                code = code << 1 | ((in[(int) (bitPos >>> 3)] >>> (7 - (int) (bitPos & 7))) & 1);
                bitPos++;
            }
            int entry;
            if (code < next) {
                entry = code;
            } else if (code == next && previous >= 0) {
                entry = -1;
            } else {
                throw new EcgFormatException(where + ": LZW code " + code + " refers to an undefined entry");
            }
            int len;
            byte firstByte;
            if (entry >= 0) {
                len = spell(entry, prefix, suffix, entryLength, scratch);
                firstByte = scratch[0];
            } else {
                len = spell(previous, prefix, suffix, entryLength, scratch);
                firstByte = scratch[0];
                scratch[len++] = firstByte;
            }
            int n = Math.min(len, expected - outLen);
            System.arraycopy(scratch, 0, out, outLen, n);
            outLen += n;
            if (previous >= 0 && next < DICTIONARY_SIZE) {
                prefix[next] = previous;
                suffix[next] = firstByte;
                entryLength[next] = entryLength[previous] + 1;
                next++;
            }
            previous = code;
        }
        if (outLen < expected) {
            throw new EcgFormatException(where + ": decompressed to " + outLen + " bytes, expected " + expected);
        }
        return out;
    }

    private static int spell(int code, int[] prefix, byte[] suffix, int[] entryLength, byte[] into) {
        int len = entryLength[code];
        for (int c = code, i = len - 1; c >= 0; c = prefix[c], i--) {
            into[i] = suffix[c];
        }
        return len;
    }

    private static int[] interleave(byte[] unpacked, int samples) {
        int[] v = new int[samples];
        for (int i = 0; i < samples; i++) {
            v[i] = (short) ((unpacked[i] & 0xFF) << 8 | (unpacked[samples + i] & 0xFF));
        }
        return v;
    }

    private static int[] undoPrediction(int[] residual, int first) {
        int[] x = residual.clone();
        if (x.length < 3) {
            return x;
        }
        int a = residual[0];
        int b = residual[1];
        int last = first;
        for (int i = 2; i < x.length; i++) {
            int z = (short) (2 * b - a - last);
            last = (short) (residual[i] - 64);
            x[i] = z;
            a = b;
            b = z;
        }
        return x;
    }
}
