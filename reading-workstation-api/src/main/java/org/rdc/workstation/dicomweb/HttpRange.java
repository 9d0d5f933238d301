package org.rdc.workstation.dicomweb;

/**
 * One byte range of a {@code Range} header (RFC 9110 §14.1.2): {@code bytes=first-last},
 * {@code bytes=first-} or {@code bytes=-suffixLength}, over a representation of known length.
 */
final class HttpRange {

    /** The bytes to send: all of them ({@link #partial()} false) or one range. */
    record Slice(long first, long length, long total, boolean partial) {
        String contentRange() {
            return "bytes " + first + "-" + (first + length - 1) + "/" + total;
        }
    }

    private HttpRange() {
    }

    /**
     * The slice a Range header asks for; the whole value when there is no header, it is not a
     * single byte range (RFC 9110 §14.2: a server may ignore it), or it cannot be read;
     * {@code null} when it is a valid range that does not overlap the value (416).
     */
    static Slice parse(String header, long total) {
        Slice all = new Slice(0, total, total, false);
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6) || header.indexOf(',') >= 0) {
            return all;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return all;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (!a.matches("[0-9]{0,18}") || !b.matches("[0-9]{0,18}") || a.isEmpty() && b.isEmpty()) {
            return all;
        }
        if (a.isEmpty()) {
            long suffix = Long.parseLong(b);
            if (suffix == 0 || total == 0) {
                return null;
            }
            long n = Math.min(suffix, total);
            return new Slice(total - n, n, total, true);
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? total - 1 : Math.min(Long.parseLong(b), total - 1);
        if (!b.isEmpty() && Long.parseLong(b) < first) {
            return all; // RFC 9110 §14.1.1: last < first is invalid, so the header is ignored
        }
        if (first >= total) {
            return null;
        }
        return new Slice(first, last - first + 1, total, true);
    }
}
