package org.rdc.storage.spool;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * One record of a spool segment. Layout (big-endian):
 * <pre>
 *   0  int   magic "RDSP"
 *   4  long  segment sequence number (the file's generation)
 *  12  byte  type (DATA, COMMIT, RELEASE)
 *  13  long  entry id, most significant half
 *  21  long  entry id, least significant half
 *  29  int   payload length
 *  33  int   CRC-32C of bytes 4..32 and the payload
 *  37  ...   payload, then zeros up to the next 4096-byte boundary
 * </pre>
 * The CRC lets recovery find where a crash tore the tail of the newest segment. Segment files are
 * recycled, so a file holds frames of its earlier lives after the live ones; the sequence number
 * marks where the current life ends.
 */
final class Frame {

    static final int MAGIC = 0x52445350;
    static final int HEADER = 37;
    static final byte DATA = 1;
    static final byte COMMIT = 2;
    static final byte RELEASE = 3;

    private Frame() {
    }

    static ByteBuffer header(long segment, byte type, UUID id, ByteBuffer payload) {
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        h.putInt(MAGIC).putLong(segment).put(type).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .putInt(payload.remaining());
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 4, HEADER - 8);
        crc.update(payload.duplicate());
        h.putInt((int) crc.getValue());
        return h.flip();
    }

    /** Frames start on page boundaries and are padded with zeros to whole pages. */
    static final int ALIGN = 4096;

    static int aligned(int n) {
        return (n + ALIGN - 1) & -ALIGN;
    }

    static long aligned(long n) {
        return (n + ALIGN - 1) & -ALIGN;
    }

    static boolean knownType(byte type) {
        return type == DATA || type == COMMIT || type == RELEASE;
    }
}
