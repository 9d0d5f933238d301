package org.rdc.ecg.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.synthetic.MuseXmlWriter;
import org.rdc.ecg.synthetic.SyntheticEcg;

class MuseXmlDecoderTest {

    @Test
    void eightStoredLeadsGiveTwelveWithDerivedLimbLeads() throws Exception {
        EcgRecord original = SyntheticEcg.normal().build();
        EcgRecord r = EcgReader.standard().read(MuseXmlWriter.write(original, 4.88));
        assertThat(r.format()).isEqualTo(SourceFormat.GE_MUSE_XML);
        assertThat(r.rhythm().leadNames()).containsExactly(
                "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
        for (String lead : new String[] {"III", "aVR", "aVL", "aVF", "V4"}) {
            double[] want = original.rhythm().lead(lead).orElseThrow().samplesUv();
            double[] got = r.rhythm().lead(lead).orElseThrow().samplesUv();
            for (int k = 0; k < want.length; k += 7) {
                assertThat(got[k]).as(lead + " sample " + k).isCloseTo(want[k], within(4.88 * 1.5));
            }
        }
        assertThat(r.patient().sex()).isEqualTo(Sex.FEMALE);
        assertThat(r.patient().ageYears()).isEqualTo(61);
        assertThat(r.acquisition().time()).isEqualTo(LocalDateTime.of(2024, 4, 2, 8, 15, 30));
        assertThat(r.acquisition().deviceFilters().highPassHz()).isEqualTo(0.05);
        assertThat(r.deviceMeasurements().qtcMs()).isEqualTo(410.0);
        assertThat(r.deviceStatements()).containsExactly("Normal sinus rhythm");
    }

    @Test
    void missingRhythmIsNamed() {
        byte[] xml = "<RestingECG><Waveform><WaveformType>Median</WaveformType></Waveform></RestingECG>"
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> EcgReader.standard().read(xml)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("GE MUSE XML").hasMessageContaining("no <SampleBase>");
    }
}
