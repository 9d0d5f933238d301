package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;
import org.rdc.ecg.json.HolterJson;

/** The whole Holter analysis on a real record: MIT-BIH 100 (30 min, 2 leads, 360 Hz, sinus rhythm, 33 A, 1 V). */
class HolterAnalysisMitdbTest {

    @Test
    void explore() throws Exception {
        try (HolterRecording rec = HolterReader.open(TestData.path("ecg/mitdb/100.hea"))) {
            HolterAnalysis a = HolterAnalyzer.analyse(rec, HolterSettings.defaults(), List.of(new DiaryEntry(600, "walking")));
            String json = HolterJson.analysis(a).toString();
            System.out.println(json.replaceAll("\"perMinuteBpm\":\\[[^\\]]*\\]", "\"perMinuteBpm\":[..]"));
        }
    }
}
