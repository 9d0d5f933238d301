package org.rdc.ecg.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.model.DeviceMeasurements;
import org.rdc.ecg.model.EcgRecord;

/**
 * Our global intervals against the acquiring devices' own, with the IEC 60601-2-25 global
 * tolerances (PR and QRS +-10 ms, QT +-25 ms) and heart rate within 2 bpm.
 */
class DeviceAgreementTest {

    private final EcgAnalyzer analyzer = new EcgAnalyzer();

    @ParameterizedTest
    @ValueSource(strings = {"ecgtoolkit/Example.scp", "ecgtoolkit/Example.xml",
            "philips-sierra/2020-5-18_15-48-11.xml", "philips-sierra/3191723_ZZDEMOPTONLY_1-04_orig.xml"})
    void intervalsWithinIecTolerances(String file) throws Exception {
        EcgRecord r = EcgReader.standard().read(TestData.bytes("ecg/" + file));
        EcgAnalysis a = analyzer.analyze(r, AnalysisSettings.defaults());
        DeviceMeasurements d = r.deviceMeasurements();
        System.out.printf("%s: PR %s/%s QRS %s/%s QT %s/%s HR %s/%s%n", file, a.prMs(), d.prMs(), a.qrsMs(), d.qrsMs(),
                a.qtMs(), d.qtMs(), a.heartRateBpm(), d.heartRateBpm());
        assertThat(a.prMs()).as("PR").isCloseTo(d.prMs(), within(10.0));
        assertThat(a.qrsMs()).as("QRS").isCloseTo(d.qrsMs(), within(10.0));
        assertThat(a.qtMs()).as("QT").isCloseTo(d.qtMs(), within(25.0));
        if (d.heartRateBpm() != null) {
            assertThat(a.heartRateBpm()).as("rate").isCloseTo(d.heartRateBpm(), within(2.0));
        }
        assertThat(a.rhythm()).isEqualTo(Rhythm.SINUS_RHYTHM);
        assertThat(a.criticalFlags()).isEmpty();
    }

    @Test
    void exampleAxesAgreeWithTheDevice() throws Exception {
        EcgAnalysis a = analyzer.analyze(EcgReader.standard().read(TestData.bytes("ecg/ecgtoolkit/Example.scp")),
                AnalysisSettings.defaults());
        assertThat(a.pAxisDeg()).isCloseTo(44, within(15.0));
        assertThat(a.qrsAxisDeg()).isCloseTo(-61, within(15.0));
        assertThat(a.tAxisDeg()).isCloseTo(86, within(15.0));
    }

    @Test
    void scpAndAecgOfOneEcgMeasureTheSame() throws Exception {
        EcgAnalysis scp = analyzer.analyze(EcgReader.standard().read(TestData.bytes("ecg/ecgtoolkit/Example.scp")),
                AnalysisSettings.defaults());
        EcgAnalysis xml = analyzer.analyze(EcgReader.standard().read(TestData.bytes("ecg/ecgtoolkit/Example.xml")),
                AnalysisSettings.defaults());
        assertThat(xml.prMs()).isEqualTo(scp.prMs());
        assertThat(xml.qrsMs()).isEqualTo(scp.qrsMs());
        assertThat(xml.qtMs()).isEqualTo(scp.qtMs());
        assertThat(xml.heartRateBpm()).isEqualTo(scp.heartRateBpm());
    }

    @Test
    void philipsAcuteInferiorInfarctIsFlagged() throws Exception {
        // The device's own interpretation: "Inferior infarct, acute (LCx)", ST > 0.10 mV in II III aVF.
        EcgRecord r = EcgReader.standard().read(TestData.bytes("ecg/philips-sierra/129DYPRG.XML"));
        EcgAnalysis a = analyzer.analyze(r, AnalysisSettings.defaults());
        assertThat(a.criticalFlags()).extracting(CriticalFlag::code).contains("SUSPECTED_STEMI");
        assertThat(a.criticalFlags().stream().filter(f -> f.code().equals("SUSPECTED_STEMI")).findFirst()
                .orElseThrow().en()).contains("II", "III", "aVF");
        assertThat(a.prMs()).isCloseTo(r.deviceMeasurements().prMs(), within(10.0));
        assertThat(a.qtMs()).isCloseTo(r.deviceMeasurements().qtMs(), within(25.0));
        assertThat(a.rhythm()).isEqualTo(Rhythm.SINUS_BRADYCARDIA);
    }
}
