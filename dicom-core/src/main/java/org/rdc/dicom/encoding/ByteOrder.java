package org.rdc.dicom.encoding;

import org.rdc.dicom.core.VR;

/**
 * Byte order of binary values (PS3.5 7.3). Values are held little endian in memory; big endian
 * streams are swapped per number on the way in and out. Text, OB, UN and encapsulated fragments
 * are byte streams and never swapped.
 */
public final class ByteOrder {

    private ByteOrder() {
    }

    /** Swaps every {@code vr.unitSize()}-byte number in place; a trailing partial number is left as is. */
    public static void swap(byte[] b, VR vr) {
        int unit = vr == VR.OB || vr == VR.UN ? 1 : vr.unitSize();
        if (unit <= 1) {
            return;
        }
        for (int i = 0; i + unit <= b.length; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }
}
