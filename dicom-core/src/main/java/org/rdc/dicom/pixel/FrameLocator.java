package org.rdc.dicom.pixel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.object.BulkData;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.ElementHeader;
import org.rdc.dicom.parser.Token;

/**
 * Finds the frames of an instance's pixel data without loading it: native pixel data is cut into frames of
 * {@link ImagePixel#frameLength()} bytes (PS3.5 8.1.1, 8.2); encapsulated pixel data (PS3.5 A.4) is split by
 * the Extended Offset Table (7FE0,0001) when present, else by the Basic Offset Table, else one frame per
 * fragment when the counts agree, else at the fragments that end a JPEG, JPEG-LS or JPEG 2000 code stream
 * (EOI / EOC, both FFD9). Only fragment headers and, in that last case, the last bytes of each fragment are
 * read; the rest of each value is skipped, so a seekable stream makes this a walk over headers.
 */
public final class FrameLocator {

    /** Offset tables hold 4 (BOT) or 8 (EOT) bytes per frame; beyond this the table itself is implausible. */
    private static final long MAX_TABLE_BYTES = 64L << 20;

    private FrameLocator() {
    }

    /**
     * Binary values up to this size are read with the attributes, so that those needed to present the frames
     * are there: LUT Data of a Modality or VOI LUT (PS3.3 C.11.1.1.1, C.11.2.1.1) has up to 65536 entries of
     * 16 bits, and a 12-bit CR's VOI LUT of 4096 entries (8 KB) is above the usual bulk data size. Pixel data,
     * overlays and the other values {@link DataSetReader#isBulkData} names stay in the stream whatever their size.
     */
    private static final long LARGEST_LUT = 65536L * 2;

    /**
     * An instance's attributes (bulk data left in the stream) and where its frames are.
     *
     * @param parser where locating left the stream: at the first byte of native Pixel Data's value, whose
     *               {@link DataSetParser#valueStream()} a caller may read on to the frames, or after
     *               encapsulated Pixel Data
     */
    public record Located(DataSet meta, DataSet attributes, TransferSyntax syntax, long dataSetOffset, FrameTable frames,
                          DataSetParser parser) {

        /** Whether {@link #parser()} stands at the value of native Pixel Data, so frames can be read on from it. */
        public boolean atNativePixelData() {
            return !syntax.encapsulated() && parser.position() == frames.frame(1).get(0).offset();
        }
    }

    /**
     * Reads a Part 10 file up to its pixel data and locates the frames. The stream is left inside or after
     * the pixel data; offsets in the table count from the start of the file (of the inflated data set for
     * the deflated syntax).
     */
    public static Located read(InputStream in, long length) throws IOException {
        Part10Reader reader = new Part10Reader();
        Part10Reader.Part10Stream s = reader.open(in, length);
        DataSet attributes = new DataSetReader().withoutBulkData(LARGEST_LUT).stopBefore(Tag.ExtendedOffsetTable).read(s.parser());
        return new Located(s.meta(), attributes, s.transferSyntax(), s.dataSetOffset(),
                locate(s.parser(), attributes, s.transferSyntax()), s.parser());
    }

    /**
     * Locates the frames with a parser that a {@link DataSetReader#stopBefore} (7FE0,0001) left at the header
     * of the first element at or after the Extended Offset Table (or at the end of the data set).
     */
    public static FrameTable locate(DataSetParser parser, DataSet attributes, TransferSyntax syntax) throws IOException {
        ImagePixel pixel = ImagePixel.of(attributes);
        long[] extended = null;
        ElementHeader h = parser.header();
        boolean atPixelData = false;
        while (h != null && Tag.compare(h.tag(), Tag.PixelData) <= 0 && parser.depth() <= 1) {
            if (h.tag() == Tag.PixelData) {
                atPixelData = true;
                break;
            }
            if (h.tag() == Tag.ExtendedOffsetTable && !h.undefinedLength()) {
                extended = uint64s(table(parser, h), parser.bigEndian());
            }
            if (parser.next() == null) {
                break;
            }
            h = parser.header();
        }
        if (!atPixelData) {
            throw new DicomParseException("no Pixel Data (7FE0,0010)", parser.position(), Tag.PixelData);
        }
        if (!h.undefinedLength()) {
            return nativeFrames(pixel, syntax, h);
        }
        return encapsulatedFrames(parser, pixel, syntax, extended);
    }

    private static FrameTable nativeFrames(ImagePixel pixel, TransferSyntax syntax, ElementHeader h) throws DicomParseException {
        long frameLength = pixel.frameLength();
        if (pixel.bitsAllocated() == 1 && pixel.frames() > 1 && ((long) pixel.rows() * pixel.columns() * pixel.samplesPerPixel()) % 8 != 0) {
            // PS3.5 8.1.1: 1-bit frames are packed without padding, so this frame would not start on a byte
            throw new DicomParseException("1-bit frames that do not end on a byte boundary", h.offset(), Tag.PixelData);
        }
        if (frameLength * pixel.frames() > h.length()) {
            throw new DicomParseException(pixel.frames() + " frames of " + frameLength + " bytes do not fit in the "
                    + h.length() + " bytes of Pixel Data", h.offset(), Tag.PixelData);
        }
        List<List<BulkData>> frames = new ArrayList<>(pixel.frames());
        for (int i = 0; i < pixel.frames(); i++) {
            frames.add(List.of(new BulkData(h.valueOffset() + i * frameLength, frameLength)));
        }
        return new FrameTable(pixel, syntax, frames);
    }

