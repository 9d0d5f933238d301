package org.rdc.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what passes through and, at end of stream, fails the read if size or SHA-256 differ
 * from what was recorded at store time. A reader therefore never sees a silent corruption as a
 * clean end of file.
 */
public final class VerifyingInputStream extends FilterInputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private final String expectedSha256;
    private final long expectedSize;
    private final String what;
    private final Runnable matched;
    private long count;
    private boolean verified;

    public VerifyingInputStream(InputStream in, long expectedSize, String expectedSha256, String what) {
        this(in, expectedSize, expectedSha256, what, () -> { });
    }

    /** {@code matched} runs once every byte was read and matched, before the end of stream is returned. */
    public VerifyingInputStream(InputStream in, long expectedSize, String expectedSha256, String what, Runnable matched) {
        super(in);
        this.expectedSize = expectedSize;
        this.expectedSha256 = expectedSha256;
        this.what = what;
        this.matched = matched;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
        } else {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would leave bytes unhashed; read them instead.
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        if (count != expectedSize) {
            throw new StorageException(StorageException.Kind.CHECKSUM_MISMATCH,
                    what + ": read " + count + " bytes, expected " + expectedSize);
        }
        String actual = Sha256.hex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            throw new StorageException(StorageException.Kind.CHECKSUM_MISMATCH,
                    what + ": SHA-256 " + actual + " does not match the recorded " + expectedSha256);
        }
        matched.run();
    }
}
