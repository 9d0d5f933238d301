package org.rdc.ecg.format.scp;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;

/**
 * The header of section 12, long-term ECG rhythm data (SCP-ECG v3, EN 1064:2020 / ISO 11073-91064
 * v3): uncompressed samples of all leads multiplexed frame by frame after a fixed 70-byte block, two
 * variable blocks whose lengths it gives, and a 4-byte definition per lead. Field offsets in the
 * data part: 0 sampling rate (Hz, u32), 4 number of leads (u8), 5 samples per lead (u32), 9 bytes
 * per sample (1 to 4, signed little endian), 10-16 start of the recording (year u16, month, day,
 * hour, minute, second), 62 and 66 the lengths of the two variable blocks (u32); a lead
 * definition is the lead id (section 3 codes), the amplitude of one unit in nanovolts (u16) and a
 * reserved byte. The filter fields (27-31) are not read: section 1 carries them as well.
 */
public record ScpLongTermRhythm(long sampleRateHz, List<Lead> leads, long samplesPerLead, int bytesPerSample,
                                LocalDateTime start, int samplesOffset) {

    /** Bytes of the fixed block at the start of the data part. */
    public static final int FIXED_BLOCK = 70;
    private static final int LEAD_DEFINITION = 4;
    /** The variable blocks hold device text; more than this is not a header but a hostile length. */
    private static final long MAX_VARIABLE_BLOCK = 1 << 20;

    /** One lead: its section 3 lead id and printed name, and the amplitude of one stored unit. */
    public record Lead(int leadId, String name, int nanovoltsPerUnit) {
    }

    public ScpLongTermRhythm {
        leads = List.copyOf(leads);
    }

    /** Bytes of one frame (one sample of every lead). */
    public int frameBytes() {
        return leads.size() * bytesPerSample;
    }

    /** Where the samples end, from the start of the data part. */
    public long samplesEnd() {
        return samplesOffset + samplesPerLead * frameBytes();
    }

    /** How many bytes of the data part {@link #read} needs, known from its first {@link #FIXED_BLOCK} bytes. */
    public static long headerBytes(byte[] b, int off) {
        int leads = b[off + 4] & 0xFF;
        return FIXED_BLOCK + Math.min(u32(b, off + 62), MAX_VARIABLE_BLOCK + 1) + Math.min(u32(b, off + 66), MAX_VARIABLE_BLOCK + 1)
                + (long) LEAD_DEFINITION * leads;
    }

    /**
     * Reads the header from {@code available} bytes of the data part at {@code off}; the data part
     * is {@code dataLength} bytes in the file, which the samples must fit in.
     */
    public static ScpLongTermRhythm read(byte[] b, int off, int available, long dataLength) throws EcgFormatException {
        if (available < FIXED_BLOCK) {
            throw new EcgFormatException("SCP-ECG section 12 data part is " + available + " bytes, shorter than its "
                    + FIXED_BLOCK + "-byte header");
        }
        long rate = u32(b, off);
        int leadCount = b[off + 4] & 0xFF;
        long samples = u32(b, off + 5);
        int bytesPerSample = b[off + 9] & 0xFF;
        if (rate == 0 || leadCount == 0 || bytesPerSample < 1 || bytesPerSample > 4) {
            throw new EcgFormatException("SCP-ECG section 12: " + leadCount + " leads at " + rate + " Hz with "
                    + bytesPerSample + " bytes per sample is not a recording (1-4 bytes per sample)");
        }
        long variable1 = u32(b, off + 62);
        long variable2 = u32(b, off + 66);
        if (variable1 > MAX_VARIABLE_BLOCK || variable2 > MAX_VARIABLE_BLOCK) {
            throw new EcgFormatException("SCP-ECG section 12: variable blocks of " + variable1 + " and " + variable2
                    + " bytes (at most " + MAX_VARIABLE_BLOCK + ")");
        }
        long leadsAt = FIXED_BLOCK + variable1 + variable2;
        long samplesAt = leadsAt + (long) LEAD_DEFINITION * leadCount;
        if (samplesAt > available) {
            throw new EcgFormatException("SCP-ECG section 12: lead definitions end at data byte " + samplesAt
                    + " but the section has " + Math.min(available, dataLength));
        }
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < leadCount; i++) {
            int at = off + (int) leadsAt + LEAD_DEFINITION * i;
            int id = b[at] & 0xFF;
            int nanovolts = (b[at + 1] & 0xFF) | (b[at + 2] & 0xFF) << 8;
            if (nanovolts == 0) {
                throw new EcgFormatException("SCP-ECG section 12 lead " + (i + 1) + " (" + ScpLeadIds.name(id)
                        + "): amplitude of one unit is 0 nV");
            }
            leads.add(new Lead(id, ScpLeadIds.name(id), nanovolts));
        }
        ScpLongTermRhythm r = new ScpLongTermRhythm(rate, leads, samples, bytesPerSample, start(b, off + 10), (int) samplesAt);
        if (r.samplesEnd() > dataLength) {
            throw new EcgFormatException("SCP-ECG section 12 declares " + samples + " samples of " + leadCount + " leads ("
                    + r.samplesEnd() + " bytes with its header) but the section has " + dataLength);
        }
        return r;
    }

    /** One stored sample: signed, little endian, {@link #bytesPerSample} bytes at {@code o}. */
    public int sample(byte[] b, int o) {
        return switch (bytesPerSample) {
            case 1 -> b[o];
            case 2 -> (short) ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8);
            case 3 -> ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | b[o + 2] << 16);
            default -> (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | b[o + 3] << 24;
        };
    }

    private static LocalDateTime start(byte[] b, int o) {
        int year = (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
        if (year == 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, b[o + 2] & 0xFF, b[o + 3] & 0xFF, b[o + 4] & 0xFF, b[o + 5] & 0xFF, b[o + 6] & 0xFF);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static long u32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }
}
