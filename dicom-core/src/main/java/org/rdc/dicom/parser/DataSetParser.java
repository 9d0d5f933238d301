package org.rdc.dicom.parser;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.dictionary.ElementDictionary;
import org.rdc.dicom.encoding.TransferSyntax;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull parser for a data set encoded as PS3.5 section 7 describes (data elements, nested sequences
 * and items of defined or undefined length, encapsulated pixel data of Annex A.4).
 *
 * <p>The parser reads from the caller's stream and never reads ahead: after {@link #next()} returns,
 * the stream stands exactly at the first byte of the value (see {@link #position()}), so a caller can
 * tee the raw bytes elsewhere (e.g. the gateway writing them to storage) or take over the stream.
 * Values are never read unless asked with {@link #readValue()}, {@link #copyValue(OutputStream)} or
 * {@link #valueStream()}; anything not read is skipped by the next call to {@code next()}.
 *
 * <p>Malformed input fails with {@link DicomParseException} naming offset and tag. Every length is
 * checked against the enclosing item, the stream length when known, and the nesting depth before
 * anything is allocated, and {@link #readValue()} grows its buffer only as bytes actually arrive,
 * so a lying length cannot cause an OutOfMemoryError; every token consumes input or closes a level,
 * so there is no endless loop.
 */
public final class DataSetParser {

    private static final Logger LOG = LoggerFactory.getLogger(DataSetParser.class);
    private static final int MAX_DEPTH = 64;
    private static final int MAX_WARNINGS = 100;
    private static final int CHUNK = 64 * 1024;

    private enum Kind { SEQUENCE, ITEM, FRAGMENTS }

    /** One open sequence, item or fragment list; {@code end} is -1 while its length is undefined. */
    private record Frame(Kind kind, long end, boolean explicitVr, boolean bigEndian) {
    }

    private final InputStream in;
    private final long streamEnd;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final byte[] buf = new byte[12];
    private byte[] scratch;
    private final List<String> warnings = new ArrayList<>();
    private long position;
    private long valueRemaining;
    private ElementHeader header;

    /**
     * A parser for a bare data set in {@code syntax}, for instance a C-STORE data set from the network.
     * The stream must already be inflated for the deflated syntax; {@link #open} does that.
     *
     * @param startOffset  offset of the stream's first byte, reported in headers and errors
     * @param streamLength bytes available after {@code startOffset}, or -1 when unknown
     */
    public DataSetParser(InputStream in, TransferSyntax syntax, long startOffset, long streamLength) {
        this.in = in;
        this.explicitVr = syntax.explicitVr();
        this.bigEndian = syntax.bigEndian();
        this.position = startOffset;
        this.streamEnd = streamLength < 0 ? Long.MAX_VALUE : startOffset + streamLength;
    }

    /** A parser for a bare data set, inflating it first when the syntax is deflated (PS3.5 A.5). */
    public static DataSetParser open(InputStream in, TransferSyntax syntax) {
        if (syntax.deflated()) {
            return new DataSetParser(new InflaterInputStream(in, new Inflater(true), 8192), syntax, 0, -1);
        }
        return new DataSetParser(in, syntax, 0, -1);
    }

    /**
     * Advances to the next header, skipping any unread value first.
     *
     * @return the token, or {@code null} at the end of the data set
     */
    public Token next() throws IOException {
        if (valueRemaining > 0) {
            skipValue();
        }
        while (true) {
            Frame top = stack.peek();
            if (top != null && top.end >= 0 && position >= top.end) {
                if (position > top.end) {
                    throw error("content overruns the end of its enclosing " + top.kind.name().toLowerCase()
                            + " at " + top.end, header == null ? DicomParseException.NO_TAG : header.tag());
                }
                stack.pop();
                return emit(top.kind == Kind.ITEM ? Token.ITEM_END : Token.SEQUENCE_END, null);
            }
            if (top == null && position >= streamEnd) {
                return null;  // end of the data set
            }
            long start = position;
            boolean explicit = top == null ? explicitVr : top.explicitVr;
            boolean big = top == null ? bigEndian : top.bigEndian;
            int got = readUpTo(buf, 4);
            if (got == 0 && top == null) {
                return null;  // end of the data set
            }
            if (got < 4) {
                throw error("stream ends inside an element header", DicomParseException.NO_TAG, start);
            }
            int tag = Tag.of(uint16(buf, 0, big), uint16(buf, 2, big));
            if (top != null && top.kind != Kind.ITEM) {
                return inSequence(top, tag, start, big);
            }
            if (tag == Tag.ItemDelimitationItem || tag == Tag.SequenceDelimitationItem || tag == Tag.Item) {
                long length = readLength(big, tag, start);
                if (tag == Tag.ItemDelimitationItem && top != null && top.end < 0) {
                    stack.pop();
                    return emit(Token.ITEM_END, new ElementHeader(tag, null, length, start, 8, false));
                }
                if (tag == Tag.Item) {
                    throw error("item tag outside a sequence", tag, start);
                }
                warn("ignored stray " + Tag.toString(tag) + " at offset " + start);
                continue;
            }
            return element(tag, start, explicit, big, top);
        }
    }

    private Token inSequence(Frame top, int tag, long start, boolean big) throws IOException {
        long length = readLength(big, tag, start);
        ElementHeader h = new ElementHeader(tag, null, length == 0xFFFFFFFFL ? ElementHeader.UNDEFINED_LENGTH : length,
                start, 8, false);
        if (tag == Tag.SequenceDelimitationItem) {
            if (top.end >= 0) {
                warn("sequence delimiter inside a defined-length sequence at offset " + start);
            }
            stack.pop();
            return emit(top.kind == Kind.FRAGMENTS ? Token.FRAGMENTS_END : Token.SEQUENCE_END, h);
        }
        if (tag != Tag.Item) {
            throw error("expected an item or sequence delimiter, found " + Tag.toString(tag), tag, start);
        }
        if (top.kind == Kind.FRAGMENTS) {
            if (h.undefinedLength()) {
                throw error("fragment with undefined length", tag, start);
            }
            checkFits(h.length(), tag, start);
            valueRemaining = h.length();
            return emit(Token.FRAGMENT, h);
        }
        if (!h.undefinedLength()) {
            checkFits(h.length(), tag, start);
        }
        push(new Frame(Kind.ITEM, h.undefinedLength() ? -1 : position + h.length(), top.explicitVr, top.bigEndian),
                tag, start);
        return emit(Token.ITEM_START, h);
    }

    private Token element(int tag, long start, boolean explicit, boolean big, Frame top) throws IOException {
        VR vr;
        long length;
        int headerLength;
        boolean vrFromStream = explicit;
        if (explicit) {
            readFully(buf, 4, 2, tag, start);
            vr = VR.ofCode((buf[4] & 0xFF) << 8 | (buf[5] & 0xFF));
            if (vr == null) {
                // Not a VR: the only reading that gives the bytes a meaning is an implicit VR header,
                // whose 32-bit length starts where the VR was expected.
                readFully(buf, 6, 2, tag, start);
                length = uint32(buf, 4, big);
                vr = ElementDictionary.vrOf(tag);
                vrFromStream = false;
                headerLength = 8;
                warn("invalid VR bytes in " + Tag.toString(tag) + " at offset " + start + ", read as implicit VR "
                        + vr);
            } else if (vr.hasLongLength()) {
                readFully(buf, 6, 6, tag, start);
                length = uint32(buf, 8, big);
                headerLength = 12;
            } else {
                readFully(buf, 6, 2, tag, start);
                length = uint16(buf, 6, big);
                headerLength = 8;
            }
        } else {
            length = readLength(big, tag, start);
            vr = ElementDictionary.vrOf(tag);
            headerLength = 8;
        }
        boolean undefined = length == 0xFFFFFFFFL;
        ElementHeader h = new ElementHeader(tag, vr, undefined ? ElementHeader.UNDEFINED_LENGTH : length, start,
                headerLength, vrFromStream);
        if (undefined) {
            if (vr == VR.SQ) {
                push(new Frame(Kind.SEQUENCE, -1, explicit, big), tag, start);
                return emit(Token.SEQUENCE_START, h);
            }
            if (vr == VR.UN && vrFromStream) {
                // PS3.5 6.2.2: an undefined-length UN is a sequence whose content is implicit VR little endian.
                push(new Frame(Kind.SEQUENCE, -1, false, false), tag, start);
                return emit(Token.SEQUENCE_START, h);
            }
            if (vr == VR.OB || vr == VR.OW || (vr == VR.UN && tag == Tag.PixelData)) {
                push(new Frame(Kind.FRAGMENTS, -1, explicit, big), tag, start);
                return emit(Token.FRAGMENTS_START, h);
            }
            if (!vrFromStream) {
                // implicit VR, unknown or private tag: only a sequence can have an undefined length here
                push(new Frame(Kind.SEQUENCE, -1, explicit, big), tag, start);
                return emit(Token.SEQUENCE_START, h);
            }
            throw error("undefined length is not allowed for VR " + vr, tag, start);
        }
        checkFits(length, tag, start);
        if (vr == VR.SQ) {
            push(new Frame(Kind.SEQUENCE, position + length, explicit, big), tag, start);
            return emit(Token.SEQUENCE_START, h);
        }
        if ((length & 1) != 0) {
            warn("odd value length " + length + " in " + Tag.toString(tag) + " at offset " + start);
        }
        valueRemaining = length;
        return emit(Token.ELEMENT, h);
    }

    private void push(Frame frame, int tag, long start) throws DicomParseException {
        if (stack.size() >= MAX_DEPTH) {
            throw error("sequences nested deeper than " + MAX_DEPTH, tag, start);
        }
        stack.push(frame);
    }

    /** A value must fit inside every enclosing defined-length item and inside the stream when its size is known. */
    private void checkFits(long length, int tag, long start) throws DicomParseException {
        long end = position + length;
        if (end > streamEnd) {
            throw error("value length " + length + " exceeds the " + (streamEnd - position) + " bytes left in the stream",
                    tag, start);
        }
        for (Frame f : stack) {
            if (f.end >= 0) {
                if (end > f.end) {
                    throw error("value length " + length + " exceeds the enclosing " + f.kind.name().toLowerCase()
                            + ", which ends at " + f.end, tag, start);
                }
                return;
            }
        }
    }

    private Token emit(Token t, ElementHeader h) {
        if (h != null) {
            header = h;
        }
        return t;
    }

    private long readLength(boolean big, int tag, long start) throws IOException {
        readFully(buf, 4, 4, tag, start);
        return uint32(buf, 4, big);
    }

    /**
     * The header of the last element, item or fragment. After ITEM_END/SEQUENCE_END of a defined-length
     * item or sequence no header was read, so this still names the element that came before.
     */
    public ElementHeader header() {
        return header;
    }

    /** Offset of the next byte the parser will read from the stream. */
    public long position() {
        return position;
    }

    /** Nesting level: 0 for the top-level data set. */
    public int depth() {
        return stack.size();
    }

    /** Whether values at the current level are big endian, so a caller knows how to read numbers. */
    public boolean bigEndian() {
        Frame top = stack.peek();
        return top == null ? bigEndian : top.bigEndian;
    }

    /** Tolerated defects, as also logged at WARN (first {@value #MAX_WARNINGS} kept). */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /**
     * Reads the rest of the pending value into memory, as stored in the stream (no byte swapping).
     *
     * @throws DicomParseException if the value is larger than {@code Integer.MAX_VALUE - 8} or the stream ends early
     */
    public byte[] readValue() throws IOException {
        long n = valueRemaining;
        if (n > Integer.MAX_VALUE - 8) {
            throw error("value of " + n + " bytes is too large to hold in memory", header.tag());
        }
        int length = (int) n;
        byte[] out = new byte[Math.min(length, CHUNK)];
        int filled = 0;
        while (filled < length) {
            if (filled == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(length, (long) out.length * 2));
            }
            int r = rawRead(out, filled, out.length - filled);
            if (r < 0) {
                throw truncated();
            }
            filled += r;
            position += r;
            valueRemaining -= r;
        }
        return out;
    }

    /**
     * Skips the rest of the pending value with {@link InputStream#skip}; a caller that tees the stream
     * and must see every byte gives a stream whose {@code skip} returns 0, and the bytes are read instead.
     */
    public void skipValue() throws IOException {
        while (valueRemaining > 0) {
            long s;
            try {
                s = in.skip(valueRemaining);
            } catch (EOFException | ZipException e) {
                throw corrupt(e);
            }
            if (s <= 0) {
                // streams that do not skip (a tee that must see every byte) are read instead
                s = rawRead(scratch(), 0, (int) Math.min(CHUNK, valueRemaining));
                if (s < 0) {
                    throw truncated();
                }
            }
            position += s;
            valueRemaining -= s;
        }
    }

    /** Copies the rest of the pending value to {@code out} without holding it in memory; returns the byte count. */
    public long copyValue(OutputStream out) throws IOException {
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(valueRemaining, 1))];
        long total = 0;
        while (valueRemaining > 0) {
            int r = rawRead(chunk, 0, (int) Math.min(chunk.length, valueRemaining));
            if (r < 0) {
                throw truncated();
            }
            out.write(chunk, 0, r);
            position += r;
            valueRemaining -= r;
            total += r;
        }
        return total;
    }

    /** The pending value as a stream that ends with the value; closing it does not close the parser's stream. */
    public InputStream valueStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (valueRemaining == 0) {
                    return -1;
                }
                int r = rawRead(b, off, (int) Math.min(len, valueRemaining));
                if (r < 0) {
                    throw truncated();
                }
                position += r;
                valueRemaining -= r;
                return r;
            }
        };
    }

    /**
     * Reads from the caller's stream. A deflated data set reports damage as EOF or ZIP errors, which
     * are turned into the codec's exception with the position, like any other malformed input.
     */
    private int rawRead(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (EOFException | ZipException e) {
            throw corrupt(e);
        }
    }

    private byte[] scratch() {
        if (scratch == null) {
            scratch = new byte[CHUNK];
        }
        return scratch;
    }

    private DicomParseException corrupt(IOException e) {
        return new DicomParseException("unreadable data (" + e.getMessage() + ")", position,
                header == null ? DicomParseException.NO_TAG : header.tag(), e);
    }

    private DicomParseException truncated() {
        return error("stream ends inside the value (" + valueRemaining + " bytes missing)", header.tag(),
                header.offset());
    }

    private int readUpTo(byte[] b, int n) throws IOException {
        int got = 0;
        while (got < n) {
            int r = rawRead(b, got, n - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        position += got;
        return got;
    }

    private void readFully(byte[] b, int off, int n, int tag, long start) throws IOException {
        int got = 0;
        while (got < n) {
            int r = rawRead(b, off + got, n - got);
            if (r < 0) {
                throw new DicomParseException("stream ends inside an element header", start, tag, new EOFException());
            }
            got += r;
        }
        position += n;
    }

    private void warn(String message) {
        LOG.warn(message);
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(message);
        }
    }

    private DicomParseException error(String reason, int tag) {
        return error(reason, tag, header == null ? position : header.offset());
    }

    private static DicomParseException error(String reason, int tag, long offset) {
        return new DicomParseException(reason, offset, tag);
    }

    static int uint16(byte[] b, int off, boolean big) {
        return big ? (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF) : (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long uint32(byte[] b, int off, boolean big) {
        long v = big
                ? (b[off] & 0xFFL) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF)
                : (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFFL) << 24;
        return v;
    }
}
