package org.rdc.ecg;

/**
 * The one error of this module for content that cannot be read as an ECG: unsupported format,
 * broken structure, hostile XML, lengths past the end. The message names what is wrong and where,
 * so an intake endpoint can return it as the 4xx reason unchanged.
 */
public final class EcgFormatException extends Exception {

    public EcgFormatException(String message) {
        super(message);
    }

    public EcgFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
