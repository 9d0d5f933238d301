package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;

/** Isolated beats, couplets, runs, bigeminy and trigeminy on a hand-written label sequence and on record 100. */
class HolterEctopyPatternsTest {

    @Test
    void handWrittenSequence() {
        // N V N | N V V N | V V V V (at 150 bpm) N | N V N V N V N V | N N V N N V N N V N | V
        String labels = "NVNNVVNVVVVNNVNVNVNVNNVNNVNNVNV";
        BeatClass[] classes = new BeatClass[labels.length()];
        long[] beats = new long[labels.length()];
        long t = 0;
        for (int i = 0; i < labels.length(); i++) {
            classes[i] = labels.charAt(i) == 'V' ? BeatClass.VENTRICULAR : BeatClass.NORMAL;
            t += i >= 7 && i <= 10 ? 100 : 200;
            beats[i] = t;
        }
        EctopyPatterns p = EctopyPatterns.of(beats, classes, BeatClass.VENTRICULAR, 250);
        assertThat(p.couplets()).isEqualTo(1);
        assertThat(p.runs()).singleElement().satisfies(r -> {
            assertThat(r.beats()).isEqualTo(4);
            assertThat(r.bpm()).isEqualTo(150.0);
        });
        assertThat(p.tachycardiaRuns()).hasSize(1);
        // N V N V N V N V from index 12: four cycles of bigeminy; N N V x 3 from index 20: trigeminy
        assertThat(p.bigeminy()).singleElement().satisfies(e -> assertThat(e.cycles()).isEqualTo(4));
        assertThat(p.trigeminy()).singleElement().satisfies(e -> {
            assertThat(e.first()).isEqualTo(20);
            assertThat(e.cycles()).isEqualTo(3);
        });
        // isolated: index 1, then 13, 15, 17, 19 (bigeminy's), 22, 25, 28 (trigeminy's), 30
        assertThat(p.isolated()).isEqualTo(9);
    }

    @Test
    void record100DetectedLabelsGroupLikeTheReference() throws Exception {
        try (HolterRecording rec = HolterReader.open(TestData.path("ecg/mitdb/100.hea"))) {
            var ref = rec.annotations().stream().filter(HolterAnnotation::isBeat).toList();
            long[] refBeats = ref.stream().mapToLong(HolterAnnotation::frame).toArray();
            BeatClass[] refClasses = ref.stream().map(a -> a.beatClass().orElseThrow()).toArray(BeatClass[]::new);
            StreamingBeatDetector d = new StreamingBeatDetector(360, 2);
            SampleBlock block = rec.newBlock();
            while (rec.read(block)) {
                d.accept(block);
            }
            long[] beats = d.finish();
            BeatClass[] classes = d.classes();
            for (BeatClass c : new BeatClass[] {BeatClass.VENTRICULAR, BeatClass.SUPRAVENTRICULAR}) {
                EctopyPatterns expected = EctopyPatterns.of(refBeats, refClasses, c, 360);
                EctopyPatterns ours = EctopyPatterns.of(beats, classes, c, 360);
                assertThat(ours.isolated()).as("%s isolated", c).isEqualTo(expected.isolated());
                assertThat(ours.couplets()).as("%s couplets", c).isEqualTo(expected.couplets());
                assertThat(ours.runs()).as("%s runs", c).hasSameSizeAs(expected.runs());
            }
            EctopyPatterns v = EctopyPatterns.of(refBeats, refClasses, BeatClass.VENTRICULAR, 360);
            assertThat(v.isolated()).isEqualTo(1);
            assertThat(v.runs()).isEmpty();
        }
    }
}
