package org.rdc.dicom.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.dictionary.DictionaryEntry;
import org.rdc.dicom.dictionary.ElementDictionary;
import org.rdc.dicom.encoding.ByteOrder;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.ElementHeader;
import org.rdc.dicom.parser.Token;

/**
 * Rewrites a Part 10 file in Explicit VR Little Endian (PS3.5 A.2) as it is read, from the
 * uncompressed syntaxes that differ from it only in encoding: Implicit VR Little Endian (PS3.5 A.1;
 * VRs from the dictionary, UN for unknown tags), Explicit VR Big Endian (A.3, retired; numbers swapped
 * per VR) and Deflated Explicit VR Little Endian (A.5; inflated). Values are copied in bounded chunks,
 * never held whole. Sequences and items are written with undefined length (PS3.5 7.5.2), so no
 * length has to be known before its content, and group lengths (retired, PS3.5 7.2) are dropped
 * because the new headers would make them wrong.
 */
public final class ExplicitLittleEndianTranscoder {

    private static final Set<String> SOURCES = Set.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid(), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
    private static final int CHUNK = 64 * 1024;  // a multiple of every VR's unit size, so chunks swap cleanly
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final byte[] header = new byte[12];
    private final byte[] chunk = new byte[CHUNK];
    private OutputStream out;
    private int pixelRepresentation;

    /** Whether files stored in {@code transferSyntaxUid} can be rewritten here. */
    public static boolean canTranscode(String transferSyntaxUid) {
        return SOURCES.contains(transferSyntaxUid);
    }

    /**
     * Reads the file from {@code in} and writes it in Explicit VR Little Endian to {@code target}
     * (flushed, not closed). The meta information is kept, with (0002,0010) changed.
     *
     * @param length the file's length if known, else -1
     * @throws IllegalArgumentException if the file's syntax is not one {@link #canTranscode} accepts
     */
    public void transcode(InputStream in, long length, OutputStream target) throws IOException {
        Part10Reader.Part10Stream s = new Part10Reader().open(in, length);
        if (!canTranscode(s.transferSyntax().uid())) {
            throw new IllegalArgumentException("cannot transcode " + s.transferSyntax().name() + " to Explicit VR Little Endian");
        }
        out = new BufferedOutputStream(target, CHUNK);
        DataSet meta = s.meta() != null ? s.meta() : Part10Writer.createMeta("", "", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        Part10Writer.writeFileHeader(out, s.preamble(), meta);
        DataSetParser parser = s.parser();
        for (Token t = parser.next(); t != null; t = parser.next()) {
            ElementHeader h = parser.header();
            switch (t) {
                case ELEMENT -> element(parser, h);
                case SEQUENCE_START -> header(h.tag(), VR.SQ, UNDEFINED);
                case ITEM_START -> tagLength(Tag.Item, UNDEFINED);
                case ITEM_END -> tagLength(Tag.ItemDelimitationItem, 0);
                case SEQUENCE_END, FRAGMENTS_END -> tagLength(Tag.SequenceDelimitationItem, 0);
                case FRAGMENTS_START -> header(h.tag(), VR.OB, UNDEFINED);
                case FRAGMENT -> {
                    tagLength(Tag.Item, h.length());
                    parser.copyValue(out);
                }
            }
        }
        out.flush();
    }

    private void element(DataSetParser parser, ElementHeader h) throws IOException {
        if (Tag.isGroupLength(h.tag())) {
            parser.skipValue();
            return;
        }
        VR vr = h.vr() == null ? VR.UN : h.vr();
        if (h.tag() == Tag.PixelRepresentation && h.length() == 2 && parser.depth() == 0) {
            byte[] v = parser.readValue();
            pixelRepresentation = parser.bigEndian() ? v[1] : v[0];
            if (parser.bigEndian()) {
                ByteOrder.swap(v, VR.US);
            }
            header(h.tag(), VR.US, 2);
            out.write(v);
            return;
        }
        if (!h.explicitVr() && vr == VR.US && pixelRepresentation == 1 && isUsOrSs(h.tag())) {
            vr = VR.SS; // PS3.5 A.1 note: "US or SS" follows Pixel Representation, as DataSetReader reads it
        }
        if (!vr.hasLongLength() && h.length() > 0xFFFF) {
            vr = VR.UN; // an implicit value too long for its VR's 16-bit length field: only UN can carry it (PS3.5 6.2.2)
        }
        header(h.tag(), vr, h.length());
        if (!parser.bigEndian() || vr == VR.UN || vr == VR.OB || vr.unitSize() <= 1) {
            parser.copyValue(out);
            return;
        }
        InputStream value = parser.valueStream();
        int n;
        while ((n = value.readNBytes(chunk, 0, CHUNK)) > 0) {
            byte[] part = n == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, n);
            ByteOrder.swap(part, vr);
            out.write(part, 0, n);
        }
    }

    private static boolean isUsOrSs(int tag) {
        DictionaryEntry entry = ElementDictionary.lookup(tag);
        return entry != null && entry.vrText().startsWith("US or SS");
    }

    private void header(int tag, VR vr, long length) throws IOException {
        tag(tag);
        int code = vr.code();
        header[4] = (byte) (code >> 8);
        header[5] = (byte) code;
        if (vr.hasLongLength()) {
            header[6] = 0;
            header[7] = 0;
            uint32(8, length);
            out.write(header, 0, 12);
        } else {
            header[6] = (byte) length;
            header[7] = (byte) (length >> 8);
            out.write(header, 0, 8);
        }
    }

    private void tagLength(int tag, long length) throws IOException {
        tag(tag);
        uint32(4, length);
        out.write(header, 0, 8);
    }

    private void tag(int tag) {
        int group = Tag.group(tag);
        int element = Tag.element(tag);
        header[0] = (byte) group;
        header[1] = (byte) (group >> 8);
        header[2] = (byte) element;
        header[3] = (byte) (element >> 8);
    }

    private void uint32(int off, long v) {
        header[off] = (byte) v;
        header[off + 1] = (byte) (v >> 8);
        header[off + 2] = (byte) (v >> 16);
        header[off + 3] = (byte) (v >> 24);
    }
}
