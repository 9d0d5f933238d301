package org.rdc.storage.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;
import org.rdc.storage.VerifyingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable spool: every incoming object is appended to a segmented log on local disk and
 * fsynced before the caller is told it is stored; concurrent writers share fsyncs (group commit,
 * per {@link Lane}). Objects stay until the {@link SpoolMover} has put them in the object store and
 * releases them; then their segments are recycled ({@link SegmentFiles}).
 *
 * <p>Crash safety: every frame carries a CRC; an entry exists only once its COMMIT frame is durable.
 * {@link #open} scans the segments ({@link SegmentScanner}), drops torn tails and uncommitted
 * entries, and hands back every committed entry that was not yet released, in commit order.
 * Recovered segments are never appended to again.
 *
 * <p>A lane whose write or fsync failed takes no more writes ({@link Lane}); new objects go to the
 * healthy lanes, and with none left the spool refuses them (UNAVAILABLE) until it is reopened.
 * Interrupts of callers' threads never close a channel that others use ({@link SegmentFiles}, {@link Segment}).
 */
public final class Spool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final SpoolConfig config;
    private final LongSupplier freeBytes;
    private final SegmentFiles files;
    private final Lane[] lanes;
    private final AtomicLong nextLane = new AtomicLong();
    private final AtomicLong nextSeq = new AtomicLong();
    private final AtomicLong nextCommit = new AtomicLong(1);
    private final java.util.concurrent.ConcurrentLinkedQueue<ByteBuffer> frameBuffers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Guards everything below. Lock order: lane, then this, then the segment files. */
    private final Object lock = new Object();
    private final Map<UUID, SpoolEntry> pending = new LinkedHashMap<>();
    private final Map<String, SpoolEntry> pendingByKey = new HashMap<>();
    private final List<Segment> segments = new ArrayList<>();
    private long pendingBytes;
    private boolean closed;
    /** System.nanoTime() of the latest write by a writer (not the mover's release records): intake activity. */
    private volatile long lastWrite = System.nanoTime();

    private Spool(SpoolConfig config, LongSupplier freeBytes, SegmentFiles.Opener opener) {
        this.config = config;
        this.freeBytes = freeBytes;
        this.files = new SegmentFiles(config.directory(), config.segmentBytes(), config.lanes() + 1, opener);
        this.lanes = new Lane[config.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(this, i, config.segmentBytes());
        }
    }

    /** Opens the spool, recovering whatever an earlier run left behind. */
    public static Spool open(SpoolConfig config) {
        try {
            Files.createDirectories(config.directory());
            FileStore store = Files.getFileStore(config.directory());
            return open(config, () -> {
                try {
                    return store.getUsableSpace();
                } catch (IOException e) {
                    return 0;
                }
            });
        } catch (IOException e) {
            throw new StorageException(Kind.UNAVAILABLE, "cannot open spool directory " + config.directory() + ": " + e, e);
        }
    }

    /** As {@link #open(SpoolConfig)}, with the free-space probe given (tests use it to fill the disk on demand). */
    public static Spool open(SpoolConfig config, LongSupplier freeBytes) {
        return open(config, freeBytes, SegmentFiles.PLAIN);
    }

    /** As {@link #open(SpoolConfig, LongSupplier)}, the segment files opened by {@code opener} (fault injection in tests). */
    static Spool open(SpoolConfig config, LongSupplier freeBytes, SegmentFiles.Opener opener) {
        Spool spool = new Spool(config, freeBytes, opener);
        try {
            Files.createDirectories(config.directory());
            spool.recover();
            return spool;
        } catch (IOException e) {
            throw new StorageException(Kind.UNAVAILABLE, "cannot recover spool " + config.directory() + ": " + e, e);
        }
    }

    /** Committed entries not yet released, oldest first. */
    public List<SpoolEntry> pending() {
        synchronized (lock) {
            return List.copyOf(pending.values());
        }
    }

    public long pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }

    public long pendingBytes() {
        synchronized (lock) {
            return pendingBytes;
        }
    }

    /** The pending entry holding the object with this key, if the spool still has it. */
    public Optional<SpoolEntry> pendingEntry(String key) {
        synchronized (lock) {
            return Optional.ofNullable(pendingByKey.get(key));
        }
    }

    public boolean contains(UUID id) {
        synchronized (lock) {
            return pending.containsKey(id);
        }
    }

    /** fsyncs issued for commits: with concurrent writers in a lane, fewer than commits. */
    public long syncCount() {
        long n = 0;
        for (Lane lane : lanes) {
            n += lane.syncCount();
        }
        return n;
    }

    long recycledSegments() {
        return files.recycledUses();
    }

    /** Nanoseconds since a writer last started, appended or committed: how long intake has been quiet. */
    public long nanosSinceLastWrite() {
        return System.nanoTime() - lastWrite;
    }

    public Path directory() {
        return config.directory();
    }

    /** A new object being written. Fails at once with OUT_OF_RESOURCES below the free-disk watermark. */
    public SpoolWriter newWriter() {
        checkOpen();
        checkWatermark();
        lastWrite = System.nanoTime();
        return new SpoolWriter(this, healthyLane(nextLane.getAndIncrement()), UUID.randomUUID(), config.chunkBytes());
    }

    /** The {@code n}th lane round-robin, skipping lanes that failed. */
    private Lane healthyLane(long n) {
        for (int i = 0; i < lanes.length; i++) {
            Lane lane = lanes[(int) ((n + i) % lanes.length)];
            if (lane.failure() == null) {
                return lane;
            }
        }
        throw new StorageException(Kind.UNAVAILABLE, "spool " + config.directory() + " takes no writes: "
                + failedLanes() + "; check the disk, then restart the centre, which reads and verifies the spool again");
    }

    /** Health: what failed in which lane; empty while every lane takes writes. */
    private String failedLanes() {
        List<String> failed = new ArrayList<>();
        for (Lane lane : lanes) {
            if (lane.failure() != null) {
                failed.add("lane " + lane.number() + ": " + lane.failure().getMessage());
            }
        }
        return failed.isEmpty() ? "" : failed.size() + " of " + lanes.length + " lanes failed (" + String.join("; ", failed) + ")";
    }

    /**
     * Reads a pending entry, verifying size and SHA-256 at the end. Throws NOT_FOUND when the
     * entry has been released in the meantime: the caller then reads it from the object store.
     */
    public InputStream open(SpoolEntry entry) {
        return new VerifyingInputStream(openUnverified(entry), entry.size(), entry.sha256(), "spool entry " + entry.key());
    }

    /**
     * As {@link #open}, without the check: for the mover, whose {@link org.rdc.storage.objectstore.ObjectStore#put}
     * checks size and SHA-256 itself as it reads, so each byte is hashed once.
     */
    InputStream openUnverified(SpoolEntry entry) {
        return openChunks(entry, entry.chunks);
    }

    /**
     * {@code length} bytes of a pending entry from {@code offset}, fewer where it ends first, read straight from the
     * segments: without {@link #open}'s check, which only a whole read can make
     * ({@link org.rdc.storage.InstanceStore#openRange} says why a range is trusted). NOT_FOUND as {@link #open}.
     */
    public InputStream openRange(SpoolEntry entry, long offset, long length) {
        List<Chunk> slice = new ArrayList<>();
        long start = 0;
        long end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
        for (Chunk c : entry.chunks) {
            long from = Math.max(offset, start);
            long to = Math.min(end, start + c.length());
            if (from < to) {
                slice.add(new Chunk(c.segment(), c.offset() + (from - start), (int) (to - from)));
            }
            start += c.length();
        }
        return openChunks(entry, slice);
    }

    private InputStream openChunks(SpoolEntry entry, List<Chunk> chunks) {
        List<Segment> held = entry.segments;
        synchronized (lock) {
            if (!pending.containsKey(entry.id())) {
                throw new StorageException(Kind.NOT_FOUND, "spool entry " + entry.id() + " (" + entry.key() + ") was released");
            }
            held.forEach(s -> s.refs++);
        }
        return new ChunkInputStream(chunks, () -> unref(held));
    }

    /** The entry is safely elsewhere: forget it and let its segments go. */
    public void release(SpoolEntry entry) {
        synchronized (lock) {
            if (pending.remove(entry.id()) == null) {
                return;
            }
            if (pendingByKey.remove(entry.key(), entry)) {
                // Another entry may hold the same bytes (a duplicate still in flight): keep it findable.
                pending.values().stream().filter(e -> e.key().equals(entry.key())).findFirst()
                        .ifPresent(e -> pendingByKey.put(e.key(), e));
            }
            pendingBytes -= entry.size();
        }
        try {
            // No fsync: if this frame is lost in a crash the entry is uploaded again, which is harmless.
            Chunk release = healthyLane(0).append(Frame.RELEASE, entry.id(), ByteBuffer.allocate(0), null);
            synchronized (lock) {
                keepUntilGone(release.segment(), entry.segments);
            }
        } catch (IOException | StorageException e) {
            log.warn("could not note the release of {} in the spool; it will be uploaded again after a restart: {}", entry, e.toString());
        }
        unref(entry.segments);
    }

    /** Caller holds the lock. The RELEASE frame in {@code release} must outlive the entry's frames in {@code entrySegments}. */
    private void keepUntilGone(Segment release, java.util.Collection<Segment> entrySegments) {
        for (Segment s : entrySegments) {
            if (s != release && !s.deleted && !s.releasesKept.contains(release)) {
                release.refs++;
                s.releasesKept.add(release);
            }
        }
    }

    /** Health: the directory is writable and above the watermark, and no lane has failed. */
    public void checkUsable() {
        if (!Files.isWritable(config.directory())) {
            throw new StorageException(Kind.UNAVAILABLE, "spool directory " + config.directory() + " is not writable");
        }
        String failed = failedLanes();
        if (!failed.isEmpty()) {
            throw new StorageException(Kind.UNAVAILABLE, "spool " + config.directory() + ": " + failed
                    + "; check the disk, then restart the centre");
        }
        checkWatermark();
    }

    public long freeBytes() {
        return freeBytes.getAsLong();
    }

    void checkWatermark() {
        long free = freeBytes.getAsLong();
        if (free < config.minFreeBytes()) {
            throw new StorageException(Kind.OUT_OF_RESOURCES, "out of resources: spool disk " + config.directory()
                    + " has " + mib(free) + " MiB free, below the watermark of " + mib(config.minFreeBytes())
                    + " MiB; new data is refused until space is freed");
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    // ---- writing, called by SpoolWriter ----

    Chunk appendData(Lane lane, UUID id, ByteBuffer frame, int payloadLength, Set<Segment> touched) {
        checkOpen();
        checkWatermark();
        lastWrite = System.nanoTime();
        try {
            return lane.appendInPlace(Frame.DATA, id, frame, payloadLength, touched);
        } catch (IOException e) {
            throw new StorageException(Kind.UNAVAILABLE, "cannot write to spool " + config.directory() + ": " + e.getMessage(), e);
        }
    }

    SpoolEntry commit(Lane lane, UUID id, String key, long size, String sha256, byte[] descriptor, List<Chunk> chunks,
                      Set<Segment> touched) {
        checkOpen();
        lastWrite = System.nanoTime();
        long commitSeq = nextCommit.getAndIncrement();
        try {
            lane.append(Frame.COMMIT, id, SegmentScanner.commitPayload(commitSeq, key, size, sha256, descriptor), touched);
            lane.awaitDurable(lane.ticket());
        } catch (IOException e) {
            abort(touched);
            throw new StorageException(Kind.UNAVAILABLE, "spool write or fsync failed in " + config.directory() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(touched);
            throw new StorageException(Kind.UNAVAILABLE, "interrupted while making " + key + " durable", e);
        }
        SpoolEntry entry = new SpoolEntry(id, commitSeq, key, size, sha256, descriptor, chunks, touched);
        synchronized (lock) {
            // The writer's segment references now belong to the entry.
            pending.put(id, entry);
            pendingByKey.putIfAbsent(key, entry);
            pendingBytes += size;
        }
        return entry;
    }

    /** A direct buffer for one DATA frame: header room, a chunk of payload, padding to whole pages. */
    ByteBuffer takeFrameBuffer() {
        ByteBuffer b = frameBuffers.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(Frame.aligned(Frame.HEADER + config.chunkBytes()));
    }

    void giveBack(ByteBuffer frame) {
        if (frameBuffers.size() < 4 * lanes.length) {
            frameBuffers.offer(frame);
        }
    }

    /** A writer gave up: its frames become garbage, reclaimed with their segments. */
    void abort(Set<Segment> touched) {
        unref(new ArrayList<>(touched));
    }

    // ---- segments, called by lanes ----

    void ref(Segment s) {
        synchronized (lock) {
            s.refs++;
        }
    }

    /** Retires a lane's full segment and gives it a fresh one. */
    Segment newSegment(Segment old) throws IOException {
        long seq = nextSeq.getAndIncrement();
        AsynchronousFileChannel ch = files.create(seq);
        Segment s = new Segment(seq, config.directory().resolve(Segment.fileName(seq)), ch, 0);
        synchronized (lock) {
            s.active = true;
            segments.add(s);
            if (old != null) {
                old.active = false;
                retireIfUnused(old);
            }
        }
        return s;
    }

    private void unref(List<Segment> held) {
        synchronized (lock) {
            for (Segment s : held) {
                s.refs--;
                retireIfUnused(s);
            }
        }
    }

    /** Caller holds the lock. */
    private void retireIfUnused(Segment s) {
        if (s.refs <= 0 && !s.active && !s.deleted) {
            segments.remove(s);
            try {
                files.retire(s);
            } catch (IOException e) {
                log.warn("could not retire spool segment {}: {}", s, e.toString());
            }
            for (Segment release : s.releasesKept) {
                release.refs--;
                retireIfUnused(release);
            }
            s.releasesKept.clear();
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void checkOpen() {
        synchronized (lock) {
            if (closed) {
                throw new StorageException(Kind.UNAVAILABLE, "spool " + config.directory() + " is closed");
            }
        }
    }

    // ---- recovery ----

    private void recover() throws IOException {
        List<Path> paths = files.existingSegments();
        SegmentScanner scanner = new SegmentScanner();
        for (Path path : paths) {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                Segment seg = new Segment(Segment.seqOf(path), path, null, ch.size());
                segments.add(seg);
                nextSeq.set(Math.max(nextSeq.get(), seg.seq + 1));
                scanner.scan(seg, ch);
            }
        }
        nextCommit.set(scanner.maxCommitSeq() + 1);
        scanner.releases().forEach((release, entrySegments) -> keepUntilGone(release, entrySegments));
        for (SpoolEntry entry : scanner.pending()) {
            pending.put(entry.id(), entry);
            pendingByKey.putIfAbsent(entry.key(), entry);
            pendingBytes += entry.size();
            entry.segments.forEach(s -> s.refs++);
        }
        for (Segment s : List.copyOf(segments)) {
            retireIfUnused(s);
        }
        if (!paths.isEmpty()) {
            log.info("spool {}: recovered {} pending entries ({} bytes) from {} segments; {} uncommitted writes dropped",
                    config.directory(), pending.size(), pendingBytes, paths.size(), scanner.uncommitted());
        }
    }

    static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        long pos = at;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of spool segment at " + pos);
            }
            pos += n;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Lane lane : lanes) {
            try {
                lane.close();
            } catch (IOException e) {
                log.warn("closing spool lane: {}", e.toString());
            }
        }
        synchronized (lock) {
            for (Segment s : segments) {
                try {
                    if (s.channel != null) {
                        s.channel.close();
                    }
                } catch (IOException e) {
                    log.warn("closing spool segment {}: {}", s, e.toString());
                }
            }
        }
        files.close();
    }
}
