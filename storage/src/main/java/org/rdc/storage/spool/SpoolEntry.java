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
    private final String key;
    private final long size;
    private final String sha256;
    private final byte[] descriptor;
    final List<Chunk> chunks;

    SpoolEntry(UUID id, String key, long size, String sha256, byte[] descriptor, List<Chunk> chunks) {
        this.id = id;
        this.key = key;
        this.size = size;
        this.sha256 = sha256;
        this.descriptor = descriptor;
        this.chunks = List.copyOf(chunks);
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
