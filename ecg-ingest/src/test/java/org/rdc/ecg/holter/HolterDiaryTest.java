package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Diary entries from clock times and from a recording's free-text annotations. */
class HolterDiaryTest {

    @Test
    void aClockTimeIsPlacedFromTheRecordingsStart() {
        LocalDateTime start = LocalDateTime.of(2026, 12, 1, 8, 0, 0);
        assertThat(DiaryEntry.at(start.plusMinutes(90).plusSeconds(30), start, "chest pain"))
                .isEqualTo(new DiaryEntry(5430, "chest pain"));
        assertThatThrownBy(() -> DiaryEntry.at(start, null, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no start time");
        assertThatThrownBy(() -> DiaryEntry.at(start.minusMinutes(1), start, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before the recording's start");
        assertThatThrownBy(() -> new DiaryEntry(3, " ")).hasMessageContaining("no text");
    }

    @Test
    void edfPlusFreeTextBecomesDiaryEntriesAndBeatLabelsDoNot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("diary.edf");
        EdfPlusWriter.write(file, new String[] {"ECG II"}, 250, new short[1][250 * 10], List.of(new EdfPlusWriter.Annotation(2.5, "N"),
                new EdfPlusWriter.Annotation(3.25, "V"), new EdfPlusWriter.Annotation(7.0, "患者日记: 胸闷")));
        try (HolterRecording rec = HolterReader.open(file)) {
            assertThat(DiaryEntry.fromAnnotations(rec.annotations(), rec.header().sampleRate()))
                    .containsExactly(new DiaryEntry(7.0, "患者日记: 胸闷"));
        }
        List<HolterAnnotation> wfdb = List.of(new HolterAnnotation(18, "+", "(AFIB"), new HolterAnnotation(360, "N", ""),
                new HolterAnnotation(720, "\"", "stairs"));
        assertThat(DiaryEntry.fromAnnotations(wfdb, 360)).containsExactly(new DiaryEntry(2, "stairs"));
    }
}
