package org.rdc.ecg.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.SourceFormat;

class SierraXmlDecoderTest {

    @ParameterizedTest
    @ValueSource(strings = {"129DYPRG.XML", "2020-5-18_15-48-11.xml", "3191723_ZZDEMOPTONLY_1-04_orig.xml",
            "repbeats_example.xml"})
    void decodesTwelvePlausibleLeads(String file) throws Exception {
        EcgRecord r = EcgReader.standard().read(TestData.bytes("ecg/philips-sierra/" + file));
        assertThat(r.format()).isEqualTo(SourceFormat.PHILIPS_SIERRA_XML);
        assertThat(r.rhythm().leadNames()).containsExactly(
                "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
        assertThat(r.rhythm().sampleRateHz()).isEqualTo(500.0);
        // 11 s were stored; the 1 mV calibration pulse at the end is cut off.
        assertThat(r.rhythm().sampleCount()).isBetween(5000, 5400);
        assertThat(r.rhythm().durationSeconds()).isGreaterThanOrEqualTo(10.0);
        for (Lead l : r.rhythm().leads()) {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (double v : l.samplesUv()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(max - min).as(file + " " + l.name() + " peak-to-peak uV").isBetween(100.0, 8000.0);
        }
        // The rebuilt limb leads must obey Einthoven's law and Goldberger's relations up to the residual noise.
        double[] i = r.rhythm().lead("I").orElseThrow().samplesUv();
        double[] ii = r.rhythm().lead("II").orElseThrow().samplesUv();
        double[] iii = r.rhythm().lead("III").orElseThrow().samplesUv();
        double[] avr = r.rhythm().lead("aVR").orElseThrow().samplesUv();
        double err = 0;
        double errAvr = 0;
        for (int k = 0; k < i.length; k++) {
            err += Math.abs(ii[k] - i[k] - iii[k]);
            errAvr += Math.abs(-(i[k] + ii[k]) / 2 - avr[k]);
        }
        assertThat(err / i.length).as(file + " mean |II - I - III| uV").isLessThan(8);
        assertThat(errAvr / i.length).as(file + " mean |aVR + (I+II)/2| uV").isLessThan(8);
    }

    @Test
    void version104IsUtf16AndCarriesMeasurementsAndRepresentativeBeats() throws Exception {
        byte[] bytes = TestData.bytes("ecg/philips-sierra/2020-5-18_15-48-11.xml");
        assertThat(new String(bytes, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("\u00ff\u00fe");
        EcgRecord r = EcgReader.standard().read(bytes);
        assertThat(r.formatVersion()).isEqualTo("1.04.01");
        assertThat(r.deviceMeasurements().prMs()).isEqualTo(164.0);
        assertThat(r.deviceMeasurements().qrsMs()).isEqualTo(102.0);
        assertThat(r.deviceMeasurements().qtMs()).isEqualTo(399.0);
        assertThat(r.deviceMeasurements().heartRateBpm()).isEqualTo(64.0);
        assertThat(r.deviceStatements()).anyMatch(t -> t.startsWith("Sinus rhythm"));
        assertThat(r.medianBeats()).isNotNull();
        assertThat(r.medianBeats().sampleRateHz()).isEqualTo(1000.0);
        assertThat(r.medianBeats().leads()).hasSize(12);
    }

    @Test
    void version103CarriesPatientAndInterpretation() throws Exception {
        EcgRecord r = EcgReader.standard().read(TestData.bytes("ecg/philips-sierra/129DYPRG.XML"));
        assertThat(r.formatVersion()).isEqualTo("1.03");
        assertThat(r.patient().ageYears()).isEqualTo(50);
        assertThat(r.deviceMeasurements().heartRateBpm()).isEqualTo(41.0);
        assertThat(r.deviceMeasurements().qrsMs()).isEqualTo(135.0);
        assertThat(r.acquisition().deviceFilters().highPassHz()).isEqualTo(0.05);
        assertThat(r.deviceStatements()).anyMatch(s -> s.contains("Acute MI"));
    }
}
