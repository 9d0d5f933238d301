package org.rdc.ecg.format.dicom;

import java.util.List;
import java.util.Locale;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Lead;

/**
 * One item of the Waveform Sequence (PS3.3 C.10.9.1): channels sampled together, already scaled
 * to microvolts.
 *
 * @param index           1-based position in the Waveform Sequence (as Referenced Waveform Channels count)
 * @param label           Multiplex Group Label (003A,0020), e.g. RHYTHM, MEDIAN BEAT; may be null
 * @param originality     Waveform Originality (003A,0004): ORIGINAL or DERIVED
 * @param timeOffsetMs    Multiplex Group Time Offset (0018,1068), ms from the acquisition start
 * @param leads           the voltage channels in file order, named by their Channel Source code
 * @param filters         the first channel's Filter Low/High Frequency and Notch (003A,0220-0222)
 * @param skippedChannels channels that are not voltages (e.g. respiration) or carry no unit, with the reason
 */
public record MultiplexGroup(int index, String label, String originality, double sampleRateHz, double timeOffsetMs,
                             int sampleCount, List<Lead> leads, FilterSettings filters, List<String> skippedChannels) {

    public MultiplexGroup {
        leads = List.copyOf(leads);
        skippedChannels = List.copyOf(skippedChannels);
    }

    /**
     * Whether this group holds representative beats rather than the rhythm: by its label
     * (MEDIAN BEAT, REPRESENTATIVE BEAT, AVERAGE BEAT, as the 12-lead ECG IOD's devices write it,
     * PS3.3 A.34.3.4.2) or, without a telling label, by being DERIVED.
     */
    public boolean isMedianBeat() {
        String l = label == null ? "" : label.toUpperCase(Locale.ROOT);
        if (l.contains("MEDIAN") || l.contains("REPRESENTATIVE") || l.contains("AVERAGE") || l.contains("TEMPLATE")) {
            return true;
        }
        return !l.contains("RHYTHM") && "DERIVED".equalsIgnoreCase(originality);
    }

    public List<String> leadNames() {
        return leads.stream().map(Lead::name).toList();
    }

    public double durationSeconds() {
        return sampleCount / sampleRateHz;
    }
}
