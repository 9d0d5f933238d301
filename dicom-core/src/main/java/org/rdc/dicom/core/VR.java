package org.rdc.dicom.core;

import java.nio.charset.StandardCharsets;

/**
 * Value Representations of PS3.5 section 6.2, with the facts the codec needs about each: the length
 * field size in explicit VR (PS3.5 7.1.2), the padding byte, whether the value is text, which
 * texts are subject to Specific Character Set (PS3.5 6.1.2.3), and the size of one binary number
 * (which is also the unit for byte swapping in big endian).
 */
public enum VR {
    AE(Kind.TEXT, ' ', false, 0), AS(Kind.TEXT, ' ', false, 0), AT(Kind.BINARY, 0, false, 2),
    CS(Kind.TEXT, ' ', false, 0), DA(Kind.TEXT, ' ', false, 0), DS(Kind.TEXT, ' ', false, 0),
    DT(Kind.TEXT, ' ', false, 0), FL(Kind.BINARY, 0, false, 4), FD(Kind.BINARY, 0, false, 8),
    IS(Kind.TEXT, ' ', false, 0), LO(Kind.CHARSET_TEXT, ' ', false, 0), LT(Kind.CHARSET_TEXT, ' ', false, 0),
    OB(Kind.BINARY, 0, true, 1), OD(Kind.BINARY, 0, true, 8), OF(Kind.BINARY, 0, true, 4),
    OL(Kind.BINARY, 0, true, 4), OV(Kind.BINARY, 0, true, 8), OW(Kind.BINARY, 0, true, 2),
    PN(Kind.CHARSET_TEXT, ' ', false, 0), SH(Kind.CHARSET_TEXT, ' ', false, 0),
    SL(Kind.BINARY, 0, false, 4), SQ(Kind.SEQUENCE, 0, true, 0), SS(Kind.BINARY, 0, false, 2),
    ST(Kind.CHARSET_TEXT, ' ', false, 0), SV(Kind.BINARY, 0, true, 8), TM(Kind.TEXT, ' ', false, 0),
    UC(Kind.CHARSET_TEXT, ' ', true, 0), UI(Kind.TEXT, 0, false, 0), UL(Kind.BINARY, 0, false, 4),
    UN(Kind.BINARY, 0, true, 1), UR(Kind.TEXT, ' ', true, 0), US(Kind.BINARY, 0, false, 2),
    UT(Kind.CHARSET_TEXT, ' ', true, 0), UV(Kind.BINARY, 0, true, 8);

    private enum Kind { TEXT, CHARSET_TEXT, BINARY, SEQUENCE }

    private final Kind kind;
    private final byte padding;
    private final boolean longLength;
    private final int unitSize;
    private final int code;

    VR(Kind kind, int padding, boolean longLength, int unitSize) {
        this.kind = kind;
        this.padding = (byte) padding;
        this.longLength = longLength;
        this.unitSize = unitSize;
        byte[] b = name().getBytes(StandardCharsets.US_ASCII);
        this.code = (b[0] & 0xFF) << 8 | (b[1] & 0xFF);
    }

    /** The VR for the two bytes of an explicit VR header, or {@code null} if they name none. */
    public static VR ofCode(int code) {
        for (VR vr : VALUES) {
            if (vr.code == code) {
                return vr;
            }
        }
        return null;
    }

    public static VR ofName(String name) {
        return name != null && name.length() == 2 ? ofCode(name.charAt(0) << 8 | name.charAt(1)) : null;
    }

    private static final VR[] VALUES = values();

    /** The two ASCII bytes as a big-endian 16-bit number, as they appear in the stream. */
    public int code() {
        return code;
    }

    /** Explicit VR headers of these VRs have 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
    public boolean hasLongLength() {
        return longLength;
    }

    public byte paddingByte() {
        return padding;
    }

    public boolean isText() {
        return kind == Kind.TEXT || kind == Kind.CHARSET_TEXT;
    }

    /** Text VRs whose bytes are decoded with the Specific Character Set; the others are ASCII. */
    public boolean usesSpecificCharacterSet() {
        return kind == Kind.CHARSET_TEXT;
    }

    public boolean isBinary() {
        return kind == Kind.BINARY;
    }

    /** Byte size of one binary number, which is what gets swapped in big endian; 0 for text and SQ. */
    public int unitSize() {
        return unitSize;
    }

    /** Texts of one value only: a backslash in them is data, not a value delimiter (PS3.5 6.2). */
    public boolean isSingleValuedText() {
        return this == LT || this == ST || this == UT || this == UR;
    }
}
