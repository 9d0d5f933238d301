package org.rdc.dicom.parser;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies every byte read from a stream to an output, so that a data set can be decoded by
 * {@link DataSetParser} while its raw bytes go to storage unchanged. Skipping reads through the copy
 * too: a skipped pixel data value still reaches the output.
 */
public final class TeeInputStream extends FilterInputStream {

    private final OutputStream copy;

    public TeeInputStream(InputStream in, OutputStream copy) {
        super(in);
        this.copy = copy;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            copy.write(b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            copy.write(b, off, n);
        }
        return n;
    }

    /** Returns 0 so that callers (the parser) read the bytes, and they are copied. */
    @Override
    public long skip(long n) {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
