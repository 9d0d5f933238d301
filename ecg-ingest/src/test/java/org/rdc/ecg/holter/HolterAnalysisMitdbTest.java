package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;
import org.rdc.ecg.json.HolterJson;
import tools.jackson.databind.JsonNode;

/**
 * The whole Holter analysis on a REAL record, MIT-BIH 100 (30 min, 2 leads, 360 Hz; sinus rhythm
 * with 33 atrial premature beats and 1 PVC by its reference annotations, no rhythm change, clean
 * signal): counts by class against the reference, templates, nothing false among the episodes and
 * critical findings, a diary entry's rate against the reference beats, and relabelling.
 */
class HolterAnalysisMitdbTest {

    static HolterAnalysis analysis;
    static List<HolterAnnotation> reference;

    @BeforeAll
    static void analyse() throws Exception {
        try (HolterRecording rec = HolterReader.open(TestData.path("ecg/mitdb/100.hea"))) {
            reference = rec.annotations().stream().filter(HolterAnnotation::isBeat).toList();
            long[] seen = new long[1];
            analysis = HolterAnalyzer.analyse(rec, HolterSettings.defaults(), List.of(new DiaryEntry(600, "walking")),
                    block -> seen[0] += block.frames());
            // the caller sees every block the analysis saw (the intake's strip)
            assertThat(seen[0]).isEqualTo(analysis.frames()).isEqualTo(650_000);
        }
    }

    @Test
    void countsByClassEqualTheReferenceAndNothingFalseIsFound() {
        HolterSummary s = analysis.summary();
        assertThat(s.totalBeats()).isEqualTo(2273);
        assertThat(s.count(BeatClass.NORMAL)).isEqualTo(2239);
        assertThat(s.count(BeatClass.SUPRAVENTRICULAR)).isEqualTo(33);
        assertThat(s.count(BeatClass.VENTRICULAR)).isEqualTo(1);
        assertThat(analysis.segments()).isEmpty();
        assertThat(s.analysedSeconds()).isCloseTo(1805.6, within(0.1));
        assertThat(s.afEpisodes()).isEmpty();
        assertThat(s.afBurdenPercent()).isZero();
        assertThat(s.vtEpisodes()).isEmpty();
        assertThat(s.svtEpisodes()).isEmpty();
        // the record's reference has no ST change annotated
        assertThat(s.stEpisodes()).isEmpty();
        assertThat(s.criticalFindings()).isEmpty();
    }

    @Test
    void templatesGroupTheBeatsAndTheirLabelsFollowTheMembers() {
        List<MorphologyTemplate> t = analysis.templates();
        System.out.println("mitdb/100 templates: " + t);
        assertThat(t.size()).isBetween(2, MorphologyClusters.MAX_TEMPLATES);
        long withTemplate = java.util.stream.IntStream.range(0, analysis.beats().size())
                .filter(i -> analysis.beats().template(i) != BeatTable.NO_TEMPLATE).count();
        assertThat(t.stream().mapToInt(MorphologyTemplate::members).sum()).isEqualTo((int) withTemplate);
        // only a beat within 100 ms of the recording's start or 160 ms of its end has none
        assertThat(withTemplate).isEqualTo(analysis.beats().size() - 1);
        MorphologyTemplate dominant = t.stream().max((a, b) -> Integer.compare(a.members(), b.members())).orElseThrow();
        assertThat(dominant.automaticLabel()).isEqualTo(BeatClass.NORMAL);
        assertThat(dominant.members()).isGreaterThan(1500);
        assertThat(dominant.representatives()).hasSize(MorphologyClusters.REPRESENTATIVES);
        assertThat(dominant.representatives()).allMatch(b -> analysis.beats().template(b) == dominant.id());
        // the reference PVC (sample 546792 at 25:18.9) has a template of its own, labelled ventricular
        int pvc = java.util.stream.IntStream.range(0, analysis.beats().size())
                .filter(i -> analysis.label(i) == BeatClass.VENTRICULAR).findFirst().orElseThrow();
        long refPvc = reference.stream().filter(a -> a.beatClass().orElseThrow() == BeatClass.VENTRICULAR).findFirst().orElseThrow().frame();
        assertThat(Math.abs(analysis.beats().frame(pvc) - refPvc)).isLessThan(Math.round(Ec57Match.WINDOW_SECONDS * 360));
        MorphologyTemplate own = t.get(analysis.beats().template(pvc));
        assertThat(own.automaticLabel()).isEqualTo(BeatClass.VENTRICULAR);
        assertThat(own.qrsMs()).isGreaterThan(dominant.qrsMs());
    }

