package org.rdc.ecg.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.model.SourceRef;
import org.rdc.ecg.model.StandardLead;
import org.rdc.ecg.model.WaveformSet;
import org.rdc.ecg.wfdb.WfdbRecord;

/**
 * PTB s0010: an 81-year-old woman two days after an acute infero-lateral infarction. The J-point
 * ST levels must show the inferior elevation with reciprocal depression in I and aVL.
 */
class PtbInferiorInfarctTest {

    @Test
    void inferiorStElevationWithReciprocalDepression() throws Exception {
        Path header = TestData.path("ecg/ptbdb/s0010_re.hea");
        WfdbRecord w = WfdbRecord.read(header);
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            WfdbRecord.Signal s = w.signals.get(i);
            leads.add(new Lead(StandardLead.normalise(s.description()), Arrays.copyOf(s.microvolts(), 10_000)));
        }
        EcgRecord r = new EcgRecord(SourceFormat.WFDB, null, new Patient("s0010", null, Sex.FEMALE, null, 81), null,
                new WaveformSet(w.sampleRate, leads), null, null, null, new SourceRef("0".repeat(64), 0));
        EcgAnalysis a = new EcgAnalyzer().analyze(r, AnalysisSettings.defaults());
        assertThat(a.rhythm()).isEqualTo(Rhythm.SINUS_RHYTHM);
        assertThat(a.stJPointUv().get("III")).isGreaterThan(60.0);
        assertThat(a.stJPointUv().get("aVF")).isGreaterThan(40.0);
        assertThat(a.stJPointUv().get("I")).isLessThan(-40.0);
        assertThat(a.stJPointUv().get("aVL")).isLessThan(-40.0);
    }
}
