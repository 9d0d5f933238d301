package org.rdc.ecg.format.scp;

/** CRC-CCITT (polynomial 0x1021, initial 0xFFFF) as EN 1064 5.3.1 uses for the file and each section. */
public final class Crc16Ccitt {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 8;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x8000) != 0 ? (c << 1) ^ 0x1021 : c << 1;
            }
            TABLE[i] = c & 0xFFFF;
        }
    }

    private Crc16Ccitt() {
    }

    public static final int INITIAL = 0xFFFF;

    public static int compute(byte[] data, int from, int to) {
        return update(INITIAL, data, from, to);
    }

    /** Continues {@code crc} over more bytes, for a section read piece by piece (section 12 of a day's recording). */
    public static int update(int crc, byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
