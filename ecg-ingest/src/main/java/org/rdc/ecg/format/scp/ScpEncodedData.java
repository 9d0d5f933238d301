package org.rdc.ecg.format.scp;

import java.util.List;
import org.rdc.ecg.EcgFormatException;

/**
 * Sections 5 and 6 (EN 1064 5.8, 5.9): encoded reference beat and rhythm data. Header: amplitude
 * value multiplier in nanovolts, sample interval in microseconds, difference encoding (0 none,
 * 1 first, 2 second), a section-specific byte (bimodal compression for section 6); then one byte
 * count per lead and the leads' data one after another.
 */
final class ScpEncodedData {

    final int amplitudeNanovolts;
    final int intervalMicroseconds;
    final int differenceOrder;
    final boolean bimodal;
    private final ScpSection section;
    private final int[] byteCounts;

    private ScpEncodedData(ScpSection section, int amplitudeNanovolts, int intervalMicroseconds,
                           int differenceOrder, boolean bimodal, int[] byteCounts) {
        this.section = section;
        this.amplitudeNanovolts = amplitudeNanovolts;
        this.intervalMicroseconds = intervalMicroseconds;
        this.differenceOrder = differenceOrder;
        this.bimodal = bimodal;
        this.byteCounts = byteCounts;
    }

    static ScpEncodedData read(ScpSection s, int leadCount) throws EcgFormatException {
        String name = "SCP-ECG section " + s.id();
        int avm = s.u16(0, "amplitude value multiplier");
        int interval = s.u16(2, "sample time interval");
        int diff = s.u8(4, "difference data used");
        int special = s.u8(5, "encoding flag");
        if (avm == 0) {
            throw new EcgFormatException(name + ": amplitude value multiplier is 0 nV");
        }
        if (interval == 0) {
            throw new EcgFormatException(name + ": sample time interval is 0 us");
        }
        if (diff > 2) {
            throw new EcgFormatException(name + ": difference encoding " + diff + " (allowed 0, 1, 2)");
        }
        int[] counts = new int[leadCount];
        long total = 0;
        for (int i = 0; i < leadCount; i++) {
            counts[i] = s.u16(6 + 2 * i, "byte count of lead " + (i + 1));
            total += counts[i];
        }
        long available = s.dataLength() - 6L - 2L * leadCount;
        if (total > available) {
            throw new EcgFormatException(name + ": leads declare " + total + " data bytes but only " + available
                    + " follow");
        }
        return new ScpEncodedData(s, avm, interval, diff, s.id() == 6 && special == 1, counts);
    }

    double sampleRateHz() {
        return 1_000_000.0 / intervalMicroseconds;
    }

    /**
     * Raw sample values of one lead after Huffman (if any) and difference decoding. Without a
     * section 2 the data are plain 16-bit little-endian values.
     */
    int[] lead(int index, int samples, List<HuffmanTable> huffman) throws EcgFormatException {
        String where = "SCP-ECG section " + section.id() + " lead " + (index + 1);
        int offset = 6 + 2 * byteCounts.length;
        for (int i = 0; i < index; i++) {
            offset += byteCounts[i];
        }
        int count = byteCounts[index];
        int abs = section.absolute(offset, count, where + " data");
        int[] values;
        if (huffman == null) {
            if (count < 2L * samples) {
                throw new EcgFormatException(where + ": " + count + " bytes hold fewer than " + samples
                        + " uncompressed samples");
            }
            values = new int[samples];
            byte[] f = section.file();
            for (int i = 0; i < samples; i++) {
                values[i] = (short) ((f[abs + 2 * i] & 0xFF) | (f[abs + 2 * i + 1] & 0xFF) << 8);
            }
        } else {
            if ((long) count * 8 < samples) {
                throw new EcgFormatException(where + ": " + count + " bytes cannot hold " + samples
                        + " Huffman-coded samples (at least one bit each)");
            }
            values = new HuffmanDecoder(huffman).decode(section.file(), abs, count, samples, where);
        }
        return undoDifferences(values);
    }

    private int[] undoDifferences(int[] d) {
        if (differenceOrder == 1) {
            for (int i = 1; i < d.length; i++) {
                d[i] += d[i - 1];
            }
        } else if (differenceOrder == 2) {
            for (int i = 2; i < d.length; i++) {
                d[i] += 2 * d[i - 1] - d[i - 2];
            }
        }
        return d;
    }

    /** Raw value to microvolts; the multiplier is in nanovolts, so this must not be integer division. */
    double toMicrovolts(int raw) {
        return raw * (amplitudeNanovolts / 1000.0);
    }
}
