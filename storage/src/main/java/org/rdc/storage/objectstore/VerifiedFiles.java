package org.rdc.storage.objectstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Object files ({@link ObjectStoreConfig#localObjects}) whose whole bytes matched their SHA-256 on a recent read, so
 * that reading one again soon skips the hash. Why: one SHA-256 pass over a CT series takes 2.5x as long as
 * {@code cat} reading it (bench/RESULTS.md), so a series a reader opens again (the viewer, then the prior beside the
 * next study, then a second reader) would always be sent at less than half the disk's rate.
 *
 * <p>What a mark stands for: this process hashed every byte of that file, and since then the file has kept the same
 * inode, size, modification and status-change times (the last cannot be set back by {@code touch}), for less than
 * {@code maxAge}. Any write, truncation, replacement or restore through the file system therefore makes the next read
 * hash it again, and a mismatch fails that read as before. What a mark cannot see is decay below the file system
 * (a flipped bit the disk does not report): such a file is found at its first read once its mark is {@code maxAge}
 * old, and at every first read after a restart, since marks live in memory only. A zero {@code maxAge} turns marks
 * off: every read hashes. Reads from a remote object store always hash: its objects have no stamp to watch here.
 */
final class VerifiedFiles {

    /** What the file system says of a file: a change to any of these is a change to the file. */
    record Stamp(Object inode, Object device, long size, Object modified, Object changed) {
    }

    private record Mark(Stamp stamp, String sha256, Instant at) {
    }

    /** About 9 MB at most: the recently read series of a centre's readers, not its archive. */
    static final int CAPACITY = 20_000;

    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, Mark> marks = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Mark> eldest) {
            return size() > CAPACITY;
        }
    };

    VerifiedFiles(Clock clock, Duration maxAge) {
        this.clock = clock;
        this.maxAge = maxAge;
    }

    boolean enabled() {
        return !maxAge.isZero() && !maxAge.isNegative();
    }

    /** The file's stamp, or null where the file system does not give one (then nothing is skipped). */
    static Stamp stamp(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:ino,dev,size,lastModifiedTime,ctime");
            return new Stamp(a.get("ino"), a.get("dev"), (Long) a.get("size"), a.get("lastModifiedTime"), a.get("ctime"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code key}'s file, now stamped {@code stamp}, had its bytes matched against {@code sha256} recently. */
    boolean current(String key, Stamp stamp, String sha256) {
        if (stamp == null || !enabled()) {
            return false;
        }
        Mark m;
        synchronized (marks) {
            m = marks.get(key);
        }
        return m != null && m.stamp().equals(stamp) && m.sha256().equals(sha256)
                && clock.instant().isBefore(m.at().plus(maxAge));
    }

    /** Every byte of the file stamped {@code stamp} (when it was opened) matched {@code sha256}. */
    void verified(String key, Stamp stamp, String sha256) {
        if (stamp == null || !enabled()) {
            return;
        }
        synchronized (marks) {
            marks.put(key, new Mark(stamp, sha256, clock.instant()));
        }
    }
}