    private record Fragment(long itemOffset, BulkData value, boolean endsCodeStream) {
    }

    private static FrameTable encapsulatedFrames(DataSetParser parser, ImagePixel pixel, TransferSyntax syntax, long[] extended)
            throws IOException {
        if (parser.next() != Token.FRAGMENT) {
            throw new DicomParseException("encapsulated Pixel Data without a Basic Offset Table item", parser.position(), Tag.PixelData);
        }
        ElementHeader botHeader = parser.header();
        long[] offsets = extended;
        if (offsets == null && botHeader.length() > 0) {
            offsets = uint32s(table(parser, botHeader), parser.bigEndian());
        }
        boolean scan = offsets == null && pixel.frames() > 1;
        List<Fragment> fragments = new ArrayList<>();
        long first = -1;
        for (Token t = parser.next(); t == Token.FRAGMENT; t = parser.next()) {
            ElementHeader f = parser.header();
            if (first < 0) {
                first = f.offset();
            }
            boolean ends = false;
            if (scan && f.length() >= 2) {
                InputStream value = parser.valueStream();
                int tail = (int) Math.min(3, f.length());
                value.skipNBytes(f.length() - tail);
                byte[] b = value.readNBytes(tail);
                int n = b.length;
                // a code stream of odd length is padded with one 00 to keep the fragment even (PS3.5 A.4)
                ends = n >= 2 && (b[n - 2] & 0xFF) == 0xFF && (b[n - 1] & 0xFF) == 0xD9
                        || n >= 3 && (b[n - 3] & 0xFF) == 0xFF && (b[n - 2] & 0xFF) == 0xD9 && b[n - 1] == 0;
            }
            fragments.add(new Fragment(f.offset() - first, new BulkData(f.valueOffset(), f.length()), ends));
        }
        if (fragments.isEmpty()) {
            throw new DicomParseException("encapsulated Pixel Data without fragments", parser.position(), Tag.PixelData);
        }
        List<List<BulkData>> frames;
        if (offsets != null) {
            frames = byOffsets(fragments, offsets, parser.position());
        } else if (pixel.frames() == 1) {
            frames = List.of(fragments.stream().map(Fragment::value).toList());
        } else if (fragments.size() == pixel.frames()) {
            frames = fragments.stream().map(f -> List.of(f.value())).toList();
        } else {
            frames = byCodeStreamEnds(fragments);
        }
        if (frames.size() != pixel.frames()) {
            throw new DicomParseException("found " + frames.size() + " frames in the fragments, Number of Frames says "
                    + pixel.frames(), parser.position(), Tag.PixelData);
        }
        return new FrameTable(pixel, syntax, frames);
    }

    /** PS3.5 A.4: each offset is that of the item tag of the frame's first fragment, from the first fragment's. */
    private static List<List<BulkData>> byOffsets(List<Fragment> fragments, long[] offsets, long position) throws DicomParseException {
        List<List<BulkData>> frames = new ArrayList<>(offsets.length);
        int next = 0;
        for (int i = 0; i < offsets.length; i++) {
            long end = i + 1 < offsets.length ? offsets[i + 1] : Long.MAX_VALUE;
            if (next >= fragments.size() || fragments.get(next).itemOffset() != offsets[i] || end <= offsets[i]) {
                throw new DicomParseException("offset table entry " + i + " (" + offsets[i] + ") does not point at a fragment",
                        position, Tag.PixelData);
            }
            List<BulkData> frame = new ArrayList<>();
            while (next < fragments.size() && fragments.get(next).itemOffset() < end) {
                frame.add(fragments.get(next++).value());
            }
            frames.add(frame);
        }
        return frames;
    }

    private static List<List<BulkData>> byCodeStreamEnds(List<Fragment> fragments) {
        List<List<BulkData>> frames = new ArrayList<>();
        List<BulkData> frame = new ArrayList<>();
        for (Fragment f : fragments) {
            frame.add(f.value());
            if (f.endsCodeStream()) {
                frames.add(frame);
                frame = new ArrayList<>();
            }
        }
        if (!frame.isEmpty()) {
            frames.add(frame);
        }
        return frames;
    }

    private static byte[] table(DataSetParser parser, ElementHeader h) throws IOException {
        if (h.length() > MAX_TABLE_BYTES) {
            throw new DicomParseException("offset table of " + h.length() + " bytes", h.offset(), h.tag());
        }
        return parser.readValue();
    }

    private static long[] uint32s(byte[] b, boolean big) {
        long[] v = new long[b.length / 4];
        for (int i = 0; i < v.length; i++) {
            int o = i * 4;
            v[i] = big ? (b[o] & 0xFFL) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF)
                    : (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFFL) << 24;
        }
        return v;
    }

    private static long[] uint64s(byte[] b, boolean big) {
        long[] v = new long[b.length / 8];
        for (int i = 0; i < v.length; i++) {
            long x = 0;
            for (int k = 0; k < 8; k++) {
                int idx = big ? i * 8 + k : i * 8 + 7 - k;
                x = x << 8 | (b[idx] & 0xFF);
            }
            v[i] = x;
        }
        return v;
    }
}
