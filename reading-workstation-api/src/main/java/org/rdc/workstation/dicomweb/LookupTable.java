package org.rdc.workstation.dicomweb;

import org.rdc.dicom.core.Tag;
import org.rdc.dicom.object.Item;

/**
 * One item of a Modality LUT Sequence (PS3.3 C.11.1.1.1) or a VOI LUT Sequence (C.11.2.1.1): LUT Descriptor
 * (entries, 0 meaning 65536; first input value mapped; bits per entry) and LUT Data. Inputs below the first
 * mapped value take the first entry, inputs above the last the last entry.
 */
record LookupTable(int firstMapped, long[] entries, int bits) {

    /**
     * The table of an item, or null when it lacks a usable descriptor or data. The first mapped value is
     * of the descriptor's VR, US or SS (negative as read when SS); in implicit VR files, where that VR is
     * not known, a value above 32767 of signed pixels is read as SS.
     */
    static LookupTable of(Item item, boolean signedPixels) {
        long[] descriptor = item.getLongs(Tag.LUTDescriptor);
        if (descriptor.length != 3 || item.get(Tag.LUTData) == null || item.get(Tag.LUTData).bytes() == null) {
            return null;
        }
        long[] data = item.getLongs(Tag.LUTData);
        if (data.length == 0) {
            return null;
        }
        int first = signedPixels ? (short) descriptor[1] : (int) descriptor[1];
        return new LookupTable(first, data, (int) Math.max(1, Math.min(16, descriptor[2])));
    }

    /** The entry for an input value (rounded to the nearest integer input). */
    long at(double x) {
        long i = Math.round(x) - firstMapped;
        return entries[(int) Math.max(0, Math.min(entries.length - 1, i))];
    }

    long min() {
        long m = Long.MAX_VALUE;
        for (long e : entries) {
            m = Math.min(m, e);
        }
        return m;
    }

    long max() {
        long m = Long.MIN_VALUE;
        for (long e : entries) {
            m = Math.max(m, e);
        }
        return m;
    }
}
