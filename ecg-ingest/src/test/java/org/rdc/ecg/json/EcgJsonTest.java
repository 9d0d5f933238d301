package org.rdc.ecg.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.synthetic.SyntheticEcg;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EcgJsonTest {

    @Test
    void analysisJsonHasTheFieldsTheCliPromises() {
        EcgRecord r = SyntheticEcg.normal().st("II", 250).st("III", 250).st("aVF", 250).build();
        EcgAnalysis a = new EcgAnalyzer().analyze(r, AnalysisSettings.defaults());
        JsonNode n = JsonMapper.builder().build().readTree(EcgJson.toJson(EcgJson.analysis(a)));
        for (String field : new String[] {"heartRateBpm", "prMs", "qrsMs", "qtMs", "qtcBazettMs", "qtcFridericiaMs",
                "pAxisDeg", "qrsAxisDeg", "tAxisDeg", "rhythm", "criticalFlags", "leads", "sampleRateHz", "format"}) {
            assertThat(n.has(field)).as(field).isTrue();
        }
        assertThat(n.get("leads")).hasSize(12);
        assertThat(n.get("criticalFlags").get(0).get("code").asString()).isEqualTo("SUSPECTED_STEMI");
        assertThat(n.get("criticalFlags").get(0).get("zh").asString()).contains("ST段抬高");
        assertThat(n.get("decisionSupport").get("zh").asString()).contains("仅供临床决策参考");
        assertThat(n.get("qtcFormulas").get("qtcBazettMs").asString()).startsWith("Bazett");
        assertThat(n.get("filters").get("applied").get("highPassHz").asDouble()).isEqualTo(0.5);
    }

    @Test
    void waveformJsonCarriesLeadsMedianBeatsAndDeviceValues() throws Exception {
        EcgRecord r = EcgReader.standard().read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        EcgAnalysis a = new EcgAnalyzer().analyze(r, AnalysisSettings.defaults());
        JsonNode n = JsonMapper.builder().build().readTree(EcgJson.toBytes(EcgJson.waveform(r, a)));
        assertThat(n.get("rhythm").get("leads")).hasSize(12);
        assertThat(n.get("rhythm").get("leads").get(0).get("samplesUv")).hasSize(5000);
        assertThat(n.get("medianBeats").get("limitsMs").get("qrsOnset").asDouble()).isPositive();
        assertThat(n.get("deviceMeasurements").get("qtMs").asDouble()).isEqualTo(420.0);
        assertThat(n.get("patient").get("name").asString()).isEqualTo("Clark");
        assertThat(n.get("sourceSha256").asString()).hasSize(64);
    }
}
