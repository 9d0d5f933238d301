package org.rdc.dicom.object;

import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;

/**
 * A data element (PS3.5 7.1) held in memory. The value is one of: {@code byte[]} (the value field as
 * it would be in a little endian stream, padding included), {@link Sequence}, {@link Fragments}, or
 * {@link BulkData} when the value was left unread in the source.
 *
 * <p>The VR is the one the stream gave (or the dictionary's, for implicit VR). An undefined-length UN
 * read as a sequence keeps VR UN and a {@link Sequence} value, so it is written back unchanged.
 */
public record DataElement(int tag, VR vr, Object value) {

    public DataElement {
        if (!(value instanceof byte[] || value instanceof Sequence || value instanceof Fragments
                || value instanceof BulkData)) {
            throw new IllegalArgumentException("unsupported value for " + Tag.toString(tag) + ": " + value);
        }
    }

    public byte[] bytes() {
        return value instanceof byte[] b ? b : null;
    }

    public Sequence sequence() {
        return value instanceof Sequence s ? s : null;
    }

    public Fragments fragments() {
        return value instanceof Fragments f ? f : null;
    }

    public BulkData bulkData() {
        return value instanceof BulkData b ? b : null;
    }

    public boolean isSequence() {
        return value instanceof Sequence;
    }

    /** Length of a loaded or referenced value, 0 for sequences and fragments. */
    public long length() {
        if (value instanceof byte[] b) {
            return b.length;
        }
        return value instanceof BulkData b ? b.length() : 0;
    }

    @Override
    public String toString() {
        return Tag.toString(tag) + " " + vr + " " + (value instanceof byte[] b ? "#" + b.length : value.getClass().getSimpleName());
    }
}
