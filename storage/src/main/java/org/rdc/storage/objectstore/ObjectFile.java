package org.rdc.storage.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;

/**
 * Bytes of an object the store keeps as a file in this process's data directory
 * ({@link ObjectStoreConfig#localObjects}), from {@code offset} up to {@code end} or the end of the file, by
 * positional reads: no HTTP request, and a range costs no reading of what comes before it.
 */
final class ObjectFile extends InputStream {

    private final FileChannel channel;
    private final long end;
    private long position;

    private ObjectFile(FileChannel channel, long offset, long end) {
        this.channel = channel;
        this.position = offset;
        this.end = end;
    }

    /** {@code length} bytes from {@code offset}, fewer where the file ends first; NOT_FOUND for a key with no file. */
    static InputStream open(Path directory, String key, long offset, long length) {
        return openFile(file(directory, key), key, offset, length);
    }

    /** The file that holds {@code key}'s bytes under {@code directory}. */
    static Path file(Path directory, String key) {
        Path file = directory.resolve(ObjectKeys.require(key)).normalize();
        if (!file.startsWith(directory.normalize())) {
            throw new StorageException(Kind.INVALID, "object key " + key + " names a file outside " + directory);
        }
        return file;
    }

    static InputStream openFile(Path file, String key, long offset, long length) {
        try {
            return new ObjectFile(FileChannel.open(file, StandardOpenOption.READ), offset,
                    length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length);
        } catch (NoSuchFileException e) {
            throw new StorageException(Kind.NOT_FOUND, "get " + key + ": no object file " + file, e);
        } catch (IOException e) {
            throw new StorageException(Kind.UNAVAILABLE, "get " + key + ": cannot open " + file + ": " + e, e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
