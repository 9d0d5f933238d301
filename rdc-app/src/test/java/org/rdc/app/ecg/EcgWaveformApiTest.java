package org.rdc.app.ecg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rdc.app.ApiClient;
import org.rdc.app.DemoEcgApplication;
import org.rdc.app.DemoEcgDoor;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.analysis.SignalFilter;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.WaveformSet;
import org.rdc.storage.TestStreams;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/studies/{uid}/ecg}, the ECG viewer's data: an ECG uploaded with the demo key comes back as its
 * 12 leads in microvolts, filtered as the analysis filtered them (the very trace {@code ecg render} draws), with
 * the stored analysis; the reader's filter switches and windows; another facility's user gets 404, a study
 * without an ECG 404, nonsense parameters 400; every read is in the access log as {@code API_ECG}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcgWaveformApiTest extends DemoEcgApplication {

    private ApiClient api;
    private byte[] example;
    private String study;
    private JsonNode uploaded;

    @BeforeAll
    void upload() throws Exception {
        api = new ApiClient(port);
        DemoEcgDoor.readerAndClerks(api);
        example = Testdata.bytes("ecg/ecgtoolkit/Example.scp");
        HttpResponse<String> r = DemoEcgDoor.post(ecg.port(), example);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        uploaded = JSON.readTree(r.body());
        study = uploaded.get("studyInstanceUid").asString();
    }

    private JsonNode ecg(String user, String query, int status) throws Exception {
        ApiClient.Response r = api.call(user, "GET", "/api/studies/" + study + "/ecg" + query, null);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void theLeadsAreTheTraceTheRenderingDrawsWithTheStoredAnalysis() throws Exception {
        JsonNode e = ecg("wang.ecg", "", 200);
        EcgRecord record = EcgReader.standard().read(example);
        // what EcgTool (ecg render) and the intake's ECG_RENDER draw: the analysis' filtered leads
        EcgAnalysis analysis = new EcgAnalyzer().analyze(record, AnalysisSettings.defaults());
        WaveformSet drawn = analysis.filtered();

        assertThat(e.get("sampleRateHz").asDouble()).isEqualTo(drawn.sampleRateHz());
        assertThat(e.get("unit").asString()).isEqualTo("uV");
        assertThat(e.get("sampleCount").asInt()).isEqualTo(drawn.sampleCount());
        assertThat(e.get("durationS").asDouble()).isEqualTo(drawn.durationSeconds());
        assertThat(e.get("sopInstanceUid").asString()).isEqualTo(uploaded.get("sopInstanceUid").asString());
        assertThat(e.get("leads").valueStream().map(l -> l.get("name").asString()).toList()).as("in the recording's order")
                .containsExactlyInAnyOrder("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
        // the filters the analysis applied (no mains in this recording, so no notch)
        assertThat(e.get("filters").get("highPassHz").asDouble()).isEqualTo(0.5);
        assertThat(e.get("filters").get("lowPassHz").asDouble()).isEqualTo(60.0);
        assertThat(e.get("filters").get("notchHz").isNull()).isTrue();
        assertThat(maxDifferenceUv(e, drawn)).as("decoded from the stored DICOM ECG (its 16-bit steps), then filtered")
                .isLessThanOrEqualTo(2);

        JsonNode a = e.get("analysis");
        assertThat(a).isEqualTo(uploaded.get("analysis"));
        assertThat(a.get("heartRateBpm").asDouble()).isEqualTo(analysis.heartRateBpm());
        assertThat(a.get("beatTimesS").size()).isEqualTo(analysis.beatTimesS().size());
        assertThat(a.get("deviceMeasurements").get("qrsMs").isNumber()).isTrue();
    }

    @Test
    void theFilterSwitchesAndAWindow() throws Exception {
        EcgRecord record = EcgReader.standard().read(example);
        JsonNode raw = ecg("wang.ecg", "?highPassHz=0&lowPassHz=0&notchHz=0", 200);
        assertThat(raw.get("filters").get("highPassHz").isNull()).isTrue();
        assertThat(raw.get("filters").get("lowPassHz").isNull()).isTrue();
        assertThat(maxDifferenceUv(raw, record.rhythm())).as("unfiltered: the decoded microvolts").isLessThanOrEqualTo(1);

        JsonNode notch = ecg("wang.ecg", "?highPassHz=0.5&lowPassHz=40&notchHz=50", 200);
        assertThat(notch.get("filters").get("notchHz").asDouble()).isEqualTo(50.0);
        assertThat(notch.get("filters").get("lowPassHz").asDouble()).isEqualTo(40.0);
        assertThat(maxDifferenceUv(notch, SignalFilter.apply(record.rhythm(), new FilterSettings(0.5, 40.0, 50.0)).filtered()))
                .isLessThanOrEqualTo(2);
        assertThat(maxDifferenceUv(notch, SignalFilter.apply(record.rhythm(), new FilterSettings(0.5, 60.0, null)).filtered()))
                .as("the switches change the samples").isGreaterThan(5);

        JsonNode window = ecg("wang.ecg", "?startS=2&seconds=3", 200);
        int fs = window.get("sampleRateHz").asInt();
        assertThat(window.get("startS").asDouble()).isEqualTo(2.0);
        assertThat(window.get("sampleCount").asInt()).isEqualTo(3 * fs);
        JsonNode whole = ecg("wang.ecg", "", 200);
        assertThat(window.get("leads").get(1).get("samplesUv").get(0).asInt())
                .isEqualTo(whole.get("leads").get(1).get("samplesUv").get(2 * fs).asInt());
        assertThat(window.get("leads").get(1).get("samplesUv").size()).isEqualTo(3 * fs);

        assertThat(ecg("wang.ecg", "?highPassHz=30", 400).get("detail").asString()).contains("highPassHz");
        assertThat(ecg("wang.ecg", "?notchHz=55", 400).get("code").asString()).isEqualTo("ecg-filter");
        assertThat(ecg("wang.ecg", "?startS=60", 400).get("code").asString()).isEqualTo("ecg-window");
        assertThat(ecg("wang.ecg", "?seconds=600", 400).get("code").asString()).isEqualTo("ecg-window");
        assertThat(ecg("wang.ecg", "?lowPassHz=abc", 400).get("detail").asString()).contains("lowPassHz");
    }

    @Test
    void aFacilitySeesOnlyItsOwnEcgAndEveryReadIsLogged() throws Exception {
        assertThat(ecg("demo.clerk", "", 200).get("leads").size()).isEqualTo(12);
        assertThat(ecg("other.clerk", "", 404).get("detail").asString()).doesNotContain("leads");
        assertThat(api.call(null, "GET", "/api/studies/" + study + "/ecg", null).status()).isEqualTo(401);

        String noEcg = "2.25.7799001";
        store.store(ApiClient.instance(noEcg, "demo", "CR", "1.2.840.10008.5.1.4.1.1.1", "P-7"), TestStreams.content(7, 1000));
        ApiClient.Response none = api.call("wang.ecg", "GET", "/api/studies/" + noEcg + "/ecg", null);
        assertThat(none.status()).isEqualTo(404);
        assertThat(JSON.readTree(none.body()).get("code").asString()).isEqualTo("no-ecg");

        JsonNode log = JSON.readTree(api.call(ApiClient.ADMIN, "GET", "/api/admin/access-log?study=" + study + "&limit=100", null).body());
        List<String> reads = log.valueStream().filter(r -> r.get("action").asString().equals("API_ECG"))
                .map(r -> r.get("username").asString() + " " + r.get("status").asInt()).toList();
        assertThat(reads).contains("demo.clerk 200", "other.clerk 404");
    }

    /** The largest difference in uV between the answer's leads and these, over the answer's samples. */
    private static long maxDifferenceUv(JsonNode answer, WaveformSet expected) {
        long max = 0;
        for (JsonNode l : answer.get("leads")) {
            Lead lead = expected.lead(l.get("name").asString()).orElseThrow();
            JsonNode samples = l.get("samplesUv");
            assertThat(samples.size()).isLessThanOrEqualTo(lead.length());
            for (int i = 0; i < samples.size(); i++) {
                max = Math.max(max, Math.abs(samples.get(i).asLong() - Math.round(lead.samplesUv()[i])));
            }
        }
        return max;
    }
}
