package org.rdc.storage;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/** Deterministic pseudo-random content of any size, generated as it is read, never held whole. */
public final class TestStreams {

    private TestStreams() {
    }

    public static InputStream content(long seed, long size) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long left = size;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    public static String sha256(long seed, long size) {
        MessageDigest d = Sha256.newDigest();
        try (InputStream in = content(seed, size)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Sha256.hex(d.digest());
    }

    /** Reads a stream to its end and returns its SHA-256, so a verifying stream gets to check its end. */
    public static String drain(InputStream in) throws java.io.IOException {
        MessageDigest d = Sha256.newDigest();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            d.update(buf, 0, n);
        }
        return Sha256.hex(d.digest());
    }
}
