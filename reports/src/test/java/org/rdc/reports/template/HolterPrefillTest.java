package org.rdc.reports.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.holter.BeatClass;
import org.rdc.ecg.holter.HolterAnalysis;
import org.rdc.ecg.holter.HolterAnalyzer;
import org.rdc.ecg.holter.HolterReader;
import org.rdc.ecg.holter.HolterSettings;
import org.rdc.ecg.holter.HolterSummary;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.holter.RhythmSummary;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.intake.HolterUploads;
import org.rdc.storage.StorageFixture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 14 point 6: the Holter template's fields pre-filled from the analysis the intake stored. Real recordings go in
 * the way a device sends them (a completed upload processed by {@link HolterIntake} into a real instance store); the
 * expected figures are those {@link HolterAnalyzer} computes from the same file, independently of the stored JSON.
 */
class HolterPrefillTest {

    private static final double PAUSE_SECONDS = 2.0;

    @TempDir
    Path dir;

    private StorageFixture storage;
    private HolterUploads uploads;
    private HolterIntake intake;
    private Templates templates;
    private ReportTemplate holter;
    private HolterPrefill prefill;

    @BeforeEach
    void setUp() {
        storage = new StorageFixture(dir.resolve("storage"));
        uploads = new HolterUploads(dir.resolve("uploads"), 1L << 30, storage.jobs, Clock.systemUTC());
        intake = new HolterIntake(storage.store, uploads, EcgIntake.Listener.NONE, PAUSE_SECONDS);
        templates = new Templates(storage.dataSource, Clock.systemUTC());
        holter = templates.latest("ecg-holter-24h").orElseThrow();
        prefill = new HolterPrefill(storage.store);
    }

    @AfterEach
    void tearDown() {
        storage.close();
    }

