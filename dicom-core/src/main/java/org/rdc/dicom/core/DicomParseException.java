package org.rdc.dicom.core;

import java.io.IOException;

/**
 * The one exception of the codec: input that cannot be read as DICOM. The message always says
 * where (byte offset in the stream being parsed) and, when known, in which data element.
 */
public class DicomParseException extends IOException {

    private final long offset;
    private final int tag;

    public DicomParseException(String reason, long offset, int tag) {
        this(reason, offset, tag, null);
    }

    public DicomParseException(String reason, long offset, int tag, Throwable cause) {
        super(reason + " at offset " + offset + (tag != NO_TAG ? " in " + Tag.toString(tag) : ""), cause);
        this.offset = offset;
        this.tag = tag;
    }

    /** Marker for "no element known", because every int is a syntactically valid tag. */
    public static final int NO_TAG = 0xFFFFFFFF;

    public long offset() {
        return offset;
    }

    public int tag() {
        return tag;
    }
}
