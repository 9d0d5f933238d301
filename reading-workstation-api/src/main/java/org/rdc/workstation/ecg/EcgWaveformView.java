package org.rdc.workstation.ecg;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A study's ECG as the browser's ECG viewer draws it: the rhythm leads of the stored ECG waveform instance
 * in whole microvolts, after the filters named in {@code filters}, from {@code startS} for
 * {@code sampleCount} samples, and the automatic analysis the centre stored with the study.
 *
 * @param durationS the whole recording; the samples may be a window of it
 * @param filters   what was applied to these samples (null: off), zero phase as in the analysis
 * @param analysis  the study's ECG_ANALYSIS JSON as stored (measurements, statements, critical flags, beat times,
 *                  the device's measurements); null while a gateway ECG's analysis has not run yet
 */
public record EcgWaveformView(String studyInstanceUid, String sopInstanceUid, double sampleRateHz, String unit,
                              double durationS, double startS, int sampleCount, Filters filters, List<LeadSamples> leads,
                              ObjectNode analysis) {

    /** Corner frequencies in Hz, null when off. */
    public record Filters(Double highPassHz, Double lowPassHz, Double notchHz) {
    }

    /** One lead, by its standard label (I, II, III, aVR, aVL, aVF, V1 ... V6, or the source's own). */
    public record LeadSamples(String name, int[] samplesUv) {
    }
}
