package org.rdc.dicom.parser;

/**
 * What {@link DataSetParser#next()} found. Sequences, items and encapsulated pixel data come as
 * start/end pairs whether their length was defined or undefined in the stream (PS3.5 7.5, A.4).
 */
public enum Token {
    /** A data element with a value; read, copy or skip it, or call next() to skip it. */
    ELEMENT,
    /** An SQ element, or an undefined-length UN/private element read as a sequence (PS3.5 6.2.2). */
    SEQUENCE_START,
    ITEM_START,
    ITEM_END,
    SEQUENCE_END,
    /** Encapsulated pixel data: an undefined-length OB/OW element holding fragments (PS3.5 A.4). */
    FRAGMENTS_START,
    /** One fragment item; the first is the Basic Offset Table. Its value is pending like an ELEMENT's. */
    FRAGMENT,
    FRAGMENTS_END
}
