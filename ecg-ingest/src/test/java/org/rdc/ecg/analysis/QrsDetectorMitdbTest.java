package org.rdc.ecg.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;
import org.rdc.ecg.wfdb.WfdbRecord;

/** QRS detection scored against the MIT-BIH reference annotations (ANSI/AAMI EC57 style matching). */
class QrsDetectorMitdbTest {

    @Test
    void record100MeetsSensitivityAndPositivePredictivity() throws Exception {
        Path header = TestData.path("ecg/mitdb/100.hea");
        WfdbRecord rec = WfdbRecord.read(header);
        List<WfdbRecord.Annotation> reference = WfdbRecord.beats(header.resolveSibling("100.atr"));
        assertThat(reference).hasSize(2273);

        int[] detected = QrsDetector.detect(List.of(rec.signals.get(0).microvolts()), rec.sampleRate);

        int window = (int) Math.round(0.150 * rec.sampleRate);
        boolean[] used = new boolean[detected.length];
        int truePositives = 0;
        int j = 0;
        for (WfdbRecord.Annotation a : reference) {
            while (j < detected.length && detected[j] < a.sample() - window) {
                j++;
            }
            int best = -1;
            for (int k = j; k < detected.length && detected[k] <= a.sample() + window; k++) {
                if (!used[k] && (best < 0 || Math.abs(detected[k] - a.sample()) < Math.abs(detected[best] - a.sample()))) {
                    best = k;
                }
            }
            if (best >= 0) {
                used[best] = true;
                truePositives++;
            }
        }
        double sensitivity = 100.0 * truePositives / reference.size();
        double predictivity = 100.0 * truePositives / detected.length;
        System.out.printf("mitdb/100: %d reference, %d detected, %d matched: Se %.2f%%, +P %.2f%%%n",
                reference.size(), detected.length, truePositives, sensitivity, predictivity);
        assertThat(sensitivity).isGreaterThanOrEqualTo(99.5);
        assertThat(predictivity).isGreaterThanOrEqualTo(99.5);
    }
}
