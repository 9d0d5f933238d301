package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;

/**
 * The header of an ISHNE Holter Standard Output File 1.0 (Badilini et al., "The ISHNE Holter
 * standard output file format", A.N.E. 3(3) 1998, table 1), shared by the ECG file (magic
 * "ISHNE1.0") and its annotation file (magic "ANN  1.0"): 8-byte magic, 2-byte CRC, then a 512-byte
 * fixed header of little-endian fields at the offsets below, a variable-length block, then the data
 * at {@code dataOffset}.
 */
record IshneHeader(int variableLength, long samplesPerLead, long dataOffset, String patientId, LocalDateTime start,
        int[] leadSpec, int[] resolutionNanovolts, int sampleRate) {

    static final int FIXED_LENGTH = 522;
    static final String ECG_MAGIC = "ISHNE1.0";
    static final String ANN_MAGIC = "ANN  1.0";

    // Byte offsets from the start of the file (table 1 of the 1998 paper).
    static final int VAR_LENGTH_BLOCK_SIZE = 10;
    static final int SAMPLE_SIZE_ECG = 14;
    static final int OFFSET_VAR_LENGTH_BLOCK = 18;
    static final int OFFSET_ECG_BLOCK = 22;
    static final int FILE_VERSION = 26;
    static final int FIRST_NAME = 28;
    static final int LAST_NAME = 68;
    static final int ID = 108;
    static final int SEX = 128;
    static final int RACE = 130;
    static final int BIRTH_DATE = 132;
    static final int RECORD_DATE = 138;
    static final int FILE_DATE = 144;
    static final int START_TIME = 150;
    static final int NUMBER_OF_LEADS = 156;
    static final int LEAD_SPEC = 158;
    static final int LEAD_QUALITY = 182;
    static final int RESOLUTION = 206;
    static final int PACEMAKER = 230;
    static final int RECORDER = 232;
    static final int SAMPLING_RATE = 272;

    /** Lead specification codes of table 2 (0 unknown, 1 generic bipolar, 2-4 X Y Z, 5-19 the leads below). */
    private static final String[] LEAD_NAMES = {"unknown", "generic", "X", "Y", "Z", "I", "II", "III", "aVR", "aVL", "aVF",
        "V1", "V2", "V3", "V4", "V5", "V6", "ES", "AS", "AI"};

    static IshneHeader read(FileChannel channel, String magic) throws IOException, EcgFormatException {
        ByteBuffer b = ByteBuffer.allocate(FIXED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // positional reads until the fixed header is in
        }
        if (b.hasRemaining()) {
            throw new EcgFormatException("ISHNE: file of " + b.position() + " bytes ends inside the 522-byte header");
        }
        String found = new String(b.array(), 0, 8, StandardCharsets.US_ASCII);
        if (!found.equals(magic)) {
            throw new EcgFormatException("ISHNE: magic number is \"" + found + "\", not \"" + magic + "\"");
        }
        int leads = b.getShort(NUMBER_OF_LEADS);
        if (leads < 1 || leads > 12) {
            throw new EcgFormatException("ISHNE: number of leads " + leads + " at byte " + NUMBER_OF_LEADS + " is not 1-12");
        }
        int fs = b.getShort(SAMPLING_RATE);
        if (fs <= 0) {
            throw new EcgFormatException("ISHNE: sampling rate " + fs + " at byte " + SAMPLING_RATE + " is not positive");
        }
        long dataOffset = Integer.toUnsignedLong(b.getInt(OFFSET_ECG_BLOCK));
        if (dataOffset < FIXED_LENGTH) {
            throw new EcgFormatException("ISHNE: data offset " + dataOffset + " lies inside the fixed header");
        }
        int[] spec = new int[leads];
        int[] resolution = new int[leads];
        for (int i = 0; i < leads; i++) {
            spec[i] = b.getShort(LEAD_SPEC + 2 * i);
            resolution[i] = b.getShort(RESOLUTION + 2 * i);
        }
        return new IshneHeader(b.getInt(VAR_LENGTH_BLOCK_SIZE), Integer.toUnsignedLong(b.getInt(SAMPLE_SIZE_ECG)), dataOffset,
                text(b, ID, 20), start(b), spec, resolution, fs);
    }

    List<String> leadNames() {
        List<String> names = new ArrayList<>();
        for (int s : leadSpec) {
            names.add(s >= 0 && s < LEAD_NAMES.length ? LEAD_NAMES[s] : "code " + s);
        }
        return names;
    }

    /** Record date (day, month, year) and start time (hour, minute, second); -9 marks "not known". */
    private static LocalDateTime start(ByteBuffer b) {
        int day = b.getShort(RECORD_DATE);
        int month = b.getShort(RECORD_DATE + 2);
        int year = b.getShort(RECORD_DATE + 4);
        int hour = b.getShort(START_TIME);
        int minute = b.getShort(START_TIME + 2);
        int second = b.getShort(START_TIME + 4);
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String text(ByteBuffer b, int offset, int length) {
        int n = 0;
        while (n < length && b.get(offset + n) != 0) {
            n++;
        }
        return new String(b.array(), offset, n, StandardCharsets.ISO_8859_1).strip();
    }
}
