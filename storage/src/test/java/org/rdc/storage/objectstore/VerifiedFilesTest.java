package org.rdc.storage.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.MutableClock;
import org.rdc.storage.StorageException;
import org.rdc.storage.TestStreams;
import org.rdc.storage.VerifyingInputStream;

/** Whole reads of an embedded store's files that skip the SHA-256 after a recent match, and when they do not. */
class VerifiedFilesTest {

    private static final long SIZE = 600_000;

    @TempDir
    static Path dir;
    static EmbeddedS3 s3;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    static MinioObjectStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start();
        store = new MinioObjectStore(s3.config("marks"), clock, Duration.ofHours(1));
        store.ensureBucket();
    }

    @AfterAll
    static void stop() {
        s3.stop();
    }

    private static String put(String key, long seed) {
        String sha = TestStreams.sha256(seed, SIZE);
        store.put(key, TestStreams.content(seed, SIZE), SIZE, sha);
        return sha;
    }

    /** Reads the whole object; whether that read hashed it. */
    private static boolean readHashes(String key, String sha) throws Exception {
        try (InputStream in = store.get(key, SIZE, sha)) {
            assertThat(TestStreams.drain(in)).isEqualTo(sha);
            return in instanceof VerifyingInputStream;
        }
    }

    @Test
    void anUnchangedFileMatchedRecentlyIsReadWithoutHashingUntilItsMarkIsOld() throws Exception {
        String sha = put("marks/a.bin", 21);
        assertThat(readHashes("marks/a.bin", sha)).as("the first read hashes").isTrue();
        assertThat(readHashes("marks/a.bin", sha)).as("read again soon: skipped").isFalse();
        clock.advance(Duration.ofMinutes(59));
        assertThat(readHashes("marks/a.bin", sha)).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(readHashes("marks/a.bin", sha)).as("an hour after the match: hashed again").isTrue();
        assertThat(readHashes("marks/a.bin", sha)).isFalse();
    }

    @Test
    void aFileWrittenToAfterItsMatchIsHashedAgainAndFailsEvenWithItsTimeSetBack() throws Exception {
        String sha = put("marks/b.bin", 22);
        assertThat(readHashes("marks/b.bin", sha)).isTrue();
        Path file = s3.fileOf("marks", "marks/b.bin");
        FileTime modified = Files.getLastModifiedTime(file);
        try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            ch.position(SIZE - 100);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x42}));
        }
        // what a careless restore would leave: same size, same modification time; the status-change time still moved
        Files.setLastModifiedTime(file, modified);
        assertThatThrownBy(() -> readHashes("marks/b.bin", sha)).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.CHECKSUM_MISMATCH));
        assertThatThrownBy(() -> readHashes("marks/b.bin", sha)).as("a mismatch leaves no mark").isInstanceOf(StorageException.class);
    }

    @Test
    void aReadCutShortOrAnotherDigestMarksNothing() throws Exception {
        String sha = put("marks/c.bin", 23);
        try (InputStream in = store.get("marks/c.bin", SIZE, sha)) {
            in.readNBytes((int) SIZE - 1);
        }
        assertThat(readHashes("marks/c.bin", sha)).as("not every byte was read: no mark").isTrue();
        String other = TestStreams.sha256(24, SIZE);
        assertThatThrownBy(() -> {
            try (InputStream in = store.get("marks/c.bin", SIZE, other)) {
                TestStreams.drain(in);
            }
        }).as("a mark is for the digest it matched").isInstanceOf(StorageException.class);
    }

    @Test
    void withoutAnAgeEveryReadHashes() throws Exception {
        MinioObjectStore always = new MinioObjectStore(s3.config("marks"), clock, Duration.ZERO);
        String sha = put("marks/d.bin", 25);
        for (int i = 0; i < 3; i++) {
            try (InputStream in = always.get("marks/d.bin", SIZE, sha)) {
                assertThat(TestStreams.drain(in)).isEqualTo(sha);
                assertThat(in).isInstanceOf(VerifyingInputStream.class);
            }
        }
    }
}
