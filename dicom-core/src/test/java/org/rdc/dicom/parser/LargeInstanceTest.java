package org.rdc.dicom.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A 2 GB multi-frame instance parses in a JVM limited to a 64 MB heap, native and encapsulated. */
class LargeInstanceTest {

    @ParameterizedTest
    @ValueSource(strings = {"native", "encapsulated"})
    void twoGigabyteInstanceParsesWith64MbHeap(String kind) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LargeInstance.class.getName(), kind).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as(out).doesNotContain("OutOfMemoryError")
                .contains("pixelBytes=" + LargeInstance.PIXEL_BYTES)
                .contains("rows=512 frames=2048")
                .containsPattern("maxHeapMB=(6[0-4]|[1-5][0-9]) ");
        long total = Long.parseLong(out.replaceAll("(?s).*total=(\\d+).*", "$1"));
        assertThat(total).isGreaterThan(LargeInstance.PIXEL_BYTES);
        long streamed = Long.parseLong(out.replaceAll("(?s).*streamed=(\\d+).*", "$1"));
        assertThat(streamed).isGreaterThanOrEqualTo(LargeInstance.PIXEL_BYTES);
    }
}
