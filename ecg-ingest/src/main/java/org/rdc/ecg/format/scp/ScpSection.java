package org.rdc.ecg.format.scp;

import org.rdc.ecg.EcgFormatException;

/**
 * One section of an SCP-ECG record (EN 1064 5.2.1): a 16-byte identification header (CRC, id,
 * length including the header, section version, protocol version, reserved) and its data part.
 * All reads are bounds-checked against the section so a lying length cannot reach other sections.
 */
final class ScpSection {

    static final int HEADER = 16;

    private final byte[] file;
    private final int id;
    private final int start;
    private final int length;
    private final int sectionVersion;
    private final int protocolVersion;

    ScpSection(byte[] file, int id, int start, int length) throws EcgFormatException {
        this.file = file;
        this.id = id;
        this.start = start;
        this.length = length;
        if (length < HEADER) {
            throw new EcgFormatException("SCP-ECG section " + id + " at byte " + start + " is " + length
                    + " bytes, shorter than its 16-byte header");
        }
        if (start < 0 || (long) start + length > file.length) {
            throw new EcgFormatException("SCP-ECG section " + id + " declares " + length + " bytes at offset "
                    + start + " but the file ends at " + file.length);
        }
        int storedId = u16raw(start + 2);
        if (storedId != id) {
            throw new EcgFormatException("SCP-ECG pointer for section " + id + " leads to offset " + start
                    + " which holds section " + storedId);
        }
        long storedLength = u32raw(start + 4);
        if (storedLength != length) {
            throw new EcgFormatException("SCP-ECG section " + id + " header says " + storedLength
                    + " bytes, section 0 says " + length);
        }
        int storedCrc = u16raw(start);
        int crc = Crc16Ccitt.compute(file, start + 2, start + length);
        if (storedCrc != crc) {
            throw new EcgFormatException(String.format("SCP-ECG section %d CRC mismatch: stored 0x%04x, computed 0x%04x",
                    id, storedCrc, crc));
        }
        this.sectionVersion = file[start + 8] & 0xFF;
        this.protocolVersion = file[start + 9] & 0xFF;
    }

    int id() {
        return id;
    }

    int protocolVersion() {
        return protocolVersion;
    }

    int sectionVersion() {
        return sectionVersion;
    }

    /** Bytes in the data part, after the header. */
    int dataLength() {
        return length - HEADER;
    }

    /** Offset in the file of data byte {@code pos}, checking that {@code n} bytes are there. */
    private int at(int pos, int n, String field) throws EcgFormatException {
        if (pos < 0 || n < 0 || (long) pos + n > dataLength()) {
            throw new EcgFormatException("SCP-ECG section " + id + ": " + field + " at data byte " + pos
                    + " needs " + n + " bytes but the section has " + dataLength());
        }
        return start + HEADER + pos;
    }

    int u8(int pos, String field) throws EcgFormatException {
        return file[at(pos, 1, field)] & 0xFF;
    }

    int u16(int pos, String field) throws EcgFormatException {
        int o = at(pos, 2, field);
        return (file[o] & 0xFF) | (file[o + 1] & 0xFF) << 8;
    }

    int s16(int pos, String field) throws EcgFormatException {
        return (short) u16(pos, field);
    }

    long u32(int pos, String field) throws EcgFormatException {
        int o = at(pos, 4, field);
        return u32at(o);
    }

    byte[] bytes(int pos, int n, String field) throws EcgFormatException {
        int o = at(pos, n, field);
        byte[] out = new byte[n];
        System.arraycopy(file, o, out, 0, n);
        return out;
    }

    /** The whole file and the absolute offset of data byte {@code pos}, for the bit reader. */
    byte[] file() {
        return file;
    }

    int absolute(int pos, int n, String field) throws EcgFormatException {
        return at(pos, n, field);
    }

    private int u16raw(int o) {
        return (file[o] & 0xFF) | (file[o + 1] & 0xFF) << 8;
    }

    private long u32raw(int o) {
        return u32at(o);
    }

    private long u32at(int o) {
        return (file[o] & 0xFFL) | (file[o + 1] & 0xFFL) << 8 | (file[o + 2] & 0xFFL) << 16 | (file[o + 3] & 0xFFL) << 24;
    }
}
