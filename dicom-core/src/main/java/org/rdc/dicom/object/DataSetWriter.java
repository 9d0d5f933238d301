package org.rdc.dicom.object;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.ByteOrder;
import org.rdc.dicom.encoding.TransferSyntax;

/**
 * Encodes a {@link DataSet} in a transfer syntax (PS3.5 section 7 and Annex A). Sequences and items
 * keep the defined or undefined length they were read with; defined lengths and group lengths are
 * recomputed, so the same code writes an unchanged object back byte for byte and transcodes between
 * implicit VR little endian, explicit VR little and big endian and deflated explicit VR little endian.
 * Encapsulated pixel data is written as it is; converting it to or from a native syntax needs a codec,
 * which this module does not have.
 */
public final class DataSetWriter {

    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final TransferSyntax syntax;

    public DataSetWriter(TransferSyntax syntax) {
        this.syntax = syntax;
    }

    /** Writes the data set (without file meta information); deflates it for the deflated syntax. */
    public void write(DataSet dataSet, OutputStream out) throws IOException {
        if (syntax.deflated()) {
            DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true),
                    8192);
            writeElements(dataSet, new Encoder(deflater, true, false));
            deflater.finish();
        } else {
            writeElements(dataSet, new Encoder(out, syntax.explicitVr(), syntax.bigEndian()));
        }
        out.flush();
    }

    private void writeElements(DataSet dataSet, Encoder enc) throws IOException {
        for (DataElement e : dataSet) {
            if (Tag.isGroupLength(e.tag()) && e.bytes() != null && e.bytes().length == 4) {
                long groupLength = groupLength(dataSet, Tag.group(e.tag()), enc.explicit);
                enc.header(e.tag(), VR.UL, 4);
                enc.uint32(groupLength);
            } else {
                writeElement(e, enc);
            }
        }
    }

    private void writeElement(DataElement e, Encoder enc) throws IOException {
        Object value = e.value();
        if (value instanceof Sequence s) {
            boolean unSequence = e.vr() == VR.UN && s.undefinedLength() && enc.explicit;
            long length = s.undefinedLength() ? UNDEFINED : sequenceLength(s, enc.explicit);
            enc.header(e.tag(), unSequence ? VR.UN : VR.SQ, length);
            // PS3.5 6.2.2: the items of an undefined-length UN are implicit VR little endian
            Encoder inner = unSequence ? new Encoder(enc.out, false, false) : enc;
            for (Item item : s.items()) {
                long itemLength = item.undefinedLength() ? UNDEFINED : contentLength(item, inner.explicit);
                inner.tagLength(Tag.Item, itemLength);
                writeElements(item, inner);
                if (item.undefinedLength()) {
                    inner.tagLength(Tag.ItemDelimitationItem, 0);
                }
            }
            if (s.undefinedLength()) {
                inner.tagLength(Tag.SequenceDelimitationItem, 0);
            }
        } else if (value instanceof Fragments f) {
            enc.header(e.tag(), e.vr(), UNDEFINED);
            for (int i = 0; i < f.size(); i++) {
                byte[] b = loaded(f.bytes(i), e.tag());
                enc.tagLength(Tag.Item, b.length);
                enc.out.write(b);
            }
            enc.tagLength(Tag.SequenceDelimitationItem, 0);
        } else {
            byte[] b = loaded(e.bytes(), e.tag());
            enc.header(e.tag(), explicitVr(e, b.length), b.length);
            if (enc.bigEndian && e.vr().unitSize() > 1) {
                b = b.clone();
                ByteOrder.swap(b, e.vr());
            }
            enc.out.write(b);
        }
    }

    private static byte[] loaded(byte[] b, int tag) {
        if (b == null) {
            throw new IllegalStateException("value of " + Tag.toString(tag) + " was not loaded (bulk data); "
                    + "read the object with bulk data to write it");
        }
        return b;
    }

    /** A value too long for a 16-bit length field is written as UN (PS3.5 6.2.2 note 4). */
    private static VR explicitVr(DataElement e, long length) {
        return !e.vr().hasLongLength() && length > 0xFFFF ? VR.UN : e.vr();
    }

    private long groupLength(DataSet dataSet, int group, boolean explicit) {
        long sum = 0;
        for (DataElement e : dataSet.group(group)) {
            if (!Tag.isGroupLength(e.tag())) {
                sum += elementLength(e, explicit);
            }
        }
        return sum;
    }

    private long contentLength(DataSet dataSet, boolean explicit) {
        long sum = 0;
        for (DataElement e : dataSet) {
            sum += elementLength(e, explicit);
        }
        return sum;
    }

    private long elementLength(DataElement e, boolean explicit) {
        Object value = e.value();
        if (value instanceof Sequence s) {
            boolean unSequence = e.vr() == VR.UN && s.undefinedLength() && explicit;
            long header = explicit ? 12 : 8;
            long content = sequenceLength(s, unSequence ? false : explicit);
            return header + content + (s.undefinedLength() ? 8 : 0);
        }
        if (value instanceof Fragments f) {
            long sum = (explicit ? 12 : 8) + 8;
            for (int i = 0; i < f.size(); i++) {
                sum += 8 + f.length(i);
            }
            return sum;
        }
        long length = e.length();
        boolean longHeader = explicit && explicitVr(e, length).hasLongLength();
        return (!explicit ? 8 : longHeader ? 12 : 8) + length;
    }

    private long sequenceLength(Sequence s, boolean explicit) {
        long sum = 0;
        for (Item item : s.items()) {
            sum += 8 + contentLength(item, explicit) + (item.undefinedLength() ? 8 : 0);
        }
        return sum;
    }

    /** Writes headers in one VR mode and byte order. */
    private static final class Encoder {
        final OutputStream out;
        final boolean explicit;
        final boolean bigEndian;
        private final byte[] buf = new byte[12];

        Encoder(OutputStream out, boolean explicit, boolean bigEndian) {
            this.out = out;
            this.explicit = explicit;
            this.bigEndian = bigEndian;
        }

        void header(int tag, VR vr, long length) throws IOException {
            putTag(tag);
            if (!explicit) {
                put32(4, length);
                out.write(buf, 0, 8);
            } else if (vr.hasLongLength()) {
                buf[4] = (byte) (vr.code() >> 8);
                buf[5] = (byte) vr.code();
                buf[6] = 0;
                buf[7] = 0;
                put32(8, length);
                out.write(buf, 0, 12);
            } else {
                buf[4] = (byte) (vr.code() >> 8);
                buf[5] = (byte) vr.code();
                put16(6, (int) length);
                out.write(buf, 0, 8);
            }
        }

        void tagLength(int tag, long length) throws IOException {
            putTag(tag);
            put32(4, length);
            out.write(buf, 0, 8);
        }

        void uint32(long v) throws IOException {
            put32(0, v);
            out.write(buf, 0, 4);
        }

        private void putTag(int tag) {
            put16(0, Tag.group(tag));
            put16(2, Tag.element(tag));
        }

        private void put16(int off, int v) {
            if (bigEndian) {
                buf[off] = (byte) (v >> 8);
                buf[off + 1] = (byte) v;
            } else {
                buf[off] = (byte) v;
                buf[off + 1] = (byte) (v >> 8);
            }
        }

        private void put32(int off, long v) {
            if (bigEndian) {
                put16(off, (int) (v >> 16));
                put16(off + 2, (int) v);
            } else {
                put16(off, (int) v);
                put16(off + 2, (int) (v >> 16));
            }
        }
    }
}
