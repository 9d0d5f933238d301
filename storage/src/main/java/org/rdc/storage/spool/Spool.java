package org.rdc.storage.spool;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;
import org.rdc.storage.VerifyingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable spool: every incoming object is appended to a segmented log on local disk and
 * fsynced (shared among concurrent writers by {@link GroupCommit}) before the caller is told it
 * is stored. Objects stay here until the {@link SpoolMover} has put them in the object store and
 * releases them.
 *
 * <p>Crash safety: appends are serialised, so a crash can only tear the tail of the newest
 * segment; every frame carries a CRC; an entry exists only once its COMMIT frame is durable.
 *
 * <p>Speed: segment files are fully allocated before use and recycled once everything in them is
 * released, like a database's write-ahead log. Overwriting allocated blocks needs no file-system
 * metadata change, so an fdatasync only flushes data; appending to a growing file would commit the
 * file-system journal on every fsync and cost several times more.
 * {@link #open(SpoolConfig, LongSupplier)} scans the segments, drops torn tails and uncommitted
 * entries, and hands back every committed entry that was not yet released, in commit order.
 * Recovered segments are never appended to again.
 */
public final class Spool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final SpoolConfig config;
    private final LongSupplier freeBytes;
    private final Object lock = new Object();
    private final GroupCommit groupCommit = new GroupCommit(this::syncActive);
    private final Map<UUID, SpoolEntry> pending = new LinkedHashMap<>();
    private final Map<String, SpoolEntry> pendingByKey = new java.util.HashMap<>();
    private final List<Segment> segments = new ArrayList<>();
    private final java.util.ArrayDeque<Path> spares = new java.util.ArrayDeque<>();
    private final java.util.concurrent.ExecutorService preparer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spool-preparer");
        t.setDaemon(true);
        return t;
    });
    private boolean preparing;
    private long spareCounter;
    private Segment active;
    private long nextSeq;
    private long pendingBytes;
    private boolean closed;

    private Spool(SpoolConfig config, LongSupplier freeBytes) {
        this.config = config;
        this.freeBytes = freeBytes;
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
        Spool spool = new Spool(config, freeBytes);
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
    public java.util.Optional<SpoolEntry> pendingEntry(String key) {
        synchronized (lock) {
            return java.util.Optional.ofNullable(pendingByKey.get(key));
        }
    }

    public boolean contains(UUID id) {
        synchronized (lock) {
            return pending.containsKey(id);
        }
    }

    /** Number of fsyncs the group commit has issued: with concurrent writers, fewer than commits. */
    public long syncCount() {
        return groupCommit.syncCount();
    }

    public Path directory() {
        return config.directory();
    }

    /** A new object being written. Fails at once with OUT_OF_RESOURCES below the free-disk watermark. */
    public SpoolWriter newWriter() {
        checkWatermark();
        return new SpoolWriter(this, UUID.randomUUID(), config.chunkBytes());
    }

    /**
     * Reads a pending entry, verifying size and SHA-256 at the end. Throws NOT_FOUND when the
     * entry has been released in the meantime: the caller then reads it from the object store.
     */
    public InputStream open(SpoolEntry entry) {
        List<Segment> held = new ArrayList<>();
        synchronized (lock) {
            if (!pending.containsKey(entry.id())) {
                throw new StorageException(Kind.NOT_FOUND, "spool entry " + entry.id() + " (" + entry.key() + ") was released");
            }
            for (Chunk c : entry.chunks) {
                if (!held.contains(c.segment())) {
                    c.segment().refs++;
                    held.add(c.segment());
                }
            }
        }
        return new VerifyingInputStream(new ChunkInputStream(entry.chunks, () -> unref(held)),
                entry.size(), entry.sha256(), "spool entry " + entry.key());
    }

    /** The entry is safely elsewhere: forget it and let its segments go. */
    public void release(SpoolEntry entry) {
        List<Segment> held = new ArrayList<>();
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
            for (Chunk c : entry.chunks) {
                if (!held.contains(c.segment())) {
                    held.add(c.segment());
                }
            }
            // No fsync: if this frame is lost in a crash the entry is uploaded again, which is harmless.
            appendLocked(Frame.RELEASE, entry.id(), ByteBuffer.allocate(0), null);
        }
        unref(held);
    }

    /** Health: the directory is writable and above the watermark. */
    public void checkUsable() {
        if (!Files.isWritable(config.directory())) {
            throw new StorageException(Kind.UNAVAILABLE, "spool directory " + config.directory() + " is not writable");
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

    Chunk appendData(UUID id, ByteBuffer payload, Set<Segment> touched) {
        checkWatermark();
        synchronized (lock) {
            return appendLocked(Frame.DATA, id, payload, touched);
        }
    }

    SpoolEntry commit(UUID id, String key, long size, String sha256, byte[] descriptor, List<Chunk> chunks,
                      Set<Segment> touched) {
        ByteBuffer payload = commitPayload(key, size, sha256, descriptor);
        long ticket;
        synchronized (lock) {
            appendLocked(Frame.COMMIT, id, payload, touched);
            ticket = groupCommit.ticket();
        }
        try {
            groupCommit.awaitDurable(ticket);
        } catch (IOException e) {
            abort(touched);
            throw new StorageException(Kind.UNAVAILABLE, "spool fsync failed in " + config.directory() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(touched);
            throw new StorageException(Kind.UNAVAILABLE, "interrupted while making " + key + " durable", e);
        }
        SpoolEntry entry = new SpoolEntry(id, key, size, sha256, descriptor, chunks);
        synchronized (lock) {
            pending.put(id, entry);
            pendingByKey.putIfAbsent(key, entry);
            pendingBytes += size;
            // The writer's refs now belong to the entry.
        }
        return entry;
    }

    /** A writer gave up: its frames become garbage, reclaimed with their segments. */
    void abort(Set<Segment> touched) {
        unref(new ArrayList<>(touched));
    }

    private Chunk appendLocked(byte type, UUID id, ByteBuffer payload, Set<Segment> touched) {
        if (closed) {
            throw new StorageException(Kind.UNAVAILABLE, "spool " + config.directory() + " is closed");
        }
        int length = Frame.HEADER + payload.remaining();
        try {
            if (active == null || (active.size > 0 && active.size + length > config.segmentBytes())) {
                roll();
            }
            ByteBuffer header = Frame.header(active.seq, type, id, payload);
            long pos = active.size;
            ByteBuffer body = payload.duplicate();
            long at = pos;
            while (header.hasRemaining()) {
                at += active.channel.write(header, at);
            }
            while (body.hasRemaining()) {
                at += active.channel.write(body, at);
            }
            active.size = at;
            if (touched != null && touched.add(active)) {
                active.refs++;
            }
            return new Chunk(active, pos + Frame.HEADER, payload.remaining());
        } catch (IOException e) {
            throw new StorageException(Kind.UNAVAILABLE, "cannot write to spool " + config.directory() + ": " + e, e);
        }
    }

    /** Closes the active segment (durably) and starts a new one. Caller holds the lock. */
    private void roll() throws IOException {
        Segment old = active;
        if (old != null) {
            old.channel.force(false);
            old.active = false;
            deleteIfUnused(old);
        }
        Path path = config.directory().resolve(Segment.fileName(nextSeq));
        Path spare = spares.poll();
        if (spare != null) {
            Files.move(spare, path);
        }
        // Without a spare this is a new, growing file: correct, only slower until spares exist.
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        fsyncDirectory();
        active = new Segment(nextSeq++, path, ch, 0);
        active.active = true;
        segments.add(active);
        prepareSpareIfNeeded();
    }

    /** Keeps one allocated spare ready for the next roll. Caller holds the lock. */
    private void prepareSpareIfNeeded() {
        if (!spares.isEmpty() || preparing || closed) {
            return;
        }
        preparing = true;
        Path tmp = config.directory().resolve("spare-" + System.nanoTime() + "-" + (spareCounter++) + ".tmp");
        preparer.execute(() -> {
            Path ready = null;
            try {
                allocate(tmp, config.segmentBytes());
                ready = tmp.resolveSibling(tmp.getFileName().toString().replace(".tmp", ".log"));
                Files.move(tmp, ready);
                fsyncDirectory();
            } catch (IOException | RuntimeException e) {
                log.warn("could not prepare a spool segment ahead of time: {}", e.toString());
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a leftover .tmp is removed at the next start
                }
                ready = null;
            } finally {
                synchronized (lock) {
                    preparing = false;
                    if (ready != null) {
                        spares.add(ready);
                    }
                }
            }
        });
    }

    /** Writes the whole file once so later overwrites need no allocation. */
    private static void allocate(Path file, long size) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long pos = 0;
            while (pos < size) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - pos));
                pos += ch.write(zeros, pos);
            }
            ch.force(true);
        }
    }

    private void syncActive() throws IOException {
        Segment s;
        synchronized (lock) {
            s = active;
        }
        if (s != null && !s.deleted) {
            s.channel.force(false);
        }
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(config.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private void unref(List<Segment> held) {
        synchronized (lock) {
            for (Segment s : held) {
                s.refs--;
                deleteIfUnused(s);
            }
        }
    }

    /** A segment nothing needs any more becomes the next spare, or is deleted if one is ready. */
    private void deleteIfUnused(Segment s) {
        if (s.refs <= 0 && !s.active && !s.deleted) {
            try {
                segments.remove(s);
                if (spares.isEmpty() && !closed && s.size >= config.segmentBytes() / 2) {
                    Path spare = config.directory().resolve("spare-" + System.nanoTime() + "-" + (spareCounter++) + ".log");
                    s.retire(spare);
                    spares.add(spare);
                } else {
                    s.delete();
                }
            } catch (IOException e) {
                log.warn("could not retire spool segment {}: {}", s.path, e.toString());
            }
        }
    }

    private static ByteBuffer commitPayload(String key, long size, String sha256, byte[] descriptor) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + descriptor.length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(size);
            out.write(HexFormat.of().parseHex(sha256));
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            out.writeInt(k.length);
            out.write(k);
            out.writeInt(descriptor.length);
            out.write(descriptor);
            return ByteBuffer.wrap(bytes.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- recovery ----

    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(config.directory())) {
            files = s.filter(Segment::isSegment).sorted().toList();
        }
        try (Stream<Path> s = Files.list(config.directory())) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("spare-") && name.endsWith(".tmp")) {
                    Files.delete(p);  // preparation cut off by the crash
                } else if (name.startsWith("spare-") && name.endsWith(".log")) {
                    spares.add(p);
                }
            }
        }
        Map<UUID, List<Chunk>> data = new LinkedHashMap<>();
        Map<UUID, Set<Segment>> touchedBy = new LinkedHashMap<>();
        Map<UUID, SpoolEntry> committed = new LinkedHashMap<>();
        java.util.HashSet<UUID> released = new java.util.HashSet<>();
        for (Path file : files) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            Segment seg = new Segment(Segment.seqOf(file), file, ch, ch.size());
            segments.add(seg);
            nextSeq = Math.max(nextSeq, seg.seq + 1);
            scan(seg, data, touchedBy, committed, released);
        }
        for (SpoolEntry e : committed.values()) {
            if (released.contains(e.id())) {
                continue;
            }
            pending.put(e.id(), e);
            pendingByKey.putIfAbsent(e.key(), e);
            pendingBytes += e.size();
            for (Segment s : touchedBy.get(e.id())) {
                s.refs++;
            }
        }
        for (Segment s : List.copyOf(segments)) {
            deleteIfUnused(s);
        }
        int dropped = data.size() - committed.size();
        if (!files.isEmpty()) {
            log.info("spool {}: recovered {} pending entries ({} bytes) from {} segments; {} uncommitted writes dropped",
                    config.directory(), pending.size(), pendingBytes, files.size(), Math.max(0, dropped));
        }
    }

    private void scan(Segment seg, Map<UUID, List<Chunk>> data, Map<UUID, Set<Segment>> touchedBy,
                      Map<UUID, SpoolEntry> committed, Set<UUID> released) throws IOException {
        long pos = 0;
        ByteBuffer header = ByteBuffer.allocate(Frame.HEADER);
        while (pos < seg.size) {
            String problem = null;
            header.clear().limit((int) Math.min(Frame.HEADER, seg.size - pos));
            readFully(seg.channel, header, pos);
            header.flip();
            if (header.remaining() < 12 || header.getInt(0) != Frame.MAGIC || header.getLong(4) != seg.seq) {
                // Zeros of an allocated file, or a frame of the file's earlier life: the clean end.
                seg.size = pos;
                return;
            }
            if (header.remaining() < Frame.HEADER) {
                problem = "truncated frame header";
            } else {
                int magic = header.getInt();
                long generation = header.getLong();
                byte type = header.get();
                UUID id = new UUID(header.getLong(), header.getLong());
                int length = header.getInt();
                int crc = header.getInt();
                if (magic != Frame.MAGIC || generation != seg.seq || !Frame.knownType(type)) {
                    problem = "unknown frame type " + type;
                } else if (length < 0 || length > seg.size - pos - Frame.HEADER) {
                    problem = "truncated payload";
                } else if (crc != crcOf(seg.channel, header, pos + Frame.HEADER, length)) {
                    problem = "CRC mismatch";
                } else {
                    long payloadAt = pos + Frame.HEADER;
                    switch (type) {
                        case Frame.DATA -> {
                            data.computeIfAbsent(id, k -> new ArrayList<>()).add(new Chunk(seg, payloadAt, length));
                            touchedBy.computeIfAbsent(id, k -> new java.util.LinkedHashSet<>()).add(seg);
                        }
                        case Frame.COMMIT -> {
                            ByteBuffer p = ByteBuffer.allocate(length);
                            readFully(seg.channel, p, payloadAt);
                            p.flip();
                            touchedBy.computeIfAbsent(id, k -> new java.util.LinkedHashSet<>()).add(seg);
                            SpoolEntry e = decodeCommit(id, p, data.getOrDefault(id, List.of()));
                            if (e != null) {
                                committed.put(id, e);
                            } else {
                                log.warn("spool {}: entry {} commit does not match its data; dropped", seg, id);
                            }
                        }
                        default -> released.add(id);
                    }
                    pos = payloadAt + length;
                    continue;
                }
            }
            log.warn("spool {}: {} at offset {}; what follows is a torn tail from a crash, never acknowledged, and is ignored",
                    seg, problem, pos);
            seg.size = pos;
            return;
        }
    }

    private static SpoolEntry decodeCommit(UUID id, ByteBuffer p, List<Chunk> chunks) {
        long size = p.getLong();
        byte[] sha = new byte[32];
        p.get(sha);
        byte[] key = new byte[p.getInt()];
        p.get(key);
        byte[] descriptor = new byte[p.getInt()];
        p.get(descriptor);
        long total = chunks.stream().mapToLong(Chunk::length).sum();
        if (total != size) {
            return null;
        }
        return new SpoolEntry(id, new String(key, StandardCharsets.UTF_8), size, HexFormat.of().formatHex(sha), descriptor, chunks);
    }

    private static int crcOf(FileChannel ch, ByteBuffer header, long at, int length) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 4, Frame.HEADER - 8);
        ByteBuffer buf = ByteBuffer.allocate(Math.min(length, 1 << 16));
        long pos = at;
        long end = at + length;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            readFully(ch, buf, pos);
            buf.flip();
            pos += buf.remaining();
            crc.update(buf);
        }
        return (int) crc.getValue();
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
        // Outside the lock: the preparer takes it when it finishes.
        preparer.shutdownNow();
        try {
            if (!preparer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("spool segment preparation did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            for (Segment s : segments) {
                try {
                    if (s.active) {
                        s.channel.force(false);
                    }
                    s.channel.close();
                } catch (IOException e) {
                    log.warn("closing spool segment {}: {}", s, e.toString());
                }
            }
        }
    }
}