    @Test
    void mitBih100TheTemplatesFiguresAreTheAnalysisFigures() throws Exception {
        Path edf = HolterTestFiles.mitdb100AsEdf(dir.resolve("100.edf"));
        String study = upload(edf);
        HolterAnalysis a = analyse(edf);
        HolterSummary s = a.summary();

        ObjectNode v = prefill.values(study, holter);

        LocalDateTime start = a.start();
        assertThat(start).as("the EDF+ header's start").isEqualTo(LocalDateTime.of(2026, 12, 2, 8, 30, 15));
        assertThat(v.get("recordingStart").asString()).isEqualTo("2026-12-02 08:30:15");
        assertThat(v.get("recordingEnd").asString()).isEqualTo(start.plusSeconds(Math.round(s.recordedSeconds()))
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        assertThat(v.get("recordedDuration").asString()).isEqualTo(HolterPrefill.Figures.hms(s.recordedSeconds())).isEqualTo("00:30:05");
        assertThat(v.get("analysedDuration").asString()).isEqualTo(HolterPrefill.Figures.hms(s.analysedSeconds()));
        assertThat(v.get("excludedDuration").asString()).isEqualTo(HolterPrefill.Figures.hms(s.excludedSeconds()));
        assertThat(v.get("totalBeats").asLong()).isEqualTo(s.totalBeats()).isBetween(2200L, 2300L);
        assertThat(v.get("meanHr").asLong()).isEqualTo(Math.round(s.meanRateBpm()));
        assertThat(v.get("minHr").asLong()).isEqualTo(Math.round(s.minRate().bpm()));
        assertThat(v.get("minHrTime").asString()).isEqualTo(minute(start, s.minRate().minute()));
        assertThat(v.get("maxHr").asLong()).isEqualTo(Math.round(s.maxRate().bpm()));
        assertThat(v.get("maxHrTime").asString()).isEqualTo(minute(start, s.maxRate().minute()));
        assertThat(v.get("pauseThreshold").asDouble()).isEqualTo(PAUSE_SECONDS);
        assertThat(v.get("pauseCount").asLong()).isEqualTo(s.pauses().size());
        assertThat(v.get("ventricularBeats").asLong()).isEqualTo(s.count(BeatClass.VENTRICULAR));
        assertThat(v.get("supraventricularBeats").asLong()).isEqualTo(s.count(BeatClass.SUPRAVENTRICULAR)).isPositive();
        assertThat(v.get("ventricularCouplets").asLong()).isEqualTo(s.ventricularEctopy().couplets());
        assertThat(v.get("supraventricularIsolated").asLong()).isEqualTo(s.supraventricularEctopy().isolated());
        assertThat(v.get("supraventricularCouplets").asLong()).isEqualTo(s.supraventricularEctopy().couplets());
        assertThat(v.get("supraventricularRuns").asLong()).isEqualTo(s.supraventricularEctopy().runs().size());
        assertThat(v.get("ventricularBigeminy").asLong()).isEqualTo(s.ventricularEctopy().bigeminy().size());
        assertThat(v.get("vtEpisodes").asLong()).isEqualTo(s.vtEpisodes().size());
        assertThat(v.get("afBurden").asDouble()).isEqualTo(round(s.afBurdenPercent(), 100));
        RhythmSummary.Hrv hrv = s.hrv();
        assertThat(v.get("sdnn").asDouble()).isEqualTo(round(hrv.sdnnMs(), 10)).isPositive();
        assertThat(v.get("rmssd").asDouble()).isEqualTo(round(hrv.rmssdMs(), 10));
        assertThat(v.get("pnn50").asDouble()).isEqualTo(round(hrv.pnn50Percent(), 100));
        assertThat(v.get("stEpisodes").asLong()).isEqualTo(s.stEpisodes().size());
        List<String> hours = texts(v.get("hourly"));
        RhythmSummary.HourRow first = s.hourlyTable().get(0);
        assertThat(hours).hasSize(s.hourlyTable().size()).first().isEqualTo("08:30-09:30  " + first.beats() + " 次  "
                + whole(first.minBpm()) + "/" + whole(first.meanBpm()) + "/" + whole(first.maxBpm()));
        FieldValues.check(holter, v);  // what is pre-filled, the template accepts
        assertThat(v.has("longestRr")).as("no pause of 2 s in record 100: nothing to fill").isEqualTo(!s.pauses().isEmpty());
    }

    @Test
    void aRecordingWithAPauseVtAndAfFillsTheLongestPauseWithItsTimeTheEpisodesAndTheBurden() throws Exception {
        Path ishne = HolterTestFiles.syntheticIshneWithClinicalEvents(dir.resolve("events.ecg"), 35.0 / 60, 256);
        String study = upload(ishne);
        HolterAnalysis a = analyse(ishne);
        HolterSummary s = a.summary();
        RhythmSummary.Pause longest = s.pauses().stream().max(java.util.Comparator.comparingDouble(RhythmSummary.Pause::seconds))
                .orElseThrow();

        ObjectNode v = prefill.values(study, holter);

        assertThat(v.get("longestRr").asDouble()).isEqualTo(round(longest.seconds(), 1000)).isBetween(3.0, 3.5);
        double at = longest.fromFrame() / a.sampleRate();
        assertThat(at).as("the injected pause at 1800 s").isBetween(1798.0, 1802.0);
        String expected = a.start() == null ? "记录第 " + HolterPrefill.Figures.hms(at)
                : a.start().plusNanos(Math.round(round(at, 1000) * 1e9)).format(java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm:ss"));
        assertThat(v.get("longestRrTime").asString()).isEqualTo(expected);
        assertThat(v.get("pauseCount").asLong()).isEqualTo(s.pauses().size());
        assertThat(v.get("afEpisodes").asLong()).isEqualTo(s.afEpisodes().size()).isEqualTo(1);
        assertThat(v.get("afBurden").asDouble()).isEqualTo(round(s.afBurdenPercent(), 100)).isPositive();
        assertThat(v.get("vtEpisodes").asLong()).isEqualTo(s.vtEpisodes().size());
        assertThat(v.get("ventricularRuns").asLong()).isEqualTo(s.ventricularEctopy().runs().size()).isPositive();
        FieldValues.check(holter, v);
    }

    @Test
    void theHolterTemplateIsChosenForAHolterStudyAndTheRestingOneStaysForARestingEcg() {
        assertThat(templates.choose("ECG", List.of("ECG"), "动态心电图 Holter ECG", null).id()).isEqualTo("ecg-holter-24h");
        assertThat(templates.choose("ECG", List.of("ECG"), "静息心电图 Resting ECG", null).id()).isEqualTo("ecg-resting-12");
        assertThat(templates.choose("ECG", List.of("ECG"), "常规心电图", null).id()).isEqualTo("ecg-resting-12");
        assertThat(templates.choose("ECG", List.of("ECG"), "24h HOLTER", null).id()).isEqualTo("ecg-holter-24h");
        assertThat(templates.choose("ECG", List.of("ECG"), null, null).id()).as("no description: a resting ECG").isEqualTo("ecg-resting-12");
        assertThat(templates.choose("ECG", List.of("ECG"), "", null).id()).isEqualTo("ecg-resting-12");
        assertThat(templates.choose("ECG", List.of(), "DEVICE 123", null).id()).isEqualTo("ecg-resting-12");
        assertThat(templates.choose("ECG", List.of("ECG"), "常规检查", "ecg-holter-24h").id()).as("the reader may still choose it")
                .isEqualTo("ecg-holter-24h");
    }

    @Test
    void aValueTheTemplateRefusesIsLeftEmptyAndAStudyWithoutAnalysisOrATemplateWithoutHolterFieldsGetsNothing() throws Exception {
        ReportTemplate resting = templates.latest("ecg-resting-12").orElseThrow();
        assertThat(prefill.values("2.25.404", holter).isEmpty()).isTrue();
        Path edf = HolterTestFiles.mitdb100AsEdf(dir.resolve("100.edf"));
        String study = upload(edf);
        assertThat(prefill.values(study, resting).isEmpty()).as("the resting template has no holter.* fields").isTrue();

        String definition;
        try (var in = getClass().getClassLoader().getResourceAsStream("templates/ecg-holter-24h.json")) {
            definition = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String meanHr = "\"max\": 350, \"required\": true, \"prefill\": \"holter.meanHr\"";
        assertThat(definition).contains(meanHr);
        ReportTemplate narrow = TemplateJson.parse(definition.replace(meanHr, "\"max\": 40, \"prefill\": \"holter.meanHr\""));
        ObjectNode v = prefill.values(study, narrow);
        assertThat(v.has("meanHr")).as("a mean of about 75 over a max of 40").isFalse();
        assertThat(v.has("totalBeats")).isTrue();
    }

    /** An attachment an earlier intake stored, with the analysis under {@code analysis}, is read from there. */
    @Test
    void anAnalysisStoredByTheEarlierIntakeUnderAnalysisIsReadFromThere() {
        ObjectNode older = org.rdc.ecg.json.EcgJson.object();
        older.putObject("beats").put("total", 4321);  // the earlier intake's own summary, not what a report reads
        ObjectNode inner = older.putObject("analysis");
        inner.putObject("beats").put("total", 1234);
        inner.putObject("heartRate").put("meanBpm", 71.6);
        storage.store.storeAttachment(new org.rdc.storage.catalog.AttachmentAttributes("2.25.77", HolterIntake.ANALYSIS,
                "holter-analysis.json", "application/json", "demo"), new java.io.ByteArrayInputStream(org.rdc.ecg.json.EcgJson.toBytes(older)));

        ObjectNode v = prefill.values("2.25.77", holter);

        assertThat(v.get("totalBeats").asLong()).isEqualTo(1234);
        assertThat(v.get("meanHr").asLong()).isEqualTo(72);
        assertThat(v.has("recordingStart")).isFalse();
    }

    private String upload(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        HolterUploads.Upload u = uploads.create(new Device("demo", "DEMO_ECG"), bytes.length, Map.of("filename", file.getFileName().toString()));
        try (HolterUploads.Appender app = uploads.append(u, 0).orElseThrow()) {
            app.write(ByteBuffer.wrap(bytes));
            app.sync();
        }
        intake.process(u.id());
        HolterUploads.Upload done = uploads.find(u.id()).orElseThrow();
        assertThat(done.state()).as(String.valueOf(done)).isEqualTo(HolterUploads.State.DONE);
        return done.studyInstanceUid();
    }

    private static HolterAnalysis analyse(Path file) throws Exception {
        try (var rec = HolterReader.open(file)) {
            return HolterAnalyzer.analyse(rec, HolterSettings.defaults().withPauseSeconds(PAUSE_SECONDS), List.of());
        }
    }

    private static String minute(LocalDateTime start, int minute) {
        return start.plusMinutes(minute).format(java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm"));
    }

    /** A rate as the hourly table prints it: whole beats per minute of the analysis' one decimal. */
    private static long whole(double bpm) {
        return Math.round(round(bpm, 10));
    }

    private static double round(double x, int scale) {
        return Math.round(x * scale) / (double) scale;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
