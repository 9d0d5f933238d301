package org.rdc.dicom.uid;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * New UIDs under the 2.25 root (PS3.5 B.2): "2.25." followed by the decimal form of a random
 * (version 4) UUID, which needs no registered organisation root and is unique without coordination
 * between gateway nodes.
 */
public final class UidGenerator {

    private UidGenerator() {
    }

    public static String newUid() {
        return fromUuid(UUID.randomUUID());
    }

    public static String fromUuid(UUID uuid) {
        ByteBuffer bb = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bb.array());
    }
}
