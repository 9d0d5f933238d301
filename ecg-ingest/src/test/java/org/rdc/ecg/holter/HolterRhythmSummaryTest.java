package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;

/** Pauses, per-minute rate, the hourly table and time-domain HRV on exact synthetic series and on record 100. */
class HolterRhythmSummaryTest {

    private static final int FS = 250;

    /** RR alternating 800 / 1000 ms for 20 min, one PVC, one 2.4 s pause: every figure is known by hand. */
    @Test
    void knownSeriesGivesHandComputedFigures() {
        List<Long> beats = new ArrayList<>();
        List<BeatClass> classes = new ArrayList<>();
        long t = FS;
        int k = 0;
        while (t < 20L * 60 * FS) {
            beats.add(t);
            classes.add(BeatClass.NORMAL);
            t += k++ % 2 == 0 ? 200 : 250;
        }
        // a PVC between beats 100 and 101, and a 2.4 s gap after beat 600 (the next beat moved, later ones kept)
        beats.add(101, (beats.get(100) + beats.get(101)) / 2);
        classes.add(101, BeatClass.VENTRICULAR);
        long gap = 600 - beats.get(601) + beats.get(600);
        for (int i = 601; i < beats.size(); i++) {
            beats.set(i, beats.get(i) + gap);
        }
        long[] b = beats.stream().mapToLong(Long::longValue).toArray();
        RhythmSummary s = new RhythmSummary(b, classes.toArray(BeatClass[]::new), FS, 22L * 60 * FS, LocalDateTime.of(2026, 12, 2, 8, 0));

        assertThat(s.pauses(RhythmSummary.DEFAULT_PAUSE_SECONDS)).singleElement()
                .satisfies(p -> assertThat(p.seconds()).isEqualTo(2.4));
        assertThat(s.pauses(2.5)).isEmpty();

        RhythmSummary.Hrv hrv = s.hrv();
        // NN intervals alternate 800 and 1000 ms, except the 2.4 s one: mean 900 ms plus that outlier
        assertThat(hrv.nnIntervals()).isEqualTo(b.length - 1 - 2);
        double[] nn = nnByHand(b, classes);
        assertThat(hrv.sdnnMs()).isCloseTo(sd(nn), within(1e-9));
        // successive differences are +-200 ms everywhere except around the pause and the PVC
        assertThat(hrv.pnn50Percent()).isEqualTo(100.0);
        assertThat(hrv.rmssdMs()).isBetween(200.0, 260.0);
        assertThat(hrv.sdannMs()).isLessThan(10.0);

        List<RhythmSummary.MinuteRate> minutes = s.minuteRates();
        assertThat(minutes).hasSize(22);
        assertThat(minutes.get(5).bpm()).isCloseTo(60_000 / 900.0, within(1.0));
        assertThat(minutes.get(21).bpm()).as("a minute without beats").isNaN();
        List<RhythmSummary.HourRow> hours = s.hourlyTable();
        assertThat(hours).singleElement().satisfies(h -> {
            assertThat(h.start()).isEqualTo(LocalDateTime.of(2026, 12, 2, 8, 0));
            assertThat(h.beats()).isEqualTo(b.length);
            assertThat(h.maxBpm()).isGreaterThan(h.meanBpm());
            assertThat(h.minBpm()).isLessThan(h.meanBpm());
        });
    }

    private static double[] nnByHand(long[] b, List<BeatClass> classes) {
        List<Double> out = new ArrayList<>();
        for (int i = 1; i < b.length; i++) {
            if (classes.get(i) == BeatClass.NORMAL && classes.get(i - 1) == BeatClass.NORMAL) {
                out.add(1000.0 * (b[i] - b[i - 1]) / FS);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double sd(double[] x) {
        double m = Arrays.stream(x).average().orElseThrow();
        return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / x.length);
    }

    /** Record 100: figures from our detected, labelled beats agree with those from the reference annotations. */
    @Test
    void record100FromDetectedBeatsAgreesWithTheReference() throws Exception {
        try (HolterRecording rec = HolterReader.open(TestData.path("ecg/mitdb/100.hea"))) {
            var ref = rec.annotations().stream().filter(HolterAnnotation::isBeat).toList();
            RhythmSummary reference = new RhythmSummary(ref.stream().mapToLong(HolterAnnotation::frame).toArray(),
                    ref.stream().map(a -> a.beatClass().orElseThrow()).toArray(BeatClass[]::new), 360, rec.header().frames(), null);
            StreamingBeatDetector d = new StreamingBeatDetector(360, 2);
            SampleBlock block = rec.newBlock();
            while (rec.read(block)) {
                d.accept(block);
            }
            RhythmSummary ours = new RhythmSummary(d.finish(), d.classes(), 360, rec.header().frames(), null);
            RhythmSummary.Hrv a = reference.hrv();
            RhythmSummary.Hrv b = ours.hrv();
            System.out.println("mitdb/100 HRV reference " + a + "\nmitdb/100 HRV detected  " + b);
            assertThat(reference.pauses(2.0)).isEmpty();
            assertThat(ours.pauses(2.0)).isEmpty();
            assertThat(b.sdnnMs()).isCloseTo(a.sdnnMs(), within(2.0));
            assertThat(b.sdannMs()).isCloseTo(a.sdannMs(), within(2.0));
            assertThat(b.rmssdMs()).isCloseTo(a.rmssdMs(), within(3.0));
            assertThat(b.pnn50Percent()).isCloseTo(a.pnn50Percent(), within(1.0));
            // 2273 beats in 30 min 5.6 s: about 75 bpm
            double mean = reference.hourlyTable().get(0).meanBpm();
            assertThat(mean).isBetween(73.0, 78.0);
            assertThat(ours.hourlyTable().get(0).meanBpm()).isCloseTo(mean, within(0.5));
        }
    }
}
