package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.TestData;
import org.rdc.ecg.json.EcgJson;
import org.rdc.ecg.json.HolterJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored analysis reads back into the same {@link HolterAnalysis} ({@link HolterJson#stored}, {@link HolterJson#read}):
 * on the REAL MIT-BIH record 100 (with a diary entry, and after a relabel already made) and on a synthetic 55 minutes with
 * excluded segments, AF, VT, a critical pause and ST, through the bytes as the store keeps them. Every summary figure
 * is equal, and a relabel of the read-back analysis gives the summary the same relabel of the original gives.
 */
class HolterStoredAnalysisTest {

    static HolterAnalysis mitdb;
    static HolterAnalysis events;

    @BeforeAll
    static void analyse(@TempDir Path dir) throws Exception {
        try (HolterRecording rec = HolterReader.open(TestData.path("ecg/mitdb/100.hea"))) {
            mitdb = HolterAnalyzer.analyse(rec, HolterSettings.defaults().withPauseSeconds(1.5),
                    List.of(new DiaryEntry(600.123456, "walking"), new DiaryEntry(1201.5, "chest pain")));
        }
        Path file = HolterTestFiles.syntheticIshneWithClinicalEvents(dir.resolve("events.ecg"), 55.0 / 60, 256);
        try (HolterRecording rec = HolterReader.open(file)) {
            events = HolterAnalyzer.analyse(rec);
        }
    }

    /** Written to bytes and parsed, as the store keeps the attachment. */
    private static HolterAnalysis roundTrip(HolterAnalysis a) {
        ObjectNode stored = EcgJson.parseObject(EcgJson.toBytes(HolterJson.stored(a)));
        return HolterJson.read(stored);
    }

    @Test
    void mitdb100ReadsBackWithEverySummaryFigure() {
        HolterAnalysis back = roundTrip(mitdb);
        assertSame(back, mitdb);
        assertThat(back.summary().count(BeatClass.SUPRAVENTRICULAR)).as("record 100's 33 APBs").isEqualTo(33);
        assertThat(back.settings().pauseSeconds()).isEqualTo(1.5);
        assertThat(back.diary()).isEqualTo(mitdb.diary());
    }

    @Test
    void aRecordingWithSegmentsEpisodesAndCriticalFindingsReadsBack() {
        assertThat(events.segments()).as("the synthetic noise and lead-off").isNotEmpty();
        assertThat(events.summary().afEpisodes()).isNotEmpty();
        assertThat(events.summary().criticalFindings()).isNotEmpty();
        assertSame(roundTrip(events), events);
    }

    @Test
    void relabellingTheReadBackAnalysisGivesWhatRelabellingTheOriginalGives() {
        int pvc = IntStream.range(0, mitdb.beats().size()).filter(i -> mitdb.label(i) == BeatClass.VENTRICULAR).findFirst().orElseThrow();
        HolterAnalysis.Target template = new HolterAnalysis.Target.Template(mitdb.beats().template(pvc));
        HolterAnalysis.Target beat = new HolterAnalysis.Target.Beat(1000);

        HolterAnalysis original = HolterAnalysis.relabel(mitdb, template, BeatClass.NORMAL);
        HolterAnalysis read = HolterAnalysis.relabel(roundTrip(mitdb), template, BeatClass.NORMAL);
        assertSame(read, original);
        assertThat(read.summary().count(BeatClass.VENTRICULAR)).isZero();

        // a relabel already made is stored, read back and built on
        HolterAnalysis twice = HolterAnalysis.relabel(original, beat, BeatClass.VENTRICULAR);
        HolterAnalysis twiceRead = HolterAnalysis.relabel(roundTrip(original), beat, BeatClass.VENTRICULAR);
        assertSame(twiceRead, twice);
        assertThat(twiceRead.templateRelabels()).isEqualTo(twice.templateRelabels());
        assertThat(twiceRead.beatRelabels()).isEqualTo(java.util.Map.of(1000, BeatClass.VENTRICULAR));
        assertSame(roundTrip(twice), twice);

        int vTemplate = IntStream.range(0, events.templates().size())
                .filter(t -> events.templateLabel(t) == BeatClass.VENTRICULAR).findFirst().orElseThrow();
        HolterAnalysis.Target v = new HolterAnalysis.Target.Template(vTemplate);
        assertSame(HolterAnalysis.relabel(roundTrip(events), v, BeatClass.NORMAL), HolterAnalysis.relabel(events, v, BeatClass.NORMAL));
    }

    @Test
    void theBeatTableIsCompactAndTheOldShapeIsRefused() {
        byte[] bytes = EcgJson.toBytes(HolterJson.stored(mitdb));
        // frame deltas, templates and ST as 4-byte base64 columns, labels one letter: about 20 bytes a beat
        int table = HolterJson.stored(mitdb).path(HolterJson.REBUILD).path("beats").toString().length();
        assertThat(table).isLessThan(mitdb.beats().size() * (4 + 4 + 2 * 4 + 1 + 1) * 4 / 3 + 200);
        assertThat(bytes.length).isLessThan(200_000);
        JsonNode plain = HolterJson.analysis(mitdb);
        assertThatThrownBy(() -> HolterJson.read(plain)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rebuild");
    }

    /** Every figure of the summary, exactly, and every beat's label. */
    static void assertSame(HolterAnalysis actual, HolterAnalysis expected) {
        HolterSummary a = actual.summary();
        HolterSummary e = expected.summary();
        assertThat(HolterJson.stored(actual)).as("the whole stored JSON").isEqualTo(HolterJson.stored(expected));
        assertThat(a.totalBeats()).isEqualTo(e.totalBeats());
        assertThat(a.artefactBeats()).isEqualTo(e.artefactBeats());
        for (BeatClass c : BeatClass.values()) {
            assertThat(a.count(c)).as(c.name()).isEqualTo(e.count(c));
        }
        assertThat(a.recordedSeconds()).isEqualTo(e.recordedSeconds());
        assertThat(a.excludedSeconds()).isEqualTo(e.excludedSeconds());
        assertThat(a.analysedSeconds()).isEqualTo(e.analysedSeconds());
        assertThat(a.minuteRates()).isEqualTo(e.minuteRates());
        assertThat(a.hourlyTable()).isEqualTo(e.hourlyTable());
        assertThat(a.hrv()).isEqualTo(e.hrv());
        assertThat(a.minRate()).isEqualTo(e.minRate());
        assertThat(a.maxRate()).isEqualTo(e.maxRate());
        assertThat(a.meanRateBpm()).isEqualTo(e.meanRateBpm());
        assertThat(a.pauses()).isEqualTo(e.pauses());
        for (boolean ventricular : new boolean[] {true, false}) {
            EctopyPatterns x = ventricular ? a.ventricularEctopy() : a.supraventricularEctopy();
            EctopyPatterns y = ventricular ? e.ventricularEctopy() : e.supraventricularEctopy();
            assertThat(x.isolated()).isEqualTo(y.isolated());
            assertThat(x.couplets()).isEqualTo(y.couplets());
            assertThat(x.runs()).isEqualTo(y.runs());
            assertThat(x.tachycardiaRuns()).isEqualTo(y.tachycardiaRuns());
            assertThat(x.bigeminy()).isEqualTo(y.bigeminy());
            assertThat(x.trigeminy()).isEqualTo(y.trigeminy());
        }
        assertThat(a.vtEpisodes()).isEqualTo(e.vtEpisodes());
        assertThat(a.svtEpisodes()).isEqualTo(e.svtEpisodes());
        assertThat(a.afEpisodes()).isEqualTo(e.afEpisodes());
        assertThat(a.afBurdenPercent()).isEqualTo(e.afBurdenPercent());
        assertThat(a.stEpisodes()).isEqualTo(e.stEpisodes());
        assertThat(a.criticalFindings()).isEqualTo(e.criticalFindings());
        assertThat(a.diaryEvents()).isEqualTo(e.diaryEvents());
        assertThat(actual.templates()).isEqualTo(expected.templates());
        assertThat(actual.segments()).isEqualTo(expected.segments());
        assertThat(actual.start()).isEqualTo(expected.start());
        assertThat(actual.frames()).isEqualTo(expected.frames());
        for (int i = 0; i < expected.beats().size(); i++) {
            assertThat(actual.label(i)).as("beat %d", i).isEqualTo(expected.label(i));
        }
    }
}
