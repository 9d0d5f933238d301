package org.rdc.storage.spool;

import java.util.List;
import java.util.UUID;

/**
 * A committed, durable object in the spool: the bytes, the object key they go to, and the
 * caller's descriptor (for instances: the catalog attributes), which is what lets a restart rebuild
 * everything the caller had recorded about it.
 */
public final class SpoolEntry {

    private final UUID id;
    /** Global commit order, across lanes and restarts: what recovery replays by. */
    final long commitSeq;
    private final String key;
    private final long size;
    private final String sha256;
    private final byte[] descriptor;
    final List<Chunk> chunks;
    /** Every segment holding a frame of this entry (DATA or COMMIT): they stay until it is released. */
    final List<Segment> segments;

    SpoolEntry(UUID id, long commitSeq, String key, long size, String sha256, byte[] descriptor, List<Chunk> chunks,
               java.util.Collection<Segment> segments) {
        this.id = id;
        this.commitSeq = commitSeq;
        this.key = key;
        this.size = size;
        this.sha256 = sha256;
        this.descriptor = descriptor;
        this.chunks = List.copyOf(chunks);
        this.segments = List.copyOf(segments);
    }

    public UUID id() {
        return id;
    }

    public String key() {
        return key;
    }

    public long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }

    public byte[] descriptor() {
        return descriptor.clone();
    }

    @Override
    public String toString() {
        return "SpoolEntry[" + key + ", " + size + " bytes, " + id + "]";
    }
}
