package org.rdc.ecg.format.scp;

import java.util.List;
import org.rdc.ecg.EcgFormatException;

/**
 * Decodes one lead's Huffman-coded difference data (EN 1064 5.5/5.7): each lead restarts at its
 * own byte boundary with table 1. Every code consumes at least one bit and decoding stops at the
 * lead's byte count, so no table, however built, can make it run forever.
 */
final class HuffmanDecoder {

    private final List<HuffmanTable> tables;

    HuffmanDecoder(List<HuffmanTable> tables) {
        this.tables = tables;
    }

    int[] decode(byte[] file, int offset, int byteCount, int samples, String where) throws EcgFormatException {
        int[] out = new int[samples];
        long bitEnd = (long) byteCount * 8;
        long bit = 0;
        HuffmanTable table = tables.get(0);
        int n = 0;
        while (n < samples) {
            int node = 0;
            HuffmanTable.Code code;
            while ((code = table.leaf(node)) == null) {
                if (bit >= bitEnd) {
                    throw new EcgFormatException(where + ": data ends after " + n + " of " + samples
                            + " samples (" + byteCount + " bytes)");
                }
                int b = (file[offset + (int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1;
                bit++;
                node = table.child(node, b);
                if (node < 0) {
                    throw new EcgFormatException(where + ": bit pattern at bit " + (bit - 1)
                            + " matches no Huffman code (sample " + n + ")");
                }
            }
            if (code.switchTable()) {
                int t = code.baseValue();
                if (t < 1 || t > tables.size()) {
                    throw new EcgFormatException(where + ": switch to Huffman table " + t + " of " + tables.size());
                }
                table = tables.get(t - 1);
                continue;
            }
            if (code.extraBits() > 0) {
                if (bit + code.extraBits() > bitEnd) {
                    throw new EcgFormatException(where + ": value bits run past the lead's " + byteCount
                            + " bytes at sample " + n);
                }
                long v = 0;
                for (int k = 0; k < code.extraBits(); k++) {
                    v = v << 1 | ((file[offset + (int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1);
                    bit++;
                }
                int shift = 64 - code.extraBits();
                out[n++] = (int) (v << shift >> shift);
            } else {
                out[n++] = code.baseValue();
            }
        }
        return out;
    }
}
