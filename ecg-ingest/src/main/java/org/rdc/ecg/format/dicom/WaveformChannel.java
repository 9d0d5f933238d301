package org.rdc.ecg.format.dicom;

import java.util.List;
import java.util.Optional;
import org.rdc.dicom.object.DataSet;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.FilterSettings;

/**
 * One item of a multiplex group's Channel Definition Sequence (PS3.3 C.10.9.1.4): the lead it
 * records and how a stored value becomes microvolts, {@code (value + Channel Baseline) x Channel
 * Sensitivity x Channel Sensitivity Correction Factor} in the units of the Channel Sensitivity
 * Units Sequence (C.10.9.1.4.3). Lead names come from the Channel Source Sequence (CID 3001).
 *
 * @param microvoltsPerUnit sensitivity x correction factor, converted to microvolts
 * @param baseline          Channel Baseline (003A,0213), in stored units
 */
public record WaveformChannel(String name, double microvoltsPerUnit, double baseline, FilterSettings filters) {

    public double microvolts(double value) {
        return (value + baseline) * microvoltsPerUnit;
    }

    /**
     * The channel, or empty when it is not a voltage (respiration, a channel without sensitivity or
     * with a non-voltage unit), the reason then added to {@code skipped}.
     */
    public static Optional<WaveformChannel> read(DataSet def, int index, int bitsAllocated, String where, List<String> skipped)
            throws EcgFormatException {
        String cw = where + " channel " + index;
        Optional<EcgCodes.Code> source = EcgCodes.Code.first(def, WaveformTags.ChannelSourceSequence);
        String label = def.getString(WaveformTags.ChannelLabel);
        Optional<String> name = source.flatMap(EcgCodes::leadName).or(() -> EcgCodes.leadNameFromText(label));
        String display = name.orElse(label != null ? label
                : source.map(s -> s.meaning() != null ? s.meaning() : s.value()).orElse("channel " + index));
        if (!def.contains(WaveformTags.ChannelSensitivity) || def.getString(WaveformTags.ChannelSensitivity) == null) {
            skipped.add(display + ": no Channel Sensitivity (003A,0210), samples in arbitrary units");
            return Optional.empty();
        }
        double sensitivity = DicomWaveformDecoder.number(def, WaveformTags.ChannelSensitivity, "Channel Sensitivity (003A,0210)", cw, null);
        double correction = DicomWaveformDecoder.number(def, WaveformTags.ChannelSensitivityCorrectionFactor,
                "Channel Sensitivity Correction Factor (003A,0212)", cw, 1.0);
        double baseline = DicomWaveformDecoder.number(def, WaveformTags.ChannelBaseline, "Channel Baseline (003A,0213)", cw, 0.0);
        Optional<EcgCodes.Code> unit = EcgCodes.Code.first(def, WaveformTags.ChannelSensitivityUnitsSequence);
        Optional<Double> toUv = unit.flatMap(u -> EcgCodes.microvoltsPer(u.value()));
        if (toUv.isEmpty()) {
            skipped.add(display + ": unit " + unit.map(u -> u.value() + " (" + u.meaning() + ")").orElse("missing")
                    + " is not a voltage");
            return Optional.empty();
        }
        int bitsStored = def.getInt(WaveformTags.WaveformBitsStored, bitsAllocated);
        if (bitsStored > bitsAllocated) {
            throw new EcgFormatException(cw + ": Waveform Bits Stored " + bitsStored + " exceeds Bits Allocated " + bitsAllocated);
        }
        FilterSettings filters = new FilterSettings(DicomWaveformDecoder.optional(def, WaveformTags.FilterLowFrequency),
                DicomWaveformDecoder.optional(def, WaveformTags.FilterHighFrequency),
                DicomWaveformDecoder.positive(DicomWaveformDecoder.optional(def, WaveformTags.NotchFilterFrequency)));
        return Optional.of(new WaveformChannel(display, sensitivity * correction * toUv.get(), baseline, filters));
    }
}
