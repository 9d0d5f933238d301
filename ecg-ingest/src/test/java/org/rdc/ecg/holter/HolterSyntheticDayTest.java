package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synthetic 24 h, 3-lead, 256 Hz recording (generated as a stream, written to a temporary ISHNE
 * file of 133 MB) decoded and fully analysed in a JVM limited to a 128 MB heap, a quarter of the
 * issue's 512 MB: the decoders and the analysis must stream for this to finish. Its first two hours
 * carry {@link SyntheticHolter#CLINICAL_EVENTS}, which the day's analysis must find as the 2-hour
 * record's does ({@link HolterEpisodesSyntheticTest}).
 */
class HolterSyntheticDayTest {

    @Test
    void aDayDecodesAndIsBeatDetectedWithin128MbOfHeap(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("bench.out");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx128m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), HolterDayBench.class.getName(), "24", "3", "256", dir.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(150, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(finished).as("finished within 150 s: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = Pattern.compile("frames=(\\d+) .*beats_ref=(\\d+) beats=(\\d+) se=([0-9.]+) pp=([0-9.]+) veb_ref=(\\d+) "
                + "veb_se=([0-9.]+) veb_pp=([0-9.]+) pauses_ref=(\\d+) pauses_found=(\\d+) pauses_detected=(\\d+) "
                + "templates=(\\d+) af=(\\d+) vt=(\\d+) svt=(\\d+) st=(\\d+) excluded_s=(\\d+) findings=(\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        System.out.print(out);
        assertThat(Long.parseLong(m.group(1))).isEqualTo(24L * 3600 * 256);
        assertThat(Long.parseLong(m.group(2))).isGreaterThan(90_000);
        assertThat(Double.parseDouble(m.group(4))).isGreaterThanOrEqualTo(99.5);
        assertThat(Double.parseDouble(m.group(5))).isGreaterThanOrEqualTo(99.5);
        // EC57 targets of issue 14: VEB Se and +P >= 95 %, every pause >= 2.5 s found and nothing else called one
        assertThat(Integer.parseInt(m.group(6))).isGreaterThan(50);
        assertThat(Double.parseDouble(m.group(7))).isGreaterThanOrEqualTo(95.0);
        assertThat(Double.parseDouble(m.group(8))).isGreaterThanOrEqualTo(95.0);
        assertThat(Integer.parseInt(m.group(9))).isGreaterThan(5);
        assertThat(m.group(10)).isEqualTo(m.group(9));
        assertThat(m.group(11)).isEqualTo(m.group(9));
        assertThat(Integer.parseInt(m.group(12))).isBetween(2, MorphologyClusters.MAX_TEMPLATES);
        assertThat(m.group(13)).isEqualTo("2");
        assertThat(m.group(14)).isEqualTo("2");
        assertThat(m.group(15)).isEqualTo("2");
        assertThat(m.group(16)).isEqualTo("2");
        assertThat(Integer.parseInt(m.group(17))).isBetween(143, 147);
        // the injected events' findings, then a PAUSE for each random pause of 3 s or more later in the day
        assertThat(m.group(18)).startsWith("PAUSE,SUSTAINED_VT,AV_BLOCK_3_PATTERN,EXTREME_BRADYCARDIA,");
        assertThat(m.group(18).split(",")).containsOnly("PAUSE", "SUSTAINED_VT", "AV_BLOCK_3_PATTERN", "EXTREME_BRADYCARDIA",
                "EXTREME_TACHYCARDIA");
        assertThat(dir.resolve("synthetic-day.ecg")).doesNotExist();
    }
}
