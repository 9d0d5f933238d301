package org.rdc.ecg.format.dicom;

import org.rdc.dicom.core.Tag;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Sequence;
import org.rdc.ecg.EcgFormatException;

/**
 * What one Waveform Sequence item (a multiplex group, PS3.3 C.10.9.1) says about its samples before
 * they are read: channels, samples per channel, rate, the channel definitions, and how samples are
 * stored (Waveform Bits Allocated and Sample Interpretation, upper case).
 *
 * @param where the group as error messages name it
 */
public record WaveformGroupHeader(String where, String label, int channels, long samples, double sampleRateHz,
                                  Sequence definitions, int bitsAllocated, String interpretation) {

    /** @param what the object, for messages ("DICOM ECG waveform"); {@code index} is 1-based */
    public static WaveformGroupHeader read(DataSet item, String what, int index) throws EcgFormatException {
        String label = item.getString(WaveformTags.MultiplexGroupLabel);
        String where = what + " multiplex group " + index + (label != null ? " (" + label + ")" : "");
        int channels = DicomWaveformDecoder.requiredInt(item, Tag.NumberOfWaveformChannels, "Number of Waveform Channels (003A,0005)", where);
        long samples = DicomWaveformDecoder.requiredLong(item, Tag.NumberOfWaveformSamples, "Number of Waveform Samples (003A,0010)", where);
        double rate = DicomWaveformDecoder.number(item, Tag.SamplingFrequency, "Sampling Frequency (003A,001A)", where, null);
        if (channels < 1 || samples < 1 || !(rate > 0) || rate > 1_000_000) {
            throw new EcgFormatException(where + ": " + channels + " channels, " + samples + " samples at " + rate
                    + " Hz is not a waveform");
        }
        Sequence defs = item.getSequence(WaveformTags.ChannelDefinitionSequence);
        if (defs == null || defs.size() != channels) {
            throw new EcgFormatException(where + ": Channel Definition Sequence (003A,0200) has "
                    + (defs == null ? 0 : defs.size()) + " items for " + channels + " channels");
        }
        String interpretation = item.getString(WaveformTags.WaveformSampleInterpretation);
        if (interpretation == null || interpretation.isBlank()) {
            throw new EcgFormatException(where + ": no Waveform Sample Interpretation (5400,1006)");
        }
        return new WaveformGroupHeader(where, label, channels, samples, rate, defs,
                item.getInt(WaveformTags.WaveformBitsAllocated, -1), interpretation.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
