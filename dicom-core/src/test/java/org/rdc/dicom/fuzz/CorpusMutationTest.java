package org.rdc.dicom.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdc.dicom.TestData;
import org.rdc.dicom.json.JsonWriter;
import org.rdc.dicom.file.Part10Reader;

/**
 * The fuzz targets' seed replay over the shared corpus (which may not be copied into the repository),
 * plus 200 deterministic mutations per file: flipped bytes, corrupted lengths, truncations. Any
 * exception other than DicomParseException, an OutOfMemoryError or a hang fails the test.
 */
class CorpusMutationTest {

    static Stream<Path> files() {
        return TestData.dicomFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void seedsAndMutationsFailCleanly(Path file) throws Exception {
        byte[] seed = Files.readAllBytes(file);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            FuzzTargetsTest.parseFile(seed);
            FuzzTargetsTest.parseBare(seed);
            Random random = new Random(file.getFileName().toString().hashCode());
            for (int i = 0; i < 200; i++) {
                byte[] m = seed.clone();
                switch (i % 4) {
                    case 0 -> m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> {  // a plausible length field overwritten with a large or undefined value
                        int at = random.nextInt(Math.max(1, m.length - 4));
                        int v = random.nextBoolean() ? -1 : random.nextInt();
                        m[at] = (byte) v;
                        m[at + 1] = (byte) (v >> 8);
                        m[at + 2] = (byte) (v >> 16);
                        m[at + 3] = (byte) (v >> 24);
                    }
                    case 2 -> m = java.util.Arrays.copyOf(m, random.nextInt(m.length));
                    default -> {
                        for (int k = 0; k < 8; k++) {
                            m[random.nextInt(m.length)] = (byte) random.nextInt();
                        }
                    }
                }
                FuzzTargetsTest.parseFile(m);
                FuzzTargetsTest.parseBare(m);
            }
        });
        if (!TestData.isMalformed(file)) {
            FuzzTargetsTest.parseJson(new JsonWriter().write(new Part10Reader().read(file).dataSet()));
        }
    }
}
