package org.rdc.storage.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery: reads every frame of the segments an earlier run left and works out which entries
 * were committed and not yet released. A segment's live frames end at the first page that holds
 * zeros, a frame of the file's earlier life (another sequence number), or a frame torn by a crash
 * (bad CRC or cut short); nothing after that point was ever acknowledged.
 */
final class SegmentScanner {

    private static final Logger log = LoggerFactory.getLogger(SegmentScanner.class);

    private final Map<UUID, List<Chunk>> data = new HashMap<>();
    private final Map<UUID, Set<Segment>> touchedBy = new HashMap<>();
    private final Map<UUID, SpoolEntry> committed = new LinkedHashMap<>();
    private final Map<UUID, Segment> released = new HashMap<>();
    private long maxCommitSeq;

    /** Reads {@code seg} through {@code ch}, opened for the scan. */
    void scan(Segment seg, FileChannel ch) throws IOException {
        long pos = 0;
        ByteBuffer header = ByteBuffer.allocate(Frame.HEADER);
        while (pos < seg.size) {
            header.clear().limit((int) Math.min(Frame.HEADER, seg.size - pos));
            Spool.readFully(ch, header, pos);
            header.flip();
            if (header.remaining() < 12 || header.getInt(0) != Frame.MAGIC || header.getLong(4) != seg.seq) {
                break;
            }
            String torn = null;
            if (header.remaining() < Frame.HEADER) {
                torn = "cut-off frame header";
            } else {
                header.position(12);
                byte type = header.get();
                UUID id = new UUID(header.getLong(), header.getLong());
                int length = header.getInt();
                int crc = header.getInt();
                long payloadAt = pos + Frame.HEADER;
                if (!Frame.knownType(type)) {
                    torn = "unknown frame type " + type;
                } else if (length < 0 || length > seg.size - payloadAt) {
                    torn = "cut-off payload";
                } else if (crc != crcOf(ch, header, payloadAt, length)) {
                    torn = "CRC mismatch";
                } else {
                    record(seg, ch, type, id, payloadAt, length);
                    pos = Frame.aligned(payloadAt + length);
                    continue;
                }
            }
            log.warn("spool {}: {} at offset {}: a write torn by a crash, never acknowledged; ignored from there on", seg, torn, pos);
            break;
        }
        seg.size = pos;
    }

    private void record(Segment seg, FileChannel ch, byte type, UUID id, long payloadAt, int length) throws IOException {
        touchedBy.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(seg);
        switch (type) {
            case Frame.DATA -> data.computeIfAbsent(id, k -> new ArrayList<>()).add(new Chunk(seg, payloadAt, length));
            case Frame.COMMIT -> {
                ByteBuffer p = ByteBuffer.allocate(length);
                Spool.readFully(ch, p, payloadAt);
                SpoolEntry e;
                try {
                    e = decodeCommit(id, p.flip(), data.getOrDefault(id, List.of()), touchedBy.get(id));
                } catch (java.nio.BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException bad) {
                    // Intact (its CRC matches) but unreadable: never drop acknowledged data silently.
                    throw new IOException(seg + ": the commit record at offset " + (payloadAt - Frame.HEADER)
                            + " cannot be read (" + bad + "); was the spool written by another version?", bad);
                }
                if (e == null) {
                    log.warn("spool {}: entry {} does not have the data its commit names; dropped", seg, id);
                } else {
                    committed.put(id, e);
                    maxCommitSeq = Math.max(maxCommitSeq, e.commitSeq);
                }
            }
            default -> released.put(id, seg);
        }
    }

    /** Committed and not released, in commit order. */
    List<SpoolEntry> pending() {
        return committed.values().stream().filter(e -> !released.containsKey(e.id()))
                .sorted(java.util.Comparator.comparingLong(e -> e.commitSeq)).toList();
    }

    /** For each segment with RELEASE frames, the segments holding frames of the entries it released. */
    Map<Segment, Set<Segment>> releases() {
        Map<Segment, Set<Segment>> out = new LinkedHashMap<>();
        released.forEach((id, release) -> {
            Set<Segment> entry = touchedBy.get(id);
            if (committed.containsKey(id) && entry != null) {
                out.computeIfAbsent(release, k -> new LinkedHashSet<>()).addAll(entry);
            }
        });
        return out;
    }

    long maxCommitSeq() {
        return maxCommitSeq;
    }

    int uncommitted() {
        return (int) data.keySet().stream().filter(id -> !committed.containsKey(id)).count();
    }

    static ByteBuffer commitPayload(long commitSeq, String key, long size, String sha256, byte[] descriptor) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 8 + 32 + 4 + k.length + 4 + descriptor.length)
                .putLong(commitSeq).putLong(size).put(HexFormat.of().parseHex(sha256))
                .putInt(k.length).put(k).putInt(descriptor.length).put(descriptor).flip();
    }

    private static SpoolEntry decodeCommit(UUID id, ByteBuffer p, List<Chunk> chunks, Set<Segment> segments) {
        long commitSeq = p.getLong();
        long size = p.getLong();
        byte[] sha = new byte[32];
        p.get(sha);
        byte[] key = new byte[p.getInt()];
        p.get(key);
        byte[] descriptor = new byte[p.getInt()];
        p.get(descriptor);
        if (chunks.stream().mapToLong(Chunk::length).sum() != size) {
            return null;
        }
        return new SpoolEntry(id, commitSeq, new String(key, StandardCharsets.UTF_8), size, HexFormat.of().formatHex(sha),
                descriptor, chunks, segments);
    }

    private static int crcOf(FileChannel ch, ByteBuffer header, long at, int length) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 4, Frame.HEADER - 8);
        ByteBuffer buf = ByteBuffer.allocate(Math.min(length, 1 << 16));
        long pos = at;
        long end = at + length;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            Spool.readFully(ch, buf, pos);
            buf.flip();
            pos += buf.remaining();
            crc.update(buf);
        }
        return (int) crc.getValue();
    }
}
