package org.rdc.ecg;

/**
 * The one error of this module for content that cannot be read as an ECG: unsupported format,
 * broken structure, hostile XML, lengths past the end. The message names what is wrong and where,
 * so an intake endpoint can return it as the 4xx reason unchanged; the {@link Kind} tells which 4xx.
 */
public final class EcgFormatException extends Exception {

    /** What kind of refusal: HTTP intake answers 415, 422 and 413 for them. */
    public enum Kind {
        /** Not a format we read (or a DICOM object that is not an ECG). */
        UNSUPPORTED,
        /** A format we read, but broken, hostile or inconsistent. */
        INVALID,
        /** Over the size limit. */
        TOO_LARGE
    }

    private final Kind kind;

    public EcgFormatException(String message) {
        this(Kind.INVALID, message, null);
    }

    public EcgFormatException(String message, Throwable cause) {
        this(Kind.INVALID, message, cause);
    }

    public EcgFormatException(Kind kind, String message) {
        this(kind, message, null);
    }

    public EcgFormatException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
