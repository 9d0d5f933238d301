package org.rdc.gateway.stow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streaming reader of a multipart/related body (RFC 2387, RFC 2046 5.1): each part's headers, then its
 * body as a stream that ends at the next boundary. Nothing is held but a 64 KiB window, whatever the
 * size of the parts; part headers are limited to 16 KiB.
 */
public final class MultipartReader {

    private static final int WINDOW = 64 * 1024;
    private static final int MAX_HEADERS = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final byte[] buf = new byte[WINDOW];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean first = true;
    private boolean finished;
    private PartStream current;

    public MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        if (boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("multipart boundary must be 1-70 characters (RFC 2046)");
        }
    }

    /** The boundary parameter of a Content-Type, or null. */
    public static String boundary(String contentType) {
        return parameter(contentType, "boundary");
    }

    public static String parameter(String contentType, String name) {
        if (contentType == null) {
            return null;
        }
        for (String p : contentType.split(";")) {
            String t = p.trim();
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = t.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    /** Advances to the next part; returns its headers (lower-case names), or null after the last part. */
    public Map<String, String> next() throws IOException {
        if (finished) {
            return null;
        }
        if (current != null) {
            current.skipRest();
        } else if (first) {
            // the preamble: everything before the first delimiter (which may start the body without its CRLF)
            skipPreamble();
        }
        first = false;
        // after a delimiter: "--" closes, CRLF opens a part (transport padding allowed before it)
        ensure(2);
        if (limit - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        while (ensure(1) && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        expect('\r');
        expect('\n');
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = line();
            total += line.length() + 2;
            if (total > MAX_HEADERS) {
                throw new IOException("multipart part headers longer than " + MAX_HEADERS + " bytes");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        current = new PartStream();
        return headers;
    }

    /** The body of the current part. */
    public InputStream body() {
        return current;
    }

    private void skipPreamble() throws IOException {
        // the first delimiter may come without the leading CRLF
        byte[] dashBoundary = java.util.Arrays.copyOfRange(delimiter, 2, delimiter.length);
        ensure(dashBoundary.length);
        if (startsWith(dashBoundary)) {
            pos += dashBoundary.length;
            return;
        }
        PartStream preamble = new PartStream();
        preamble.skipRest();
    }

    private boolean startsWith(byte[] b) {
        if (limit - pos < b.length) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            if (buf[pos + i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private void expect(char c) throws IOException {
        if (!ensure(1) || buf[pos] != c) {
            throw new IOException("malformed multipart body: expected CRLF after the boundary");
        }
        pos++;
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            if (!ensure(1)) {
                throw new IOException("multipart body ends inside part headers");
            }
            byte b = buf[pos++];
            if (b == '\r' && ensure(1) && buf[pos] == '\n') {
                pos++;
                return s.toString();
            }
            s.append((char) (b & 0xFF));
            if (s.length() > MAX_HEADERS) {
                throw new IOException("multipart part header line too long");
            }
        }
    }

    /** At least n bytes in the window unless the stream ends; false if fewer are left. */
    private boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }

    /** A part's body: ends where the next delimiter starts. */
    private final class PartStream extends InputStream {
        private boolean ended;

        /** Bytes available before a possible delimiter; sets ended when the delimiter is at pos. */
        private int available0() throws IOException {
            if (ended) {
                return 0;
            }
            ensure(delimiter.length);
            int n = limit - pos;
            if (n == 0) {
                throw new IOException("multipart body ends without its closing boundary");
            }
            for (int i = pos; i < limit; i++) {
                if (buf[i] == delimiter[0]) {
                    int m = Math.min(delimiter.length, limit - i);
                    boolean match = true;
                    for (int k = 1; k < m; k++) {
                        if (buf[i + k] != delimiter[k]) {
                            match = false;
                            break;
                        }
                    }
                    if (match) {
                        if (m == delimiter.length) {
                            if (i == pos) {
                                pos += delimiter.length;
                                ended = true;
                                return 0;
                            }
                            return i - pos;
                        }
                        // a possible delimiter cut by the window end: return what precedes it, then refill
                        if (i > pos) {
                            return i - pos;
                        }
                        if (eof) {
                            throw new IOException("multipart body ends without its closing boundary");
                        }
                        // window starts with a partial match: compact and read more
                        ensure(delimiter.length);
                        return available0();
                    }
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = available0();
            if (n == 0) {
                return -1;
            }
            n = Math.min(n, len);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public long skip(long count) throws IOException {
            int n = available0();
            n = (int) Math.min(n, count);
            pos += n;
            return n;
        }

        void skipRest() throws IOException {
            while (available0() > 0) {
                pos += available0();
            }
        }
    }
}
