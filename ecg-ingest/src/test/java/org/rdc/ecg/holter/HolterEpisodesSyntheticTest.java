package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Holter analysis against known labels on a SYNTHETIC record (no real labelled long-term record
 * with these events is available): 2 h, 3 leads, 256 Hz ({@link SyntheticHolter}, seed 7, its
 * {@link SyntheticHolter#CLINICAL_EVENTS}) with two AF episodes, VT and SVT runs (one of each sustained, the SVT at 190 bpm), a 3.2 s sinus pause,
 * sinus bradycardia at 32 bpm, a wide escape rhythm at 38 bpm with dissociated P waves, ST
 * depression and elevation, muscle noise, every lead off, one lead off and a saturated lead. Each
 * test prints its figures for docs/holter-accuracy.md.
 */
class HolterEpisodesSyntheticTest {

    static final double FS = 256;

    static SyntheticHolter synthetic;
    static HolterAnalysis analysis;

    @BeforeAll
    static void analyse() throws Exception {
        synthetic = new SyntheticHolter(2, 3, (int) FS, 7, SyntheticHolter.CLINICAL_EVENTS);
        analysis = HolterAnalyzer.analyse(synthetic, HolterSettings.defaults(), List.of(new DiaryEntry(700, "palpitations"),
                new DiaryEntry(1202, "dizzy"), new DiaryEntry(2530, "climbing stairs"), new DiaryEntry(4230, "tired")));
    }

    @Test
    void beatsAndClassesOutsideExcludedSegmentsMeetTheEc57Targets() {
        long[] ref = synthetic.beatFrames();
        BeatClass[] refClass = synthetic.beatClasses();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < ref.length; i++) {
            if (!excluded(ref[i])) {
                keep.add(i);
            }
        }
        long[] r = keep.stream().mapToLong(i -> ref[i]).toArray();
        BeatClass[] rc = keep.stream().map(i -> refClass[i]).toArray(BeatClass[]::new);
        BeatTable t = analysis.beats();
        List<Integer> detectedKept = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (analysis.label(i) != BeatClass.UNCLASSIFIABLE) {
                detectedKept.add(i);
            }
        }
        long[] d = detectedKept.stream().mapToLong(t::frame).toArray();
        BeatClass[] dc = detectedKept.stream().map(analysis::label).toArray(BeatClass[]::new);
        Ec57Match qrs = Ec57Match.of(r, d, FS);
        Ec57Match veb = Ec57Match.ofClass(r, rc, d, dc, BeatClass.VENTRICULAR, FS);
        Ec57Match sveb = Ec57Match.ofClass(r, rc, d, dc, BeatClass.SUPRAVENTRICULAR, FS);
        System.out.printf("synthetic 2 h: QRS %s Se %.2f +P %.2f; VEB %s Se %.2f +P %.2f; SVEB %s Se %.2f +P %.2f%n", qrs,
                qrs.sensitivity(), qrs.positivePredictivity(), veb, veb.sensitivity(), veb.positivePredictivity(), sveb,
                sveb.sensitivity(), sveb.positivePredictivity());
        assertThat(r.length).isGreaterThan(7000);
        assertThat(qrs.sensitivity()).isGreaterThanOrEqualTo(99.5);
        assertThat(qrs.positivePredictivity()).isGreaterThanOrEqualTo(99.5);
        assertThat(veb.truePositives() + veb.falseNegatives()).isGreaterThan(150);
        assertThat(veb.sensitivity()).isGreaterThanOrEqualTo(95.0);
        assertThat(veb.positivePredictivity()).isGreaterThanOrEqualTo(95.0);
        // inside AF early beats are AF conducted, not ectopics: the reference S beats are the two SVT runs
        assertThat(sveb.truePositives() + sveb.falseNegatives()).isEqualTo(15 + 127);
        assertThat(sveb.sensitivity()).isGreaterThanOrEqualTo(95.0);
        assertThat(sveb.positivePredictivity()).isGreaterThanOrEqualTo(95.0);
    }

    @Test
    void noiseLeadOffAndSaturationAreFoundAndExcludedFromTheAnalysedDuration() {
        List<SignalQuality.Segment> s = analysis.segments();
        System.out.println("synthetic 2 h segments: " + s);
        assertThat(s).extracting(SignalQuality.Segment::kind).containsExactly(SignalQuality.Kind.NOISE,
                SignalQuality.Kind.LEAD_OFF, SignalQuality.Kind.LEAD_OFF, SignalQuality.Kind.SATURATION);
        assertSpan(s.get(0).from(), s.get(0).to(), 2500, 2560, 1);
        assertSpan(s.get(1).from(), s.get(1).to(), 2700, 2745, 1);
        assertSpan(s.get(2).from(), s.get(2).to(), 2900, 3020, 1);
        assertSpan(s.get(3).from(), s.get(3).to(), 3200, 3240, 1);
        assertThat(s.get(0).leads()).containsExactly(0);
        assertThat(s.get(2).leads()).containsExactly(2);
        // one lead off leaves the other two to analyse; noise, saturation and every lead off are excluded
        assertThat(s).extracting(SignalQuality.Segment::excluded).containsExactly(true, true, false, true);
        HolterSummary sum = analysis.summary();
        assertThat(sum.excludedSeconds()).isCloseTo(145, within(2.0));
        assertThat(sum.analysedSeconds()).isCloseTo(7200 - 145, within(2.0));
        assertThat(sum.artefactBeats()).isPositive();
        // the gap where every lead was off is no pause
        assertThat(sum.pauses()).allMatch(p -> p.seconds() < 5);
    }

    @Test
    void afEpisodesAndBurdenFromRrIrregularity() {
        List<HolterSummary.Episode> af = analysis.summary().afEpisodes();
        System.out.println("synthetic 2 h AF: " + af + " burden " + analysis.summary().afBurdenPercent());
        assertThat(af).hasSize(2);
        assertSpan(af.get(0).fromFrame(), af.get(0).toFrame(), 600, 900, 15);
        assertSpan(af.get(1).fromFrame(), af.get(1).toFrame(), 5000, 5600, 15);
        double truth = 100 * 900 / analysis.summary().analysedSeconds();
        assertThat(analysis.summary().afBurdenPercent()).isCloseTo(truth, within(1.0));
    }

    @Test
    void vtAndSvtEpisodesWithTheSustainedOnes() {
        HolterSummary s = analysis.summary();
        System.out.println("synthetic 2 h VT: " + s.vtEpisodes() + "\nSVT: " + s.svtEpisodes());
        assertThat(s.vtEpisodes()).hasSize(2);
        assertThat(s.vtEpisodes().get(0).beats()).isEqualTo(12);
        assertThat(s.vtEpisodes().get(0).bpm()).isCloseTo(160, within(2.0));
        assertThat(s.vtEpisodes().get(0).sustained()).isFalse();
        assertThat(s.vtEpisodes().get(1).beats()).isEqualTo(100);
        assertThat(s.vtEpisodes().get(1).sustained()).isTrue();
        assertSpan(s.vtEpisodes().get(1).fromFrame(), s.vtEpisodes().get(1).toFrame(), 3500, 3540, 1);
        assertThat(s.svtEpisodes()).hasSize(2);
        assertThat(s.svtEpisodes().get(0).beats()).isBetween(13, 15);
        assertThat(s.svtEpisodes().get(1).bpm()).isCloseTo(190, within(3.0));
        assertSpan(s.svtEpisodes().get(1).fromFrame(), s.svtEpisodes().get(1).toFrame(), 4500, 4540, 1);
        // the escape rhythm is a ventricular run, but at 38 bpm no tachycardia
        assertThat(s.ventricularEctopy().runs()).anyMatch(r -> r.bpm() < 40 && r.beats() > 50);
    }

    @Test
    void stEpisodesByTheOneByOneByOneRule() {
        List<HolterSummary.StEpisode> st = analysis.summary().stEpisodes();
        System.out.println("synthetic 2 h ST: " + st);
        // -150 uV on lead 1 (-90 and +68 uV on the others, under the 100 uV threshold), then +150 uV
        assertThat(st).hasSize(2);
        assertThat(st.get(0).lead()).isZero();
        assertThat(st.get(0).elevation()).isFalse();
        assertThat(st.get(0).maxDeviationUv()).isCloseTo(150, within(30.0));
        assertSpan(st.get(0).fromFrame(), st.get(0).toFrame(), 2100, 2280, 10);
        assertThat(st.get(1).lead()).isZero();
        assertThat(st.get(1).elevation()).isTrue();
        assertSpan(st.get(1).fromFrame(), st.get(1).toFrame(), 6000, 6120, 10);
    }

    @Test
    void pausesAndCriticalFindingsWithTheirTimes() {
        HolterSummary s = analysis.summary();
        long window = Math.round(Ec57Match.WINDOW_SECONDS * FS);
        List<long[]> truth = synthetic.pauses();
        System.out.println("synthetic 2 h pauses: " + truth.stream().map(Arrays::toString).toList() + " found " + s.pauses());
        assertThat(truth).hasSize(2);
        for (long[] p : truth) {
            assertThat(s.pauses()).anyMatch(q -> Math.abs(q.fromFrame() - p[0]) <= window && Math.abs(q.toFrame() - p[1]) <= window);
        }
        assertThat(s.pauses()).hasSize(2);
        List<HolterFinding> f = s.criticalFindings();
        f.forEach(x -> System.out.println("finding " + x.flag().code() + " " + x.fromFrame() / FS + "-" + x.toFrame() / FS + " " + x.flag().en()));
        assertThat(f).extracting(x -> x.flag().code()).containsExactly("PAUSE", "SUSTAINED_VT", "AV_BLOCK_3_PATTERN",
                "EXTREME_BRADYCARDIA", "PAUSE", "EXTREME_TACHYCARDIA");
        assertSpan(f.get(1).fromFrame(), f.get(1).toFrame(), 3500, 3540, 1);
        assertSpan(f.get(2).fromFrame(), f.get(2).toFrame(), 3800, 3890, 5);
        assertThat(f.get(2).flag().value()).isEqualTo(38);
        assertSpan(f.get(3).fromFrame(), f.get(3).toFrame(), 4200, 4260, 6);
        assertSpan(f.get(5).fromFrame(), f.get(5).toFrame(), 4500, 4540, 2);
        assertThat(f.get(0).flag().value()).isEqualTo(3.2);
        assertThat(f.get(0).flag().threshold()).isEqualTo(3.0);
    }

    @Test
    void sustainedRateNeedsTheConfiguredDuration() {
        assertThat(analysis.settings().sustainedRateSeconds()).isEqualTo(30);
        HolterAnalysis strict = analysis.withSettings(analysis.settings().withSustainedRateSeconds(90));
        assertThat(strict.summary().criticalFindings()).extracting(x -> x.flag().code())
                .doesNotContain("EXTREME_BRADYCARDIA", "EXTREME_TACHYCARDIA");
    }

    @Test
    void diaryEventsCarryTheRateAndRhythmOfTheirMoment() {
        List<DiaryEvent> d = analysis.summary().diaryEvents();
        d.forEach(e -> System.out.println("diary " + e));
        assertThat(d).hasSize(4);
        assertThat(d.get(0).during()).containsExactly("AF");
        assertThat(d.get(1).during()).containsExactly("VT");
        assertThat(d.get(1).beatsAround().get(BeatClass.VENTRICULAR)).isEqualTo(12);
        assertThat(d.get(2).during()).containsExactly("NOISE");
        assertThat(d.get(3).heartRateBpm()).isCloseTo(32, within(1.0));
        assertThat(analysis.beats().frame(d.get(3).nearestBeat()) / FS).isCloseTo(4230, within(1.0));
    }

    @Test
    void relabellingATemplateOrABeatUpdatesEveryCount() {
        HolterSummary before = analysis.summary();
        int vTemplate = analysis.templates().stream().filter(t -> t.automaticLabel() == BeatClass.VENTRICULAR)
                .max((a, b) -> Integer.compare(a.members(), b.members())).orElseThrow().id();
        int members = (int) java.util.stream.IntStream.range(0, analysis.beats().size())
                .filter(i -> analysis.beats().template(i) == vTemplate && analysis.label(i) == BeatClass.VENTRICULAR).count();
        HolterAnalysis n = HolterAnalysis.relabel(analysis, new HolterAnalysis.Target.Template(vTemplate), BeatClass.NORMAL);
        HolterSummary after = n.summary();
        System.out.printf("relabel template %d (%d V) as N: V %d -> %d, S %d -> %d, VT %d -> %d%n", vTemplate, members,
                before.count(BeatClass.VENTRICULAR), after.count(BeatClass.VENTRICULAR), before.count(BeatClass.SUPRAVENTRICULAR),
                after.count(BeatClass.SUPRAVENTRICULAR), before.vtEpisodes().size(), after.vtEpisodes().size());
        assertThat(members).isGreaterThan(150);
        assertThat(after.count(BeatClass.VENTRICULAR)).isEqualTo(before.count(BeatClass.VENTRICULAR) - members);
        assertThat(after.count(BeatClass.NORMAL) + after.count(BeatClass.SUPRAVENTRICULAR))
                .isEqualTo(before.count(BeatClass.NORMAL) + before.count(BeatClass.SUPRAVENTRICULAR) + members);
        assertThat(after.totalBeats()).isEqualTo(before.totalBeats());
        assertThat(after.vtEpisodes()).isEmpty();
        assertThat(after.criticalFindings()).extracting(x -> x.flag().code()).doesNotContain("SUSTAINED_VT");
        assertThat(n.templateLabel(vTemplate)).isEqualTo(BeatClass.NORMAL);
        assertThat(n.templateCounts(vTemplate)).doesNotContainKey(BeatClass.VENTRICULAR);
        assertThat(analysis.summary().vtEpisodes()).hasSize(2);

        // one beat of the 12-beat VT run back to ventricular on its own: the beat's label wins over its template's
        int vtBeat = before.vtEpisodes().get(0).firstBeat() + 5;
        HolterAnalysis one = HolterAnalysis.relabel(n, new HolterAnalysis.Target.Beat(vtBeat), BeatClass.VENTRICULAR);
        assertThat(one.summary().count(BeatClass.VENTRICULAR)).isEqualTo(after.count(BeatClass.VENTRICULAR) + 1);
        assertThat(one.summary().ventricularEctopy().isolated()).isEqualTo(after.ventricularEctopy().isolated() + 1);
        assertThat(one.label(vtBeat)).isEqualTo(BeatClass.VENTRICULAR);
        assertThat(one.beatRelabels()).containsEntry(vtBeat, BeatClass.VENTRICULAR);
    }

    private static boolean excluded(long frame) {
        return analysis.segments().stream().anyMatch(s -> s.excluded() && s.from() <= frame && frame < s.to());
    }

    private static void assertSpan(long from, long to, double fromS, double toS, double toleranceS) {
        assertThat(from / FS).as("start").isCloseTo(fromS, within(toleranceS));
        assertThat(to / FS).as("end").isCloseTo(toS, within(toleranceS));
    }
}
