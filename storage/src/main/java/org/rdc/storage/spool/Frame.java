package org.rdc.storage.spool;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * One record of a spool segment. Layout (big-endian):
 * <pre>
 *   0  int   magic "RDSP"
 *   4  byte  type (DATA, COMMIT, RELEASE)
 *   5  long  entry id, most significant half
 *  13  long  entry id, least significant half
 *  21  int   payload length
 *  25  int   CRC-32C of bytes 4..24 and the payload
 *  29  ...   payload
 * </pre>
 * The CRC lets recovery find where a crash tore the tail of the last segment.
 */
final class Frame {

    static final int MAGIC = 0x52445350;
    static final int HEADER = 29;
    static final byte DATA = 1;
    static final byte COMMIT = 2;
    static final byte RELEASE = 3;

    private Frame() {
    }

    static ByteBuffer header(byte type, UUID id, ByteBuffer payload) {
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        h.putInt(MAGIC).put(type).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .putInt(payload.remaining());
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 4, HEADER - 8);
        crc.update(payload.duplicate());
        h.putInt((int) crc.getValue());
        return h.flip();
    }

    static boolean knownType(byte type) {
        return type == DATA || type == COMMIT || type == RELEASE;
    }
}
