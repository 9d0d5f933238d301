package org.rdc.ecg.model;

import java.util.List;

/**
 * The one waveform model every format decodes to (issue 5 point 2).
 *
 * @param format            which decoder made it
 * @param formatVersion     the version the file declares (e.g. "1.04" for Sierra, "3.0" for SCP-ECG)
 * @param rhythm            the full-length recording
 * @param medianBeats       the device's representative beats, or null when the file has none
 * @param deviceStatements  the device's interpretation statements in its own words
 * @param source            reference to the original bytes kept by the caller
 */
public record EcgRecord(SourceFormat format, String formatVersion, Patient patient, Acquisition acquisition,
                        WaveformSet rhythm, WaveformSet medianBeats, DeviceMeasurements deviceMeasurements,
                        List<String> deviceStatements, SourceRef source) {

    public EcgRecord {
        patient = patient == null ? Patient.unknown() : patient;
        acquisition = acquisition == null ? Acquisition.unknown() : acquisition;
        deviceMeasurements = deviceMeasurements == null ? DeviceMeasurements.none() : deviceMeasurements;
        deviceStatements = deviceStatements == null ? List.of() : List.copyOf(deviceStatements);
        if (rhythm == null || rhythm.leads().isEmpty()) {
            throw new IllegalArgumentException("an ECG record needs at least one rhythm lead");
        }
    }
}
