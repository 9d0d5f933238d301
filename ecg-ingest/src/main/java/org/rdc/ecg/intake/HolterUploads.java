package org.rdc.ecg.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rdc.ecg.json.EcgJson;
import org.rdc.storage.StorageException;
import org.rdc.storage.outbox.JobOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Holter recordings being uploaded in pieces, on local disk: for each upload a small description
 * ({@code <id>.json}, replaced atomically) and the bytes received so far ({@code <id>.part}), appended
 * and fsynced before a piece is acknowledged. The offset of an upload is the length of its part
 * file, so whatever was written before a broken connection or a kill -9 counts and the sender resumes
 * from there.
 *
 * <p>When the last byte is in, the upload is marked {@link State#COMPLETE} on disk and becomes a job
 * of kind {@value #KIND} in the shared {@link JobOutbox} ({@link HolterIntake} runs it). Because the
 * description is on disk before the sender is told, {@link #recover} re-queues any completed upload
 * whose job the database lost. Once the recording is stored or refused, its part file is deleted and
 * the description kept, so the sender can still read the outcome.
 */
public final class HolterUploads {

    private static final Logger log = LoggerFactory.getLogger(HolterUploads.class);

    public static final String KIND = "holter.intake";

    public enum State {
        /** Bytes still to come. */
        RECEIVING,
        /** Every byte is durable; waiting for (or in) the intake job. */
        COMPLETE,
        /** Stored, catalogued and analysed: {@link Upload#studyInstanceUid} names the study. */
        DONE,
        /** Refused (not a Holter recording, unreadable): {@link Upload#error} says why; nothing was stored. */
        FAILED
    }

    /**
     * @param metadata the sender's Upload-Metadata (e.g. {@code filename}), for its own bookkeeping
     * @param offset   bytes durably received
     */
    public record Upload(String id, String facilityId, String deviceId, long length, long offset, State state,
                         Map<String, String> metadata, Instant createdAt, String studyInstanceUid, String format,
                         String error) {

        public Upload {
            metadata = Map.copyOf(metadata);
        }

        public Device device() {
            return new Device(facilityId, deviceId);
        }

        Upload with(long newOffset, State s, String study, String fmt, String err) {
            return new Upload(id, facilityId, deviceId, length, newOffset, s, metadata, createdAt, study, fmt, err);
        }
    }

    /** A PATCH being written: appends, and {@link #sync} makes what it appended durable. */
    public final class Appender implements AutoCloseable {

        private final Upload upload;
        private final FileChannel channel;
        private long position;

        private Appender(Upload upload, FileChannel channel, long position) {
            this.upload = upload;
            this.channel = channel;
            this.position = position;
        }

        /** Appends all of {@code bytes}; refuses to grow the upload past its declared length. */
        public void write(ByteBuffer bytes) throws IOException {
            if (position + bytes.remaining() > upload.length()) {
                throw new IllegalArgumentException("the upload would exceed its declared length of " + upload.length() + " bytes");
            }
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
        }

        /** The offset after this PATCH, durable on disk; the upload becomes COMPLETE when it reaches its length. */
        public Upload sync() throws IOException {
            channel.force(false);
            if (position == upload.length()) {
                return complete(upload.with(position, State.RECEIVING, null, null, null));
            }
            return upload.with(position, State.RECEIVING, null, null, null);
        }

        /** Releases the upload for the next PATCH, after making what was appended durable (an interrupted PATCH keeps it). */
        @Override
        public void close() throws IOException {
            try {
                if (channel.isOpen()) {
                    channel.force(false);
                }
            } finally {
                channel.close();
                busy.remove(upload.id());
            }
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final JobOutbox jobs;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Uploads with a PATCH in progress: a second PATCH at the same time would interleave bytes. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** @param maxBytes the largest recording accepted (declared at creation) */
    public HolterUploads(Path dir, long maxBytes, JobOutbox jobs, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.jobs = jobs;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Holter upload directory " + dir, e);
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Starts an upload of {@code length} bytes (checked against {@link #maxBytes} by the caller). */
    public Upload create(Device device, long length, Map<String, String> metadata) throws IOException {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        Upload u = new Upload(id, device.facilityId(), device.deviceId(), length, 0, State.RECEIVING, metadata, clock.instant(),
                null, null, null);
        try (FileChannel c = FileChannel.open(part(id), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        save(u);
        return length == 0 ? complete(u) : u;
    }

    /** The upload as it stands, offset durable: what HEAD and the status page report. */
    public Optional<Upload> find(String id) throws IOException {
        if (!id.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        Path info = info(id);
        byte[] json;
        try {
            json = Files.readAllBytes(info);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Upload u = parse(EcgJson.parseObject(json));
        if (u.state() != State.RECEIVING) {
            return Optional.of(u);
        }
        try (FileChannel c = FileChannel.open(part(id), StandardOpenOption.WRITE)) {
            // a PATCH may be writing now; report only what is on disk for good
            c.force(false);
            return Optional.of(u.with(Math.min(c.size(), u.length()), u.state(), null, null, null));
        } catch (NoSuchFileException e) {
            return Optional.empty();  // terminated meanwhile
        }
    }

    /**
     * Opens the upload for a PATCH at {@code offset}; empty when another PATCH holds it. The caller
     * has checked that {@code offset} is the upload's offset.
     */
    public Optional<Appender> append(Upload u, long offset) throws IOException {
        if (!busy.add(u.id())) {
            return Optional.empty();
        }
        try {
            FileChannel c = FileChannel.open(part(u.id()), StandardOpenOption.WRITE);
            if (c.size() != offset) {
                c.close();
                busy.remove(u.id());
                throw new IllegalStateException("upload " + u.id() + " is at " + c.size() + ", not " + offset);
            }
            return Optional.of(new Appender(u, c, offset));
        } catch (IOException | RuntimeException e) {
            busy.remove(u.id());
            throw e;
        }
    }

    /** The received bytes of a COMPLETE upload. */
    public Path data(String id) {
        return part(id);
    }

    /** tus termination: an upload still receiving is forgotten; false when it is complete (the recording is the centre's now). */
    public boolean terminate(Upload u) throws IOException {
        if (u.state() != State.RECEIVING || !busy.add(u.id())) {
            return false;
        }
        try {
            Files.deleteIfExists(info(u.id()));
            Files.deleteIfExists(part(u.id()));
            return true;
        } finally {
            busy.remove(u.id());
        }
    }

    /** The intake stored the recording as {@code study}. */
    public void done(Upload u, String study, String format) throws IOException {
        save(u.with(u.length(), State.DONE, study, format, null));
        Files.deleteIfExists(part(u.id()));
    }

    /** The intake refused the recording; nothing of it is kept. */
    public void failed(Upload u, String format, String reason) throws IOException {
        save(u.with(u.length(), State.FAILED, null, format, reason));
        Files.deleteIfExists(part(u.id()));
    }

    /**
     * After a restart: an upload whose last byte was made durable but whose completion was not yet
     * recorded (killed in between) is completed, and every completed upload's job is queued again
     * (a no-op when the outbox still has it). Returns how many uploads are waiting for the intake.
     */
    public int recover() throws IOException {
        int waiting = 0;
        try (DirectoryStream<Path> infos = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : infos) {
                String id = p.getFileName().toString().replace(".json", "");
                Optional<Upload> u = find(id);
                if (u.isEmpty()) {
                    continue;
                }
                if (u.get().state() == State.RECEIVING && u.get().offset() == u.get().length()) {
                    complete(u.get());
                    waiting++;
                } else if (u.get().state() == State.COMPLETE) {
                    jobs.enqueue(KIND, id, null, null);
                    waiting++;
                }
            }
        }
        if (waiting > 0) {
            log.info("{} completed Holter uploads waiting for the intake", waiting);
        }
        return waiting;
    }

    private Upload complete(Upload u) throws IOException {
        Upload c = u.with(u.length(), State.COMPLETE, null, null, null);
        save(c);
        try {
            jobs.enqueue(KIND, u.id(), null, null);
        } catch (StorageException e) {
            // The description says COMPLETE on disk: recover() queues it when the database is back.
            log.warn("Holter upload {} complete, its intake job not queued yet: {}", u.id(), e.getMessage());
        }
        log.info("Holter upload {} from {}/{} complete: {} bytes", u.id(), u.facilityId(), u.deviceId(), u.length());
        return c;
    }

    /** Write to a temporary file, fsync, rename over, fsync the directory: the description is old or new, never torn. */
    private void save(Upload u) throws IOException {
        ObjectNode n = EcgJson.object();
        n.put("id", u.id());
        n.put("facilityId", u.facilityId());
        n.put("deviceId", u.deviceId());
        n.put("length", u.length());
        n.put("state", u.state().name());
        n.put("createdAt", u.createdAt().toString());
        ObjectNode m = n.putObject("metadata");
        u.metadata().forEach(m::put);
        if (u.state() != State.RECEIVING) {
            n.put("offset", u.offset());
        }
        if (u.studyInstanceUid() != null) {
            n.put("studyInstanceUid", u.studyInstanceUid());
        }
        if (u.format() != null) {
            n.put("format", u.format());
        }
        if (u.error() != null) {
            n.put("error", u.error());
        }
        Path tmp = dir.resolve(u.id() + ".json.tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(ByteBuffer.wrap(EcgJson.toBytes(n)));
            c.force(true);
        }
        try {
            Files.move(tmp, info(u.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, info(u.id()), StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static Upload parse(JsonNode n) {
        Map<String, String> metadata = new LinkedHashMap<>();
        n.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
        State state = State.valueOf(n.path("state").asString());
        long length = n.path("length").asLong();
        return new Upload(n.path("id").asString(), n.path("facilityId").asString(), n.path("deviceId").asString(), length,
                n.path("offset").asLong(0), state, metadata, Instant.parse(n.path("createdAt").asString()),
                text(n, "studyInstanceUid"), text(n, "format"), text(n, "error"));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asString() : null;
    }

    private Path info(String id) {
        return dir.resolve(id + ".json");
    }

    private Path part(String id) {
        return dir.resolve(id + ".part");
    }
}
