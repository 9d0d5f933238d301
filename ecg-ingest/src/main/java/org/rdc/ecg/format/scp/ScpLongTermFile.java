package org.rdc.ecg.format.scp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Optional;
import org.rdc.ecg.EcgFormatException;

/**
 * An SCP-ECG v3 record whose rhythm is in section 12, opened from a file without reading its samples:
 * record size, section 0 and section 1 as the resting decoder checks them (CRCs included), then the
 * header of section 12. The file CRC covers every byte and is not checked here (that would read a
 * day's recording twice); section 12's own CRC is continued by the reader over the samples it
 * streams, from {@link #crcBeforeSamples()}.
 *
 * @param samplesPosition   file offset of the first sample
 * @param sectionEnd        file offset just past section 12
 * @param crcBeforeSamples  CRC-CCITT of section 12 from its id field up to the first sample
 * @param storedCrc         the CRC section 12's header declares
 */
public record ScpLongTermFile(ScpLongTermRhythm rhythm, long samplesPosition, long sectionEnd, int crcBeforeSamples,
                              int storedCrc, String patientId, LocalDateTime acquisitionTime) {

    private static final int FILE_HEADER = 6;
    private static final int LONG_TERM_RHYTHM = 12;
    /** Section 0 and 1 are a few hundred bytes; bounds keep a lying length from allocating the heap. */
    private static final int MAX_SMALL_SECTION = 1 << 20;
    private static final byte[] MAGIC = {'S', 'C', 'P', 'E', 'C', 'G'};

    /** Whether the file is an SCP-ECG record ("SCPECG" in section 0's header) with a section 12 pointer. */
    public static boolean hasLongTermRhythm(FileChannel channel) throws IOException {
        byte[] head = readAt(channel, 0, FILE_HEADER + ScpSection.HEADER);
        if (head.length < FILE_HEADER + ScpSection.HEADER || head[FILE_HEADER + 2] != 0 || head[FILE_HEADER + 3] != 0
                || !Arrays.equals(head, FILE_HEADER + 10, FILE_HEADER + 16, MAGIC, 0, MAGIC.length)) {
            return false;
        }
        try {
            return pointer(channel, section0(channel), LONG_TERM_RHYTHM).isPresent();
        } catch (EcgFormatException e) {
            return true; // an SCP record with a broken section 0: opening it says what is wrong
        }
    }

    public static ScpLongTermFile open(FileChannel channel) throws IOException, EcgFormatException {
        byte[] head = readAt(channel, 0, FILE_HEADER);
        long declared = head.length < FILE_HEADER ? -1 : u32(head, 2);
        if (declared != channel.size()) {
            throw new EcgFormatException("SCP-ECG record size field says " + declared + " bytes but the file has " + channel.size());
        }
        ScpSection s0 = section0(channel);
        ScpPointer p12 = pointer(channel, s0, LONG_TERM_RHYTHM).orElseThrow(() ->
                new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, "SCP-ECG record has no section 12 (long-term rhythm data)"));
        String patientId = null;
        LocalDateTime time = null;
        Optional<ScpPointer> p1 = pointer(channel, s0, 1);
        if (p1.isPresent()) {
            ScpPatientSection patient = ScpPatientSection.read(small(channel, p1.get()));
            patientId = patient.patient().id();
            time = patient.acquisition().time();
        }
        long start = p12.index() - 1;
        byte[] fixed = readAt(channel, start, ScpSection.HEADER + ScpLongTermRhythm.FIXED_BLOCK);
        if (fixed.length < ScpSection.HEADER + ScpLongTermRhythm.FIXED_BLOCK) {
            throw new EcgFormatException("SCP-ECG section 12 at byte " + start + " is cut short by the end of the file");
        }
        int storedId = (fixed[2] & 0xFF) | (fixed[3] & 0xFF) << 8;
        if (storedId != LONG_TERM_RHYTHM || u32(fixed, 4) != p12.length()) {
            throw new EcgFormatException("SCP-ECG pointer for section 12 leads to offset " + start + " which holds section "
                    + storedId + " of " + u32(fixed, 4) + " bytes (section 0 says " + p12.length() + ")");
        }
        long headerBytes = ScpSection.HEADER + ScpLongTermRhythm.headerBytes(fixed, ScpSection.HEADER);
        byte[] header = readAt(channel, start, (int) Math.min(headerBytes, p12.length()));
        ScpLongTermRhythm rhythm = ScpLongTermRhythm.read(header, ScpSection.HEADER, header.length - ScpSection.HEADER,
                p12.length() - ScpSection.HEADER);
        int crc = Crc16Ccitt.update(Crc16Ccitt.INITIAL, header, 2, ScpSection.HEADER + rhythm.samplesOffset());
        return new ScpLongTermFile(rhythm, start + ScpSection.HEADER + rhythm.samplesOffset(), start + p12.length(), crc,
                (fixed[0] & 0xFF) | (fixed[1] & 0xFF) << 8, patientId, time);
    }

    private static ScpSection section0(FileChannel channel) throws IOException, EcgFormatException {
        byte[] head = readAt(channel, FILE_HEADER, ScpSection.HEADER);
        long length = head.length < ScpSection.HEADER ? 0 : u32(head, 4);
        if (length < ScpSection.HEADER || length > MAX_SMALL_SECTION) {
            throw new EcgFormatException("SCP-ECG section 0 declares " + length + " bytes");
        }
        return new ScpSection(readAt(channel, FILE_HEADER, (int) length), 0, 0, (int) length);
    }

    private static Optional<ScpPointer> pointer(FileChannel channel, ScpSection s0, int id) throws IOException, EcgFormatException {
        for (ScpPointer p : ScpPointer.read(s0)) {
            if (p.id() == id) {
                p.check(channel.size());
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static ScpSection small(FileChannel channel, ScpPointer p) throws IOException, EcgFormatException {
        if (p.length() > MAX_SMALL_SECTION) {
            throw new EcgFormatException("SCP-ECG section " + p.id() + " declares " + p.length() + " bytes, more than a header section holds");
        }
        return new ScpSection(readAt(channel, p.index() - 1, (int) p.length()), p.id(), 0, (int) p.length());
    }

    /** Up to {@code n} bytes at {@code position}; fewer when the file ends first. */
    private static byte[] readAt(FileChannel channel, long position, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && channel.read(b, position + b.position()) > 0) {
            // positional reads until filled or at the end of the file
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static long u32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }
}
