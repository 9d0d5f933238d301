package org.rdc.ecg.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.TestData;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.SourceFormat;

/** One Mortara ECG in SCP-ECG and HL7 aECG (ECG Toolkit examples) must decode to the same samples. */
class EcgtoolkitExampleTest {

    private final EcgReader reader = EcgReader.standard();

    @Test
    void scpAndAecgGiveTheSameMicrovolts() throws Exception {
        EcgRecord scp = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        EcgRecord xml = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.xml"));
        assertThat(scp.format()).isEqualTo(SourceFormat.SCP_ECG);
        assertThat(xml.format()).isEqualTo(SourceFormat.HL7_AECG);
        assertThat(scp.rhythm().leadNames()).containsExactlyInAnyOrder(
                "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
        assertThat(scp.rhythm().sampleRateHz()).isEqualTo(500.0);
        assertThat(xml.rhythm().sampleRateHz()).isEqualTo(500.0, within(1e-9));
        assertThat(scp.rhythm().sampleCount()).isEqualTo(5000);
        double worst = 0;
        for (Lead a : scp.rhythm().leads()) {
            double[] b = xml.rhythm().lead(a.name()).orElseThrow().samplesUv();
            assertThat(b).hasSameSizeAs(a.samplesUv());
            for (int i = 0; i < b.length; i++) {
                worst = Math.max(worst, Math.abs(a.samplesUv()[i] - b[i]));
            }
        }
        assertThat(worst).as("largest SCP vs aECG sample difference in uV").isLessThanOrEqualTo(1.0);
        // The 2.5 uV step proves the nV multiplier is not truncated by integer division (2500/1000 = 2).
        assertThat(scp.rhythm().lead("V2").orElseThrow().samplesUv()).contains(-1927.5);
    }

    @Test
    void scpMedianBeatMatchesTheAecgRepresentativeBeat() throws Exception {
        EcgRecord scp = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        EcgRecord xml = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.xml"));
        assertThat(scp.medianBeats()).isNotNull();
        assertThat(scp.medianBeats().sampleCount()).isEqualTo(599);
        double[] a = scp.medianBeats().lead("V3").orElseThrow().samplesUv();
        double[] b = xml.medianBeats().lead("V3").orElseThrow().samplesUv();
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            assertThat(a[i]).isCloseTo(b[i], within(1.0));
        }
    }

    @Test
    void patientAndDeviceMeasurementsAreRead() throws Exception {
        for (String f : new String[] {"ecg/ecgtoolkit/Example.scp", "ecg/ecgtoolkit/Example.xml"}) {
            EcgRecord r = reader.read(TestData.bytes(f));
            assertThat(r.patient().id()).as(f).isEqualTo("SBJ-123");
            assertThat(r.patient().name()).as(f).isEqualTo("Clark");
            assertThat(r.patient().sex()).as(f).isEqualTo(Sex.MALE);
            assertThat(r.patient().birthDate()).as(f).isEqualTo(LocalDate.of(1953, 5, 8));
            assertThat(r.acquisition().model()).as(f).isEqualTo("ELI250");
            assertThat(r.deviceMeasurements().prMs()).as(f).isEqualTo(148.0);
            assertThat(r.deviceMeasurements().qrsMs()).as(f).isEqualTo(120.0);
            assertThat(r.deviceMeasurements().qtMs()).as(f).isEqualTo(420.0);
            assertThat(r.deviceMeasurements().qtcMs()).as(f).isEqualTo(443.0);
            assertThat(r.deviceMeasurements().qrsAxisDeg()).as(f).isEqualTo(-61.0);
            assertThat(r.source().length()).isEqualTo(TestData.bytes(f).length);
            assertThat(r.source().sha256Hex()).hasSize(64);
        }
    }
}
