package org.rdc.workstation.holter;

import java.util.List;

/** What the Holter review endpoints answer ({@link HolterController}); times are seconds from the recording's start. */
final class HolterViews {

    private HolterViews() {
    }

    /** One beat: its frame, its time and its EC57 letter (N, S, V, F, Q). */
    record Beat(long frame, double seconds, String beatClass) {
    }

    /** One lead's samples in whole microvolts. */
    record LeadSamples(String name, int[] samplesUv) {
    }

    /** Full disclosure of {@code frames} frames from {@code firstFrame}, with the beats inside. */
    record Strip(String studyInstanceUid, double sampleRateHz, String unit, double startSeconds, double seconds, long firstFrame,
                 int frames, List<LeadSamples> leads, List<Beat> beats) {
    }

    /** An hour decimated: per column of {@code secondsPerPoint}, the lowest and highest sample (uV). */
    record Overview(String studyInstanceUid, int hour, String lead, double startSeconds, double secondsPerPoint, int points,
                    int[] minUv, int[] maxUv) {
    }

    /** Heart rate per minute from the start (bpm null: a minute without two beats). */
    record Trends(String studyInstanceUid, double durationSeconds, List<Minute> minutes) {
    }

    record Minute(int minute, Double bpm) {
    }

    /**
     * One event: {@code type} PAUSE, VENTRICULAR_COUPLET, VENTRICULAR_RUN, VENTRICULAR_TACHYCARDIA,
     * SUPRAVENTRICULAR_COUPLET, SUPRAVENTRICULAR_RUN, SUPRAVENTRICULAR_TACHYCARDIA; its first beat (or the beat before
     * a pause) and the start of a {@value HolterReview#EVENT_STRIP_SECONDS} s strip around it.
     */
    record Event(String type, long frame, double seconds, double durationSeconds, Integer beats, Double bpm, double stripStartSeconds) {
    }

    record Events(String studyInstanceUid, List<Event> events) {
    }
}
