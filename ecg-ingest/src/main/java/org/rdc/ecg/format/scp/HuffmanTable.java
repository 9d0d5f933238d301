package org.rdc.ecg.format.scp;

import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;

/**
 * One Huffman table of EN 1064 section 2 (5.5), held as a binary decoding tree. Codes are read
 * most significant bit first from the stream; section 2 stores each base code bit-reversed.
 */
final class HuffmanTable {

    /** Longest prefix we accept; also bounds how far a broken stream is followed. */
    static final int MAX_PREFIX_BITS = 32;

    /** A leaf: {@code extraBits} more bits give the value, else the value is {@code baseValue}. */
    record Code(int prefixBits, int extraBits, boolean switchTable, int baseValue) {
    }

    /** Node arrays of a binary tree: children index, or -1; leaf code where both children are -1. */
    private final List<int[]> children = new ArrayList<>();
    private final List<Code> leaves = new ArrayList<>();

    HuffmanTable() {
        children.add(new int[] {-1, -1});
        leaves.add(null);
    }

    /**
     * @param codeBits the prefix in stream order, first bit in bit 0
     */
    void add(long codeBits, Code code, String where) throws EcgFormatException {
        if (code.prefixBits < 1 || code.prefixBits > MAX_PREFIX_BITS) {
            throw new EcgFormatException(where + ": prefix of " + code.prefixBits + " bits (allowed 1.."
                    + MAX_PREFIX_BITS + ")");
        }
        if (code.extraBits < 0 || code.extraBits > 32) {
            throw new EcgFormatException(where + ": code carries " + code.extraBits + " value bits (allowed 0..32)");
        }
        int node = 0;
        for (int i = 0; i < code.prefixBits; i++) {
            if (leaves.get(node) != null) {
                throw new EcgFormatException(where + ": code is not prefix-free (extends a shorter code)");
            }
            int bit = (int) (codeBits >>> i) & 1;
            int next = children.get(node)[bit];
            if (next < 0) {
                next = children.size();
                children.add(new int[] {-1, -1});
                leaves.add(null);
                children.get(node)[bit] = next;
            }
            node = next;
        }
        if (leaves.get(node) != null || children.get(node)[0] >= 0 || children.get(node)[1] >= 0) {
            throw new EcgFormatException(where + ": code is not prefix-free (duplicate or prefix of another)");
        }
        leaves.set(node, code);
    }

    int child(int node, int bit) {
        return children.get(node)[bit];
    }

    Code leaf(int node) {
        return leaves.get(node);
    }

    /**
     * The default table of EN 1064 (annex, "default Huffman table"): 0 is "0"; +-n for n in 1..8 is
     * n ones, a zero and a sign bit; then 9 ones + 0 escapes to an 8-bit value and ten ones to a
     * 16-bit value.
     */
    static HuffmanTable standard() {
        HuffmanTable t = new HuffmanTable();
        try {
            t.add(0, new Code(1, 0, false, 0), "default table");
            for (int n = 1; n <= 8; n++) {
                long ones = (1L << n) - 1;
                t.add(ones, new Code(n + 2, 0, false, n), "default table");
                t.add(ones | 1L << (n + 1), new Code(n + 2, 0, false, -n), "default table");
            }
            t.add((1L << 9) - 1, new Code(10, 8, false, 0), "default table");
            t.add((1L << 10) - 1, new Code(10, 16, false, 0), "default table");
        } catch (EcgFormatException e) {
            throw new IllegalStateException("the default Huffman table is prefix-free", e);
        }
        return t;
    }
}
