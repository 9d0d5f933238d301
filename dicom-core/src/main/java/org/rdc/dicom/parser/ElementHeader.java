package org.rdc.dicom.parser;

import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;

/**
 * What the stream said about one data element, item or delimiter before its value (PS3.5 7.1, 7.5).
 *
 * @param tag          the tag
 * @param vr           the VR read from the stream (explicit) or taken from the dictionary (implicit);
 *                     {@code null} for items and delimiters
 * @param length       value length in bytes, or {@link #UNDEFINED_LENGTH}
 * @param offset       stream offset of the first byte of the header
 * @param headerLength bytes of tag, VR and length fields, so the value starts at {@code offset + headerLength}
 * @param explicitVr   whether the VR came from the stream
 */
public record ElementHeader(int tag, VR vr, long length, long offset, int headerLength, boolean explicitVr) {

    public static final long UNDEFINED_LENGTH = -1;

    public boolean undefinedLength() {
        return length == UNDEFINED_LENGTH;
    }

    public long valueOffset() {
        return offset + headerLength;
    }

    @Override
    public String toString() {
        return Tag.toString(tag) + " " + (vr == null ? "--" : vr) + " #" + (undefinedLength() ? "u/l" : length)
                + " @" + offset;
    }
}
