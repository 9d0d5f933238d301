package org.rdc.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.rdc.storage.StorageException.Kind;
import org.rdc.storage.catalog.AttachmentAttributes;
import org.rdc.storage.catalog.AttachmentSummary;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.catalog.Location;
import org.rdc.storage.catalog.RecordOutcome;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.storage.objectstore.ObjectStore;
import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolEntry;
import org.rdc.storage.spool.SpoolMover;
import org.rdc.storage.spool.SpoolWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every received DICOM instance goes. {@link Incoming#commit} returns only once the bytes
 * are fsynced in the spool and the instance is in the catalog: that is what a C-STORE success or
 * an HTTP 201 promises. The mover then takes the bytes on to the object store in the background.
 * Reads work wherever the bytes are at that moment.
 */
public final class InstanceStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstanceStore.class);

    private final Spool spool;
    private final ObjectStore objectStore;
    private final Catalog catalog;
    private final SpoolMover mover;
    private final java.util.List<FollowUp> followUps = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Work that must follow a stored instance (an ECG's analysis): called by {@link Incoming#commit}
     * once the catalog has the instance, before commit returns and so before anything is
     * acknowledged. It records the work durably (a {@link org.rdc.storage.outbox.JobOutbox} job) and
     * must be quick; if it throws, the store fails and the sender sends again, which calls it again
     * (so it is called for duplicates too and must be idempotent). {@link #start} calls it again for
     * every instance left in the spool. Add follow-ups before {@link #start}.
     */
    @FunctionalInterface
    public interface FollowUp {
        void stored(InstanceAttributes attributes, RecordOutcome outcome);
    }

    /** The mover must have been built with {@link #destination(Catalog)} so uploads land in the catalog. */
    public InstanceStore(Spool spool, ObjectStore objectStore, Catalog catalog, SpoolMover mover) {
        this.spool = spool;
        this.objectStore = objectStore;
        this.catalog = catalog;
        this.mover = mover;
    }

    /** What the mover tells the catalog once an object is verified in the object store. */
    public static SpoolMover.Destination destination(Catalog catalog) {
        return new SpoolMover.Destination() {
            @Override
            public void uploaded(SpoolEntry entry) {
                catalog.markInObjectStore(entry.key());
            }

            @Override
            public void durable() {
                catalog.flushToDisk();
            }
        };
    }

    /**
     * Resumes after a restart: every spool entry left over is put back in the catalog (it may have
     * been cut off between the fsync and the catalog insert) and queued for upload. One the catalog
     * refuses (another facility's UIDs, a conflicting series) is released, as it is when received.
     */
    public void start() {
        int replayed = 0;
        // After a kill -9 the catalog's last commits may still be only in the page cache.
        catalog.flushToDisk();
        for (SpoolEntry entry : spool.pending()) {
            if (catalog.locationOfKey(entry.key()).orElse(Location.SPOOL) == Location.OBJECT_STORE) {
                // Crashed after the catalog was updated but before the release was written.
                spool.release(entry);
                continue;
            }
            StoredObject object = new StoredObject(entry.key(), entry.size(), entry.sha256(), Location.SPOOL);
            try {
                if (AttachmentAttributes.isAttachment(entry.descriptor())) {
                    catalog.recordAttachment(AttachmentAttributes.fromBytes(entry.descriptor()), object);
                } else {
                    InstanceAttributes attributes = InstanceAttributes.fromBytes(entry.descriptor());
                    RecordOutcome outcome = catalog.record(attributes, object, true);
                    // Until its spool entry is released, an instance's follow-up job may be as lost as its catalog row.
                    followUps.forEach(f -> f.stored(attributes, outcome));
                }
            } catch (StorageException e) {
                if (e.kind() != Kind.OTHER_FACILITY && e.kind() != Kind.CONFLICT) {
                    throw e;
                }
                // Refused, so never acknowledged: its sender was told it failed, or got no answer before the crash.
                // Kept only if the catalog already points at these bytes (recorded before the refusal existed).
                boolean referenced = catalog.locationOfKey(entry.key()).isPresent();
                if (!referenced) {
                    spool.release(entry);
                }
                log.error("spool entry {} refused by the catalog on replay ({}), {}: {}", entry.key(), e.kind(),
                        referenced ? "kept for upload" : "released", e.getMessage());
                continue;
            }
            replayed++;
        }
        if (replayed > 0) {
            log.info("resuming {} uploads left in the spool", replayed);
        }
        mover.start();
    }

    public void addFollowUp(FollowUp followUp) {
        followUps.add(followUp);
    }

    /** Starts receiving one instance; write its bytes, then {@link Incoming#commit} or close to discard. */
    public Incoming begin() {
        return new Incoming(spool.newWriter());
    }

    /** Convenience for callers that have the whole stream at hand. */
    public StoredInstance store(InstanceAttributes attributes, InputStream data) {
        try (Incoming in = begin()) {
            data.transferTo(in);
            return in.commit(attributes);
        } catch (IOException e) {
            throw new StorageException(Kind.INVALID, "reading the instance to store failed: " + e, e);
        }
    }

    /** The current version's bytes, verified against their SHA-256 as they are read. */
    public InputStream open(String sopInstanceUid) {
        return open(catalog.locate(sopInstanceUid).orElseThrow(() ->
                new StorageException(Kind.NOT_FOUND, "no instance " + sopInstanceUid)));
    }

    /**
     * Stores a file that belongs to a study without being a DICOM instance (an ECG cart's upload,
     * derived renderings, a report PDF). Durable and in the catalog when this returns, like an instance.
     */
    public StoredAttachment storeAttachment(AttachmentAttributes attributes, InputStream data) {
        try (SpoolWriter writer = spool.newWriter()) {
            data.transferTo(writer);
            SpoolEntry entry = writer.commit(attributes::objectKey, attributes.toBytes());
            boolean added;
            try {
                added = catalog.recordAttachment(attributes, new StoredObject(entry.key(), entry.size(), entry.sha256(), Location.SPOOL));
            } catch (RuntimeException e) {
                spool.release(entry);
                throw e;
            }
            if (added) {
                mover.submit(entry);
            } else {
                spool.release(entry);
            }
            return new StoredAttachment(attributes.studyInstanceUid(), attributes.kind(), entry.key(), entry.size(), entry.sha256(), added);
        } catch (IOException e) {
            throw new StorageException(Kind.INVALID, "reading the attachment to store failed: " + e, e);
        }
    }

    /** An attachment's bytes, verified as they are read. */
    public InputStream openAttachment(String studyUid, String kind, String sha256) {
        return open(attachment(studyUid, kind, sha256));
    }

    /** Where an attachment's bytes are, for {@link #openRange} and {@link #channel}. */
    public StoredObject attachment(String studyUid, String kind, String sha256) {
        AttachmentSummary a = catalog.attachments(studyUid, kind).stream().filter(x -> x.sha256().equals(sha256)).findFirst()
                .orElseThrow(() -> new StorageException(Kind.NOT_FOUND, "no " + kind + " attachment " + sha256 + " in study " + studyUid));
        return a.object(new AttachmentAttributes(studyUid, kind, a.name(), a.contentType(), a.facilityId()).objectKey(sha256));
    }

    /**
     * The version {@code o} names as a read-only {@link java.nio.channels.FileChannel} whose every read is an
     * {@link #openRange} (so unchecked, as said there): for decoders that seek in a large stored recording.
     */
    public java.nio.channels.FileChannel channel(StoredObject o) {
        return new StoredObjectChannel(this, o);
    }

    /** The bytes of the version {@code o} names (as the catalog located it, e.g. in a caller's scope), verified as they are read. */
    public InputStream open(StoredObject o) {
        return read(o, spool::open, () -> objectStore.get(o.objectKey(), o.size(), o.sha256()));
    }

    /**
     * {@code length} bytes of the version {@code o} names, from {@code offset} (fewer where it ends first), NOT checked
     * against its SHA-256: a digest of the whole object says nothing about a part of it. This is for reading a part
     * of a large object (one frame of a multi-frame image) without reading, and hashing, everything before it. A
     * range is trusted because its bytes were proven once already: before the catalog points at the object store,
     * the mover read the spool's copy back against the SHA-256 computed as the bytes arrived, and the store checked
     * what it received against a CRC32 ({@link ObjectStore#put}); a range of an entry still in the spool reads the
     * fsynced bytes that digest was computed over. What a range cannot see is decay of the stored bytes since;
     * every whole read ({@link #open}: WADO-RS retrieval of instances, series and studies, the file download)
     * still checks them and fails on a mismatch (or, for an unchanged embedded-store file, did so recently:
     * {@link ObjectStore#get}).
     */
    public InputStream openRange(StoredObject o, long offset, long length) {
        return read(o, entry -> spool.openRange(entry, offset, length), () -> objectStore.getRange(o.objectKey(), offset, length));
    }

    private InputStream read(StoredObject o, java.util.function.Function<SpoolEntry, InputStream> fromSpool,
                             java.util.function.Supplier<InputStream> fromObjectStore) {
        if (o.location() == Location.SPOOL) {
            Optional<SpoolEntry> entry = spool.pendingEntry(o.objectKey());
            if (entry.isPresent()) {
                try {
                    return fromSpool.apply(entry.get());
                } catch (StorageException e) {
                    if (e.kind() != Kind.NOT_FOUND) {
                        throw e;
                    }
                    // Released between the lookup and the open: it is in the object store now.
                }
            }
        }
        return fromObjectStore.get();
    }

    public Optional<StoredObject> locate(String sopInstanceUid) {
        return catalog.locate(sopInstanceUid);
    }

    public Catalog catalog() {
        return catalog;
    }

    public Spool spool() {
        return spool;
    }

    public SpoolMover mover() {
        return mover;
    }

    @Override
    public void close() {
        mover.close();
        spool.close();
    }

    /** One instance being received. */
    public final class Incoming extends OutputStream {

        private final SpoolWriter writer;

        private Incoming(SpoolWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            writer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writer.write(b, off, len);
        }

        public long size() {
            return writer.size();
        }

        /** Durable in the spool, recorded in the catalog, queued for the object store. */
        public StoredInstance commit(InstanceAttributes attributes) {
            SpoolEntry entry = writer.commit(attributes::objectKey, attributes.toBytes());
            RecordOutcome outcome;
            try {
                outcome = catalog.record(attributes, new StoredObject(entry.key(), entry.size(), entry.sha256(), Location.SPOOL), false);
            } catch (RuntimeException e) {
                // The caller is told "not stored"; do not keep an orphan that would resurface on restart.
                spool.release(entry);
                throw e;
            }
            if (outcome == RecordOutcome.DUPLICATE) {
                spool.release(entry);
            } else {
                mover.submit(entry);
            }
            try {
                followUps.forEach(f -> f.stored(attributes, outcome));
            } catch (RuntimeException e) {
                throw new StorageException(Kind.UNAVAILABLE, attributes.sopInstanceUid()
                        + " is stored but the work that must follow it could not be recorded: " + e.getMessage(), e);
            }
            return new StoredInstance(attributes.sopInstanceUid(), entry.key(), entry.size(), entry.sha256(), outcome);
        }

        /** Discards what was written: an aborted association, a rejected data set. */
        @Override
        public void close() {
            writer.abort();
        }
    }
}
