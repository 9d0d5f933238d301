package org.rdc.storage.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of the spool directory: {@code segment-<seq>.log} in use, and spares: files fully
 * allocated ahead of need, either recycled from segments whose entries have all been released
 * ({@code recycled-*.log}, used first) or written once with zeros in the background ({@code spare-*.log}). Overwriting allocated blocks
 * needs no file-system metadata change, so an fdatasync on them only flushes data; appending to a
 * growing file would commit the file-system journal on every fsync and cost several times more.
 * Its monitor is a leaf lock: nothing is called out while it is held.
 *
 * <p>Segments are written through an {@link AsynchronousFileChannel}, which no interrupt closes: a
 * {@code FileChannel} is closed by an interrupt of any thread doing I/O on it, and a lane's channel is
 * shared by every writer of the lane (a DIMSE thread interrupted at shutdown would fail them all).
 * Its writes run on {@link #io} and are awaited by the caller; its fsyncs run in the caller's thread.
 */
final class SegmentFiles implements AutoCloseable {

    /** Opens a spool file; tests put a fault-injecting channel in between. */
    interface Opener {
        AsynchronousFileChannel open(Path path, Set<OpenOption> options, ExecutorService io) throws IOException;
    }

    static final Opener PLAIN = (path, options, io) -> AsynchronousFileChannel.open(path, options, io);

    private static final Logger log = LoggerFactory.getLogger(SegmentFiles.class);

    private final Path directory;
    private final long segmentBytes;
    private final int maxSpares;
    private final Opener opener;
    /** Does the segments' writes; its threads are never interrupted (see the class comment). */
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "spool-io");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<Path> spares = new ArrayDeque<>();
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spool-preparer");
        t.setDaemon(true);
        return t;
    });
    private boolean preparing;
    private boolean closed;
    private long counter;
    private long recycledUses;

    SegmentFiles(Path directory, long segmentBytes, int maxSpares, Opener opener) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.maxSpares = maxSpares;
        this.opener = opener;
    }

    /** The segments an earlier run left, oldest first; keeps its spares and removes half-prepared ones. */
    synchronized List<Path> existingSegments() throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("spare-") && name.endsWith(".tmp")) {
                    Files.delete(p);
                } else if ((name.startsWith("spare-") || name.startsWith("recycled-")) && name.endsWith(".log")) {
                    spares.add(p);
                }
            }
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(Segment::isSegment).sorted().toList();
        }
    }

    /**
     * Opens segment {@code seq} for appending, on a spare when one is ready. Without one it is a new,
     * growing file: correct, only slower until the preparer has caught up.
     */
    AsynchronousFileChannel create(long seq) throws IOException {
        Path path = directory.resolve(Segment.fileName(seq));
        synchronized (this) {
            Path spare = spares.pollFirst();
            if (spare != null) {
                if (spare.getFileName().toString().startsWith("recycled-")) {
                    recycledUses++;
                }
                Files.move(spare, path);
            }
            prepareIfShort();
        }
        AsynchronousFileChannel ch = opener.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), io);
        try {
            fsyncDirectory();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /**
     * A segment nothing needs any more becomes a spare (its old frames carry its old sequence number
     * and so never look live again), or is deleted when there are spares enough.
     */
    synchronized void retire(Segment s) throws IOException {
        s.deleted = true;
        if (s.channel != null) {
            s.channel.close();
        }
        if (!closed && spares.size() < maxSpares && s.size >= segmentBytes / 2) {
            Path spare = directory.resolve("recycled-" + System.nanoTime() + "-" + (counter++) + ".log");
            Files.move(s.path, spare);
            spares.addFirst(spare);
        } else {
            Files.deleteIfExists(s.path);
        }
    }

    /** How many segments were started on a recycled file. */
    synchronized long recycledUses() {
        return recycledUses;
    }

    private void prepareIfShort() {
        if (!spares.isEmpty() || preparing || closed) {
            return;
        }
        preparing = true;
        Path tmp = directory.resolve("spare-" + System.nanoTime() + "-" + (counter++) + ".tmp");
        preparer.execute(() -> {
            Path ready = null;
            try {
                allocate(tmp);
                ready = tmp.resolveSibling(tmp.getFileName().toString().replace(".tmp", ".log"));
                Files.move(tmp, ready);
                fsyncDirectory();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.warn("could not prepare a spool segment ahead of time: {}", e.toString());
                }
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover .tmp is removed at the next start
                }
                ready = null;
            } finally {
                synchronized (this) {
                    preparing = false;
                    if (ready != null) {
                        spares.addLast(ready);
                    }
                }
            }
        });
    }

    private void allocate(Path file) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long pos = 0;
            while (pos < segmentBytes) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - pos));
                pos += ch.write(zeros, pos);
            }
            ch.force(true);
        }
    }

    /** Makes file creations and renames in the directory durable. */
    void fsyncDirectory() throws IOException {
        try (AsynchronousFileChannel dir = opener.open(directory, Set.of(StandardOpenOption.READ), io)) {
            dir.force(true);
        }
    }

    /** Stops preparing spares; waits so that no file changes after the spool is closed. Segments' channels are closed before. */
    @Override
    public void close() {
        io.shutdown();
        synchronized (this) {
            closed = true;
        }
        preparer.shutdownNow();
        try {
            if (!preparer.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("spool segment preparation did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
