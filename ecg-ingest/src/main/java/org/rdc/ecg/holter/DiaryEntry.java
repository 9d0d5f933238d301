package org.rdc.ecg.holter;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

/**
 * What the patient wrote in the diary ("chest pain", "climbing stairs") at a moment of the
 * recording, as seconds from its first sample.
 */
public record DiaryEntry(double seconds, String text) {

    /** The WFDB comment annotation code, to which EDF+ free text is mapped too. */
    static final String NOTE = "\"";

    public DiaryEntry {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("diary entry before the recording's start: " + seconds + " s");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("diary entry at " + seconds + " s has no text");
        }
    }

    /** An entry written with the clock time, for a recording that says when it started. */
    public static DiaryEntry at(LocalDateTime time, LocalDateTime recordingStart, String text) {
        if (recordingStart == null) {
            throw new IllegalArgumentException("the recording has no start time, so a diary clock time cannot be placed: " + time);
        }
        return new DiaryEntry(Duration.between(recordingStart, time).toMillis() / 1000.0, text);
    }

    /**
     * The free-text notes among a recording's annotations (EDF+ annotations that are no beat label, WFDB
     * comment annotations, code {@value #NOTE}), as diary entries; rhythm labels such as "(AFIB" are not.
     */
    public static List<DiaryEntry> fromAnnotations(List<HolterAnnotation> annotations, double sampleRate) {
        return annotations.stream().filter(a -> a.code().equals(NOTE) && !a.text().isBlank())
                .map(a -> new DiaryEntry(a.frame() / sampleRate, a.text().strip())).toList();
    }
}
