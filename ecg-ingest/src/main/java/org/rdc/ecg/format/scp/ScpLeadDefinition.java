package org.rdc.ecg.format.scp;

import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;

/** Section 3 (EN 1064 5.6): which leads, their sample ranges, and whether reference-beat subtraction was used. */
record ScpLeadDefinition(List<ScpLeadDefinition.LeadRange> leads, boolean referenceBeatSubtracted) {

    record LeadRange(int leadId, long firstSample, long lastSample) {
        int sampleCount() {
            return (int) (lastSample - firstSample + 1);
        }
    }

    /** Samples of one lead we are ready to hold: 24 h at 1000 Hz would be 86.4 M; resting ECGs are ~10^4. */
    static final long MAX_SAMPLES_PER_LEAD = 20_000_000L;

    static ScpLeadDefinition read(ScpSection s) throws EcgFormatException {
        int count = s.u8(0, "number of leads");
        int flags = s.u8(1, "lead flags");
        if (count == 0) {
            throw new EcgFormatException("SCP-ECG section 3 defines no leads");
        }
        List<LeadRange> leads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int pos = 2 + 9 * i;
            String where = "SCP-ECG section 3 lead " + (i + 1);
            long first = s.u32(pos, where + " start sample");
            long last = s.u32(pos + 4, where + " end sample");
            int id = s.u8(pos + 8, where + " lead id");
            if (first < 1 || last < first || last - first + 1 > MAX_SAMPLES_PER_LEAD) {
                throw new EcgFormatException(where + ": sample range " + first + ".." + last + " is not usable");
            }
            leads.add(new LeadRange(id, first, last));
        }
        return new ScpLeadDefinition(leads, (flags & 1) != 0);
    }
}
