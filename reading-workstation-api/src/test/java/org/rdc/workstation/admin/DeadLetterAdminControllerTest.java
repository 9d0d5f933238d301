package org.rdc.workstation.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.TestStreams;
import org.rdc.storage.objectstore.EmbeddedS3;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.spool.DeadLetter;
import org.rdc.storage.spool.Spool;
import org.rdc.storage.spool.SpoolConfig;
import org.rdc.storage.spool.SpoolEntry;
import org.rdc.storage.spool.SpoolMover;
import org.rdc.storage.spool.SpoolWriter;
import org.rdc.workstation.api.ApiErrors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The dead-letter admin API over a real mover, spool and S3 server (S3Proxy). */
class DeadLetterAdminControllerTest {

    @TempDir
    Path dir;

    private EmbeddedS3 s3;
    private Spool spool;
    private SpoolMover mover;
    private MockMvc mvc;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.withRandomCredentials(dir.resolve("objects"), 0).start();
        MinioObjectStore store = new MinioObjectStore(s3.config("dead-letters"));
        store.ensureBucket();
        spool = Spool.open(new SpoolConfig(dir.resolve("spool"), 4L << 20, 0, 64 * 1024, 1));
        mover = new SpoolMover(spool, store, new SpoolMover.Destination() {
            @Override
            public void uploaded(SpoolEntry entry) {
            }

            @Override
            public void durable() {
            }
        }, 1, Duration.ofMillis(200), new SimpleMeterRegistry());
        mover.start();
        mvc = MockMvcBuilders.standaloneSetup(new DeadLetterAdminController(mover)).setControllerAdvice(new ApiErrors()).build();
    }

    @AfterEach
    void stop() {
        mover.close();
        spool.close();
        s3.stop();
    }

    private DeadLetter awaitDeadLetter() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (mover.deadLetters().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(mover.deadLetters()).hasSize(1);
        return mover.deadLetters().get(0);
    }

    @Test
    void listsWhatCannotUploadAndWhyAndQueuesItAgainOnRetry() throws Exception {
        SpoolWriter w = spool.newWriter();
        try (InputStream in = TestStreams.content(1, 1000)) {
            in.transferTo(w);
        }
        // An object name the SDK refuses whatever the store: a dead letter at the first attempt.
        SpoolEntry e = w.commit(sha -> "studies/../" + sha, new byte[0]);
        mover.submit(e);
        awaitDeadLetter();

        mvc.perform(get("/api/admin/dead-letters"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].id").value(e.id().toString()))
                .andExpect(jsonPath("$[0].key").value(e.key()))
                .andExpect(jsonPath("$[0].size").value(1000))
                .andExpect(jsonPath("$[0].reason", containsString("not a safe object key")))
                .andExpect(jsonPath("$[0].attempts").value(1))
                .andExpect(jsonPath("$[0].firstFailure").isString())
                .andExpect(jsonPath("$[0].lastFailure").isString());

        mvc.perform(post("/api/admin/dead-letters/{id}/retry", e.id()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").value(e.id().toString()));
        assertThat(awaitDeadLetter().id()).as("tried again, and still cannot upload").isEqualTo(e.id());
        assertThat(spool.contains(e.id())).as("the spool keeps it").isTrue();

        mvc.perform(post("/api/admin/dead-letters/{id}/retry", UUID.randomUUID()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/admin/dead-letters/{id}/retry", "not-an-id"))
                .andExpect(status().isBadRequest());
    }
}
