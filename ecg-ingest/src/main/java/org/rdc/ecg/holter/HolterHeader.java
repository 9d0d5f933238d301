package org.rdc.ecg.holter;

import java.time.LocalDateTime;
import java.util.List;
import org.rdc.ecg.model.SourceFormat;

/**
 * What a long recording says about itself before any sample is read.
 *
 * @param frames samples per lead, or -1 when the file does not say (EDF with -1 data records)
 * @param start  local start time of the first sample, null when the file has none
 */
public record HolterHeader(SourceFormat format, double sampleRate, List<HolterLead> leads, long frames,
        LocalDateTime start, String patientId) {

    public HolterHeader {
        leads = List.copyOf(leads);
    }
}
