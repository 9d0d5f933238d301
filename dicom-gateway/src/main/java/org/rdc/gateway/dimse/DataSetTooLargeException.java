package org.rdc.gateway.dimse;

import java.io.IOException;

/** A data set went over the configured maximum size; the rest is discarded and the C-STORE fails. */
public final class DataSetTooLargeException extends IOException {
    public DataSetTooLargeException(String message) {
        super(message);
    }
}
