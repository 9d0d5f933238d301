package org.rdc.app.ecg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.ApiClient;
import org.rdc.app.DemoEcgApplication;
import org.rdc.app.DemoEcgDoor;
import org.rdc.ecg.holter.HolterReader;
import org.rdc.ecg.holter.HolterRecording;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.holter.SampleBlock;
import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 point 5, the Holter review API: MIT-BIH record 100 as EDF+ uploaded by tus with the demo key; its strips are
 * the samples {@link HolterReader} decodes from the same file at those frames, with the beats inside; the hour overview's
 * min/max are those of the decoded samples; trends and events; bad windows are 400 with a specific code; another
 * facility gets 404; every read is API_HOLTER in the access log. And an Ambulatory ECG stored the gateway's way (the
 * instance store) is analysed as a Holter recording and reviewed from the instance itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class HolterReviewApiTest extends DemoEcgApplication {

    private ApiClient api;
    private Path edf;
    private String study;

    @BeforeAll
    void upload() throws Exception {
        api = new ApiClient(port);
        DemoEcgDoor.readerAndClerks(api);
        edf = HolterTestFiles.mitdb100AsEdf(Files.createDirectories(data.resolve("files")).resolve("100.edf"));
        study = DemoEcgDoor.uploadByTus(ecg.port(), edf);
    }

    /**
     * Issue 14 point 7: a recording with a 3.2 s pause (synthetic, 35 minutes) goes STAT and raises one critical value
     * to its facility, as a critical resting ECG does; the stored analysis carries the whole analysis (templates, episodes).
     */
    @Test
    void aRecordingWithACriticalPauseGoesStatAndRaisesOneCriticalValueToItsFacility() throws Exception {
        Path file = HolterTestFiles.syntheticIshneWithClinicalEvents(data.resolve("files").resolve("events.ecg"), 35.0 / 60, 256);
        String critical = DemoEcgDoor.uploadByTus(ecg.port(), file);

        JsonNode summary = get("wang.ecg", critical, "", 200);
        assertThat(summary.path("criticalFlags").valueStream().map(f -> f.path("code").asString()).toList()).contains("PAUSE");
        JsonNode pause = summary.path("criticalFlags").valueStream().filter(f -> f.path("code").asString().equals("PAUSE"))
                .findFirst().orElseThrow();
        assertThat(pause.path("fromS").asDouble()).as("the injected pause at 1800 s").isBetween(1798.0, 1802.0);
        assertThat(summary.path("templates").size()).as("morphology templates").isPositive();
        assertThat(summary.path("episodes").path("af").size()).as("the AF from 600 s").isEqualTo(1);

        long task = api.awaitTask(critical);
        ApiClient.Response shown = api.call("wang.ecg", "GET", "/api/tasks/" + task, null);
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(shown.body()).contains("\"serviceLine\":\"ECG\"").contains("\"priority\":\"STAT\"");
        JsonNode notices = api.call("demo.clerk", "GET", "/api/critical-values", null).json();
        List<JsonNode> mine = notices.valueStream().filter(n -> n.path("studyInstanceUid").asString().equals(critical)).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("source").asString()).isEqualTo("ECG");
        assertThat(mine.get(0).path("category").asString()).contains("PAUSE");
        assertThat(api.call("other.clerk", "GET", "/api/critical-values", null).json().valueStream()
                .filter(n -> n.path("studyInstanceUid").asString().equals(critical)).toList()).isEmpty();
        assertThat(notices.valueStream().filter(n -> n.path("studyInstanceUid").asString().equals(study)).toList())
                .as("record 100 has no critical finding").isEmpty();
    }

    private JsonNode get(String user, String study, String path, int expected) throws Exception {
        ApiClient.Response r = api.call(user, "GET", "/api/studies/" + study + "/holter" + path, null);
        assertThat(r.status()).as(r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    @Test
    void theSummaryIsTheStoredAnalysisWithoutItsBeatArrays() throws Exception {
        JsonNode s = get("wang.ecg", study, "", 200);
        assertThat(s.get("format").asString()).isEqualTo("EDF_PLUS");
        assertThat(s.get("sampleRateHz").asDouble()).isEqualTo(360.0);
        assertThat(s.get("leads").valueStream().map(JsonNode::asString).toList()).containsExactly("MLII", "V5");
        assertThat(s.get("beats").get("total").asInt()).as("record 100 has 2273 reference beats").isBetween(2250, 2300);
        assertThat(s.has("rebuild")).as("the per-beat columns stay in the store").isFalse();
        assertThat(s.has("beatFrames")).isFalse();
        assertThat(s.get("frames").asLong()).as("the EDF+ copy's whole data records: 1805 s").isEqualTo(1805L * 360);
        assertThat(s.get("hourly").size()).isEqualTo(1);
    }

    @Test
    void aStripIsTheDecodedSamplesOfThatWindowWithItsBeats() throws Exception {
        JsonNode strip = get("wang.ecg", study, "/strip?start=600.5&seconds=12&leads=V5,MLII", 200);
        long first = Math.round(600.5 * 360);
        assertThat(strip.get("firstFrame").asLong()).isEqualTo(first);
        assertThat(strip.get("frames").asInt()).isEqualTo(12 * 360);
        assertThat(strip.get("unit").asString()).isEqualTo("uV");
        assertThat(strip.get("leads").valueStream().map(l -> l.get("name").asString()).toList()).as("in the order asked")
                .containsExactly("V5", "MLII");
        int[][] expected = decode(edf, first, 12 * 360);
        for (int l = 0; l < 2; l++) {
            JsonNode samples = strip.get("leads").get(l).get("samplesUv");
            int lead = l == 0 ? 1 : 0;
            assertThat(samples.size()).isEqualTo(12 * 360);
            for (int i = 0; i < samples.size(); i++) {
                assertThat(samples.get(i).asInt()).as("lead %d frame %d", lead, first + i).isEqualTo(expected[lead][i]);
            }
        }
        List<JsonNode> beats = strip.get("beats").valueStream().toList();
        assertThat(beats).as("about 75 bpm for 12 s").hasSizeBetween(10, 20);
        assertThat(beats).allSatisfy(b -> assertThat(b.get("frame").asLong()).isBetween(first, first + 12 * 360 - 1));
        assertThat(beats).allSatisfy(b -> assertThat(b.get("beatClass").asString()).isIn("N", "S", "V", "F", "Q"));
        // the same beats as the wider window around it: the beats come from the stored analysis, not from this window
        JsonNode wider = get("wang.ecg", study, "/strip?start=590&seconds=40", 200);
        assertThat(wider.get("beats").valueStream().map(b -> b.get("frame").asLong()).toList())
                .containsAll(beats.stream().map(b -> b.get("frame").asLong()).toList());
        assertThat(wider.get("leads").size()).as("no leads asked: all").isEqualTo(2);
    }

    @Test
    void badWindowsAre400WithTheirCode() throws Exception {
        assertThat(get("wang.ecg", study, "/strip?start=1806&seconds=10", 400).get("code").asString()).isEqualTo("holter-start");
        assertThat(get("wang.ecg", study, "/strip?start=-1", 400).get("code").asString()).isEqualTo("holter-start");
        assertThat(get("wang.ecg", study, "/strip?seconds=9", 400).get("code").asString()).isEqualTo("holter-seconds");
        assertThat(get("wang.ecg", study, "/strip?seconds=61", 400).get("code").asString()).isEqualTo("holter-seconds");
        JsonNode lead = get("wang.ecg", study, "/strip?leads=V1", 400);
        assertThat(lead.get("code").asString()).isEqualTo("holter-lead");
        assertThat(lead.get("detail").asString()).contains("MLII", "V5");
        assertThat(get("wang.ecg", study, "/overview?hour=1", 400).get("code").asString()).isEqualTo("holter-hour");
        assertThat(get("wang.ecg", study, "/overview?lead=aVF", 400).get("code").asString()).isEqualTo("holter-lead");
    }

    @Test
    void theOverviewIsTheMinAndMaxOfEachHalfSecond() throws Exception {
        JsonNode o = get("wang.ecg", study, "/overview?hour=0&lead=MLII", 200);
        assertThat(o.get("secondsPerPoint").asDouble()).isEqualTo(0.5);
        int points = o.get("points").asInt();
        assertThat(points).as("1805 s in whole seconds").isEqualTo(3610);
        int[][] decoded = decode(edf, 0, 360 * 1805);
        for (int p : new int[] {0, 1234, 3600}) {
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int i = p * 180; i < Math.min((p + 1) * 180, decoded[0].length); i++) {
                min = Math.min(min, decoded[0][i]);
                max = Math.max(max, decoded[0][i]);
            }
            assertThat(o.get("minUv").get(p).asInt()).isEqualTo(min);
            assertThat(o.get("maxUv").get(p).asInt()).isEqualTo(max);
        }
    }

    @Test
    void trendsAndEventsWithTheirStrips() throws Exception {
        JsonNode t = get("wang.ecg", study, "/trends", 200);
        List<JsonNode> minutes = t.get("minutes").valueStream().toList();
        assertThat(minutes).hasSizeBetween(30, 31);
        assertThat(minutes.get(5).get("bpm").asDouble()).as("record 100 is a sinus rhythm of about 75 bpm").isBetween(60.0, 90.0);

        JsonNode e = get("wang.ecg", study, "/events", 200);
        for (JsonNode ev : e.get("events")) {
            assertThat(ev.get("type").asString()).matches("PAUSE|(VENTRICULAR|SUPRAVENTRICULAR)_(COUPLET|RUN|TACHYCARDIA)");
            double at = ev.get("seconds").asDouble();
            double stripStart = ev.get("stripStartSeconds").asDouble();
            assertThat(stripStart).isBetween(Math.max(0, at - 10), at);
            get("wang.ecg", study, "/strip?start=" + stripStart + "&seconds=10", 200);
        }
    }

    @Test
    void aFacilitySeesOnlyItsOwnRecordingAndEveryReadIsLogged() throws Exception {
        assertThat(get("demo.clerk", study, "/strip?start=10&seconds=10&leads=MLII", 200).get("leads").size()).isEqualTo(1);
        assertThat(get("other.clerk", study, "/strip?start=10&seconds=10", 404).toString()).doesNotContain("samplesUv");
        assertThat(get("other.clerk", study, "", 404).toString()).doesNotContain("beats");
        assertThat(api.call(null, "GET", "/api/studies/" + study + "/holter", null).status()).isEqualTo(401);

        JsonNode log = JSON.readTree(api.call(ApiClient.ADMIN, "GET", "/api/admin/access-log?study=" + study + "&limit=200", null).body());
        List<String> reads = log.valueStream().filter(r -> r.get("action").asString().equals("API_HOLTER"))
                .map(r -> r.get("username").asString() + " " + r.get("status").asInt()).toList();
        assertThat(reads).contains("demo.clerk 200", "other.clerk 404");
    }

    @Test
    void anAmbulatoryEcgStoredByTheGatewayIsReviewedFromTheInstance() throws Exception {
        String gatewayStudy = "1.2.826.0.1.3680043.10.1014.91";
        Path dcm = HolterTestFiles.ambulatoryDicom(data.resolve("files").resolve("ambulatory.dcm"), gatewayStudy, 0.25, 256);
        // the gateway's C-STORE path: the instance store, whose follow-up queues the analysis job
        store.store(ApiClient.instance(gatewayStudy, "demo", "ECG", DicomWaveformDecoder.AMBULATORY_ECG, "H-0014"),
                Files.newInputStream(dcm));
        ApiClient.Response r = null;
        for (int i = 0; i < 600 && (r == null || r.status() != 200); i++) {
            Thread.sleep(100);
            r = api.call("wang.ecg", "GET", "/api/studies/" + gatewayStudy + "/holter", null);
        }
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode s = JSON.readTree(r.body());
        assertThat(s.get("format").asString()).isEqualTo("DICOM_WAVEFORM");
        assertThat(s.get("sopInstanceUid").asString()).isEqualTo(gatewayStudy + ".1.1");
        JsonNode strip = get("wang.ecg", gatewayStudy, "/strip?start=300&seconds=10&leads=V1", 200);
        int[][] expected = decode(dcm, 300 * 256, 10 * 256);
        JsonNode samples = strip.get("leads").get(0).get("samplesUv");
        for (int i = 0; i < 10 * 256; i++) {
            assertThat(samples.get(i).asInt()).isEqualTo(expected[1][i]);
        }
    }

    /** The recording's samples from {@code first}, rounded to whole microvolts, read front to back from the file. */
    private static int[][] decode(Path file, long first, int frames) throws Exception {
        try (HolterRecording rec = HolterReader.open(file)) {
            int[][] out = new int[rec.header().leads().size()][frames];
            SampleBlock block = rec.newBlock();
            while (rec.read(block) && block.firstFrame() < first + frames) {
                for (int i = 0; i < block.frames(); i++) {
                    long f = block.firstFrame() + i - first;
                    if (f >= 0 && f < frames) {
                        for (int l = 0; l < out.length; l++) {
                            out[l][(int) f] = (int) Math.round(block.lead(l)[i]);
                        }
                    }
                }
            }
            return out;
        }
    }
}
