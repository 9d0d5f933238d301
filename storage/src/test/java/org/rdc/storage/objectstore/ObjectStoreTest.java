package org.rdc.storage.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.StorageException;
import org.rdc.storage.TestStreams;

/** Against a real S3 server: S3Proxy in-process, signatures checked, spoken to through the MinIO SDK. */
class ObjectStoreTest {

    @TempDir
    static Path dir;
    static EmbeddedS3 s3;
    static MinioObjectStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start();
        store = new MinioObjectStore(s3.config("test-bucket"));
        store.ensureBucket();
    }

    @AfterAll
    static void stop() {
        s3.stop();
    }

    @Test
    void smallObjectRoundTrips() throws Exception {
        long size = 1024;
        String sha = TestStreams.sha256(1, size);
        ObjectInfo put = store.put("small/a.bin", TestStreams.content(1, size), size, sha);
        assertThat(put.multipart()).isFalse();

        assertThat(store.stat("small/a.bin")).hasValueSatisfying(info -> {
            assertThat(info.size()).isEqualTo(size);
            assertThat(info.sha256Hex()).isEqualTo(sha);
        });
        try (InputStream in = store.get("small/a.bin", size, sha)) {
            assertThat(TestStreams.drain(in)).isEqualTo(sha);
        }
        assertThat(store.list("small/")).extracting(ObjectInfo::key).containsExactly("small/a.bin");
        store.delete("small/a.bin");
        assertThat(store.stat("small/a.bin")).isEmpty();
    }

    @Test
    void fiftyMegabytesGoUpAsMultipartAndComeBackIntact() throws Exception {
        long size = 50L * 1024 * 1024;
        String sha = TestStreams.sha256(2, size);
        ObjectInfo put = store.put("large/b.bin", TestStreams.content(2, size), size, sha);

        assertThat(put.multipart()).as("50 MB with 8 MB parts is a multipart upload, etag %s", put.etag()).isTrue();
        assertThat(put.etag().replace("\"", "")).as("50 MB in 8 MB parts").endsWith("-7");
        try (InputStream in = store.get("large/b.bin", size, sha)) {
            assertThat(TestStreams.drain(in)).isEqualTo(sha);
        }
    }

    @Test
    void uploadWhoseBytesDoNotMatchTheDeclaredChecksumIsRefusedAndNothingStored() {
        long size = 4096;
        String wrong = TestStreams.sha256(99, size);
        assertThatThrownBy(() -> store.put("bad/c.bin", TestStreams.content(3, size), size, wrong))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.INVALID))
                .hasMessageContaining("does not match the recorded " + wrong);
        assertThat(store.stat("bad/c.bin")).isEmpty();
    }

    @Test
    void multipartUploadWhoseBytesDoNotMatchIsRefusedBeforeItCompletes() {
        long size = 12L * 1024 * 1024;
        String wrong = TestStreams.sha256(98, size);
        assertThatThrownBy(() -> store.put("bad/m.bin", TestStreams.content(6, size), size, wrong))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.INVALID));
        assertThat(store.stat("bad/m.bin")).isEmpty();
    }

    @Test
    void sourceLongerThanDeclaredIsRefusedAndRemoved() {
        long size = 4096;
        assertThatThrownBy(() -> store.put("bad/l.bin", TestStreams.content(7, size + 1), size, TestStreams.sha256(7, size)))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.INVALID))
                .hasMessageContaining("longer than " + size);
        assertThat(store.stat("bad/l.bin")).isEmpty();
    }

    @Test
    void anObjectNameNoRetryCanMakeValidIsInvalid() {
        long size = 10;
        assertThatThrownBy(() -> store.put("bad/../n.bin", TestStreams.content(8, size), size, TestStreams.sha256(8, size)))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.INVALID));
    }

    @Test
    void damagedStoredObjectFailsTheReadAtItsEnd() throws Exception {
        long size = 10_000;
        String sha = TestStreams.sha256(4, size);
        store.put("damaged/d.bin", TestStreams.content(4, size), size, sha);
        Path file = s3.fileOf("test-bucket", "damaged/d.bin");
        assertThat(file).exists();
        try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            ch.position(5000);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x42}));
        }

        assertThatThrownBy(() -> {
            try (InputStream in = store.get("damaged/d.bin", size, sha)) {
                TestStreams.drain(in);
            }
        }).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.CHECKSUM_MISMATCH))
                .hasMessageContaining("does not match the recorded " + sha);
    }

    @Test
    void anEmbeddedStoresObjectsAreReadFromTheirFilesWithoutAnHttpRequest() throws Exception {
        long size = 300_000;
        String sha = TestStreams.sha256(11, size);
        store.put("local/a.bin", TestStreams.content(11, size), size, sha);
        ObjectStoreConfig c = s3.config("test-bucket");
        assertThat(s3.fileOf("test-bucket", "local/a.bin")).isEqualTo(c.localObjects().resolve("local/a.bin")).exists();
        // the same bucket with nothing listening at the endpoint: reads need no server
        MinioObjectStore noServer = new MinioObjectStore(new ObjectStoreConfig("http://127.0.0.1:9", c.accessKey(), c.secretKey(),
                c.bucket(), c.region(), c.partSize(), null, c.localObjects()));

        try (InputStream in = noServer.get("local/a.bin", size, sha)) {
            assertThat(TestStreams.drain(in)).isEqualTo(sha);
        }
        try (InputStream in = noServer.getRange("local/a.bin", 1000, 10)) {
            assertThat(in.readAllBytes()).hasSize(10);
        }
        assertThatThrownBy(() -> noServer.get("local/none.bin", size, sha)).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> noServer.get("local/../../a.bin", size, sha)).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.INVALID));
        assertThatThrownBy(noServer::checkAvailable).as("everything else still goes to the server").isInstanceOf(StorageException.class);
    }

    @Test
    void aRangeIsTheBytesAskedForFromTheFileAndOverHttp() throws Exception {
        long size = 200_000;
        String sha = TestStreams.sha256(12, size);
        store.put("range/r.bin", TestStreams.content(12, size), size, sha);
        byte[] all = TestStreams.content(12, size).readAllBytes();
        ObjectStoreConfig c = s3.config("test-bucket");
        MinioObjectStore overHttp = new MinioObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(), c.secretKey(),
                c.bucket(), c.region(), c.partSize()));

        for (MinioObjectStore s : java.util.List.of(store, overHttp)) {
            try (InputStream in = s.getRange("range/r.bin", 70_001, 1000)) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 70_001, 71_001));
            }
            try (InputStream in = s.getRange("range/r.bin", size - 10, 1000)) {
                assertThat(in.readAllBytes()).as("a range past the end stops at the end")
                        .isEqualTo(java.util.Arrays.copyOfRange(all, (int) size - 10, (int) size));
            }
        }
    }

    @Test
    void wrongCredentialsAreRejected() {
        ObjectStoreConfig good = s3.config("test-bucket");
        MinioObjectStore intruder = new MinioObjectStore(new ObjectStoreConfig(good.endpoint(), good.accessKey(),
                "not-the-secret", good.bucket(), good.region(), good.partSize()));
        long size = 10;
        assertThatThrownBy(() -> intruder.put("intruder.bin", TestStreams.content(5, size), size, TestStreams.sha256(5, size)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("SignatureDoesNotMatch");
        assertThatThrownBy(intruder::checkAvailable).isInstanceOf(StorageException.class);
        assertThat(store.stat("intruder.bin")).isEmpty();
    }

    @Test
    void secretNeverAppearsInTheConfigDescription() {
        ObjectStoreConfig config = s3.config("test-bucket");
        assertThat(config.toString()).doesNotContain(config.secretKey());
    }
}
