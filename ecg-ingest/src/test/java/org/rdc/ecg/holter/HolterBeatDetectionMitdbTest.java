package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;

/** Streaming QRS detection on MIT-BIH record 100, scored the EC57 way against its reference annotations. */
class HolterBeatDetectionMitdbTest {

    @Test
    void record100QrsSensitivityAndPositivePredictivityAtLeast995() throws Exception {
        Path header = TestData.path("ecg/mitdb/100.hea");
        try (HolterRecording rec = HolterReader.open(header)) {
            long[] reference = rec.annotations().stream().filter(HolterAnnotation::isBeat).mapToLong(HolterAnnotation::frame).toArray();
            long[] detected = StreamingBeatDetector.detect(rec);
            Ec57Match m = Ec57Match.of(reference, detected, rec.header().sampleRate());
            System.out.printf("mitdb/100 streamed: %d reference, %d detected, TP %d FN %d FP %d: Se %.2f%%, +P %.2f%%%n",
                    reference.length, detected.length, m.truePositives(), m.falseNegatives(), m.falsePositives(),
                    m.sensitivity(), m.positivePredictivity());
            assertThat(reference).hasSize(2273);
            assertThat(m.sensitivity()).isGreaterThanOrEqualTo(99.5);
            assertThat(m.positivePredictivity()).isGreaterThanOrEqualTo(99.5);
        }
    }

    @Test
    void record100VentricularAndSupraventricularBeatsAgainstTheReference() throws Exception {
        Path header = TestData.path("ecg/mitdb/100.hea");
        try (HolterRecording rec = HolterReader.open(header)) {
            var refBeats = rec.annotations().stream().filter(HolterAnnotation::isBeat).toList();
            long[] reference = refBeats.stream().mapToLong(HolterAnnotation::frame).toArray();
            BeatClass[] referenceClass = refBeats.stream().map(a -> a.beatClass().orElseThrow()).toArray(BeatClass[]::new);
            StreamingBeatDetector d = new StreamingBeatDetector(rec.header().sampleRate(), rec.header().leads().size());
            SampleBlock block = rec.newBlock();
            while (rec.read(block)) {
                d.accept(block);
            }
            long[] detected = d.finish();
            BeatClass[] classes = d.classes();
            Ec57Match veb = Ec57Match.ofClass(reference, referenceClass, detected, classes, BeatClass.VENTRICULAR, 360);
            Ec57Match sveb = Ec57Match.ofClass(reference, referenceClass, detected, classes, BeatClass.SUPRAVENTRICULAR, 360);
            System.out.printf("mitdb/100 VEB: TP %d FN %d FP %d; SVEB: TP %d FN %d FP %d (Se %.1f%%, +P %.1f%%)%n",
                    veb.truePositives(), veb.falseNegatives(), veb.falsePositives(), sveb.truePositives(), sveb.falseNegatives(),
                    sveb.falsePositives(), sveb.sensitivity(), sveb.positivePredictivity());
            // the record's one PVC is found, and no normal or atrial beat is called ventricular
            assertThat(veb).isEqualTo(new Ec57Match(1, 0, 0));
            assertThat(sveb.sensitivity()).isGreaterThanOrEqualTo(95.0);
            assertThat(sveb.positivePredictivity()).isGreaterThanOrEqualTo(95.0);
        }
    }

    @Test
    void matchingCountsEachBeatOnceWithin150Ms() {
        long[] reference = {1000, 2000, 3000, 4000};
        long[] detected = {1010, 1020, 2060, 3200, 4000};
        Ec57Match m = Ec57Match.of(reference, detected, 360);
        // 2060 is 60 samples = 167 ms late at 360 Hz: outside the window; 1020 is a second detection of one beat
        assertThat(m).isEqualTo(new Ec57Match(2, 2, 3));
        assertThat(m.sensitivity()).isEqualTo(50.0);
        assertThat(m.positivePredictivity()).isEqualTo(40.0);
    }
}