    @Test
    void relabellingThePvcTemplateAndOneBeat() {
        int pvc = java.util.stream.IntStream.range(0, analysis.beats().size())
                .filter(i -> analysis.label(i) == BeatClass.VENTRICULAR).findFirst().orElseThrow();
        int template = analysis.beats().template(pvc);
        HolterAnalysis n = HolterAnalysis.relabel(analysis, new HolterAnalysis.Target.Template(template), BeatClass.NORMAL);
        // a PVC comes early: relabelled normal-shaped, it is a supraventricular ectopic by its timing
        assertThat(n.summary().count(BeatClass.VENTRICULAR)).isZero();
        assertThat(n.summary().count(BeatClass.SUPRAVENTRICULAR)).isEqualTo(34);
        assertThat(n.summary().ventricularEctopy().isolated()).isZero();
        HolterAnalysis back = HolterAnalysis.relabel(n, new HolterAnalysis.Target.Beat(pvc), BeatClass.VENTRICULAR);
        assertThat(back.summary().count(BeatClass.VENTRICULAR)).isEqualTo(1);
        assertThat(back.summary().count(BeatClass.SUPRAVENTRICULAR)).isEqualTo(33);
        // a normal beat relabelled ventricular next to... nothing: one more isolated V, HRV loses its two NN intervals
        HolterAnalysis v = HolterAnalysis.relabel(analysis, new HolterAnalysis.Target.Beat(1000), BeatClass.VENTRICULAR);
        assertThat(v.summary().ventricularEctopy().isolated()).isEqualTo(2);
        assertThat(v.summary().hrv().nnIntervals()).isEqualTo(analysis.summary().hrv().nnIntervals() - 2);
        assertThat(analysis.summary().count(BeatClass.VENTRICULAR)).as("the original is unchanged").isEqualTo(1);
    }

    @Test
    void aDiaryEntryGetsTheReferenceRateOfItsMinute() {
        DiaryEvent e = analysis.summary().diaryEvents().get(0);
        long from = Math.round(570 * 360.0);
        long to = Math.round(630 * 360.0);
        long[] ref = reference.stream().mapToLong(HolterAnnotation::frame).filter(f -> f >= from && f <= to).toArray();
        double refBpm = 60.0 * (ref.length - 1) / ((ref[ref.length - 1] - ref[0]) / 360.0);
        assertThat(e.heartRateBpm()).isCloseTo(refBpm, within(1.0));
        assertThat(e.beatsAround().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(ref.length);
        assertThat(e.during()).isEmpty();
        assertThat(analysis.beats().frame(e.nearestBeat()) / 360.0).isCloseTo(600, within(1.0));
    }

    @Test
    void theJsonCarriesTheDocumentedFields() {
        JsonNode j = HolterJson.analysis(analysis);
        assertThat(j.propertyNames()).contains("format", "sampleRateHz", "leads", "start", "recordedS", "excludedS",
                "analysedS", "beats", "heartRate", "hourly", "pauses", "ventricular", "supraventricular", "episodes",
                "afBurdenPercent", "hrv", "templates", "beatRelabels", "signalSegments", "diary", "critical", "criticalFindings");
        assertThat(j.get("beats").get("VENTRICULAR").asInt()).isEqualTo(1);
        assertThat(j.get("beats").get("SUPRAVENTRICULAR").asInt()).isEqualTo(33);
        assertThat(j.get("heartRate").get("perMinuteBpm").size()).isEqualTo(31);
        assertThat(j.get("hrv").get("sdnnMs").asDouble()).isCloseTo(35.9, within(0.1));
        assertThat(j.get("templates").get(0).get("representativeBeats").get(0).has("atS")).isTrue();
        assertThat(j.get("diary").get(0).get("text").asString()).isEqualTo("walking");
        assertThat(j.get("critical").asBoolean()).isFalse();
        JsonNode beats = HolterJson.beats(analysis);
        assertThat(beats.get("frames").size()).isEqualTo(2273);
        assertThat(beats.get("labels").asString().chars().filter(c -> c == 'S').count()).isEqualTo(33);
        HolterAnalysis relabelled = HolterAnalysis.relabel(analysis, new HolterAnalysis.Target.Beat(5), BeatClass.FUSION);
        assertThat(HolterJson.analysis(relabelled).get("beatRelabels").get(0).get("label").asString()).isEqualTo("FUSION");
        assertThat(HolterJson.beats(relabelled).get("labels").asString().charAt(5)).isEqualTo('F');
    }
}
