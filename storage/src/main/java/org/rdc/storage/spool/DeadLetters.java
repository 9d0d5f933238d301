package org.rdc.storage.spool;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters of a spool, kept next to its segments as one small file per entry
 * ({@code dead-letters/<entry id>.properties}), so a restart leaves them dead. A file is written to a
 * temporary name, fsynced and renamed, and the directory fsynced, so it is either whole or absent.
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final String SUFFIX = ".properties";

    private final Path directory;
    private final Map<UUID, DeadLetter> letters = new LinkedHashMap<>();

    /** Reads what an earlier run recorded; forgets letters of entries no longer in the spool. */
    DeadLetters(Path directory, Set<UUID> pending) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path p : files.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (!name.endsWith(SUFFIX)) {
                        Files.delete(p); // a write cut short by a crash
                        continue;
                    }
                    DeadLetter d = read(p);
                    if (d != null && pending.contains(d.id())) {
                        letters.put(d.id(), d);
                    } else {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException(Kind.UNAVAILABLE, "cannot read the dead letters in " + directory + ": " + e, e);
        }
    }

    synchronized boolean contains(UUID id) {
        return letters.containsKey(id);
    }

    synchronized List<DeadLetter> all() {
        return List.copyOf(letters.values());
    }

    synchronized int count() {
        return letters.size();
    }

    /** Records the letter durably before it counts as dead. */
    synchronized void add(DeadLetter d) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", d.id().toString());
        p.setProperty("key", d.key());
        p.setProperty("size", Long.toString(d.size()));
        p.setProperty("reason", d.reason());
        p.setProperty("firstFailure", d.firstFailure().toString());
        p.setProperty("lastFailure", d.lastFailure().toString());
        p.setProperty("attempts", Integer.toString(d.attempts()));
        Path tmp = directory.resolve(d.id() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); Writer w = java.nio.channels.Channels.newWriter(ch, StandardCharsets.UTF_8)) {
            p.store(w, null);
            w.flush();
            ch.force(true);
        }
        Files.move(tmp, file(d.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        letters.put(d.id(), d);
    }

    /** The letter, no longer dead (also on disk); null when there was none. */
    synchronized DeadLetter remove(UUID id) throws IOException {
        DeadLetter d = letters.get(id);
        if (d == null) {
            return null;
        }
        Files.deleteIfExists(file(id));
        syncDirectory();
        letters.remove(id);
        return d;
    }

    private Path file(UUID id) {
        return directory.resolve(id + SUFFIX);
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Null for a file that cannot be read as a letter: its entry is then uploaded again, which is harmless. */
    private static DeadLetter read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return new DeadLetter(UUID.fromString(p.getProperty("id")), p.getProperty("key"), Long.parseLong(p.getProperty("size")),
                    p.getProperty("reason"), Instant.parse(p.getProperty("firstFailure")), Instant.parse(p.getProperty("lastFailure")),
                    Integer.parseInt(p.getProperty("attempts")));
        } catch (RuntimeException e) {
            log.warn("dead letter {} cannot be read ({}); its entry will be uploaded again", file, e.toString());
            return null;
        }
    }
}
