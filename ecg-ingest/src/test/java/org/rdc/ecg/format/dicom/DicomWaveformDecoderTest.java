package org.rdc.ecg.format.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.object.DataSet;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.TestData;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.analysis.Rhythm;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.model.DeviceMeasurements;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.SourceFormat;

/** DICOM ECG waveforms (PS3.3 C.10.9) from real carts, against the devices' own values and other formats. */
class DicomWaveformDecoderTest {

    private static final String MORTARA = "ecg/pydicom/waveform_ecg.dcm";
    private final EcgReader reader = EcgReader.standard();

    @Test
    void mortaraDecodesEveryMultiplexGroup() throws Exception {
        byte[] bytes = TestData.bytes(MORTARA);
        List<MultiplexGroup> groups = DicomWaveformDecoder.multiplexGroups(DicomWaveformDecoder.read(bytes).dataSet());
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).label()).isEqualTo("RHYTHM");
        assertThat(groups.get(0).isMedianBeat()).isFalse();
        assertThat(groups.get(0).sampleCount()).isEqualTo(10000);
        assertThat(groups.get(1).label()).isEqualTo("MEDIAN BEAT");
        assertThat(groups.get(1).isMedianBeat()).isTrue();
        assertThat(groups.get(1).sampleCount()).isEqualTo(1200);

        EcgRecord r = reader.read(bytes);
        assertThat(r.format()).isEqualTo(SourceFormat.DICOM_WAVEFORM);
        assertThat(r.formatVersion()).isEqualTo("12-lead ECG");
        assertThat(r.rhythm().leadNames()).containsExactly("I", "II", "III", "aVR", "aVL", "aVF",
                "V1", "V2", "V3", "V4", "V5", "V6");
        assertThat(r.rhythm().sampleRateHz()).isEqualTo(1000.0);
        assertThat(r.rhythm().durationSeconds()).isEqualTo(10.0);
        assertThat(r.medianBeats().sampleCount()).isEqualTo(1200);
        // First raw sample of lead I is 0x0050 = 80 at 1.25 uV per count (PS3.3 C.10.9.1.4.3)
        assertThat(r.rhythm().lead("I").orElseThrow().samplesUv()[0]).isEqualTo(100.0);
        // Einthoven holds in the device's own leads: III = II - I within a quantisation step
        double[] i = r.rhythm().lead("I").orElseThrow().samplesUv();
        double[] ii = r.rhythm().lead("II").orElseThrow().samplesUv();
        double[] iii = r.rhythm().lead("III").orElseThrow().samplesUv();
        for (int k = 0; k < i.length; k += 97) {
            assertThat(iii[k]).isCloseTo(ii[k] - i[k], within(2.6));
        }

        DeviceMeasurements d = r.deviceMeasurements();
        assertThat(d.rrMs()).isEqualTo(982.0);
        assertThat(d.prMs()).isEqualTo(161.0);
        assertThat(d.qrsMs()).isEqualTo(75.0);
        assertThat(d.qtMs()).isEqualTo(368.0);
        assertThat(d.qtcMs()).isEqualTo(370.0);
        assertThat(d.pAxisDeg()).isEqualTo(74.0);
        assertThat(d.heartRateBpm()).isCloseTo(61.1, within(0.05));
        assertThat(r.deviceStatements()).contains("RITMO SINUSALE", "ECG NORMALE");
        assertThat(r.patient().id()).isEqualTo("642341");
        assertThat(r.patient().sex()).isEqualTo(Sex.FEMALE);
        assertThat(r.patient().birthDate()).isEqualTo(LocalDate.of(1971, 1, 23));
        assertThat(r.patient().ageYears()).isEqualTo(42);
        assertThat(r.acquisition().time()).isEqualTo(LocalDateTime.of(2013, 1, 25, 10, 59, 19));
        assertThat(r.acquisition().manufacturer()).isEqualTo("Mortara Instrument, Inc.");
        assertThat(r.acquisition().deviceFilters().highPassHz()).isEqualTo(0.05);
        assertThat(r.acquisition().deviceFilters().lowPassHz()).isEqualTo(300.0);
        assertThat(r.acquisition().deviceFilters().notchHz()).isNull();
    }

    /** Issue 5 Must show: PR, QRS within +-10 ms, QT within +-25 ms (IEC 60601-2-25), rate within 2 bpm. */
    @Test
    void mortaraIntervalsAgreeWithTheDeviceWithinIecTolerances() throws Exception {
        EcgRecord r = reader.read(TestData.bytes(MORTARA));
        EcgAnalysis a = new EcgAnalyzer().analyze(r, AnalysisSettings.defaults());
        DeviceMeasurements d = r.deviceMeasurements();
        System.out.printf("Mortara waveform_ecg.dcm: PR %s/%s QRS %s/%s QT %s/%s QTcB %s/%s HR %s/%s axes %s %s %s/%s %s %s%n",
                a.prMs(), d.prMs(), a.qrsMs(), d.qrsMs(), a.qtMs(), d.qtMs(), a.qtcBazettMs(), d.qtcMs(),
                a.heartRateBpm(), d.heartRateBpm(), a.pAxisDeg(), a.qrsAxisDeg(), a.tAxisDeg(), d.pAxisDeg(),
                d.qrsAxisDeg(), d.tAxisDeg());
        assertThat(a.prMs()).as("PR").isCloseTo(161.0, within(10.0));
        assertThat(a.qrsMs()).as("QRS").isCloseTo(75.0, within(10.0));
        assertThat(a.qtMs()).as("QT").isCloseTo(368.0, within(25.0));
        assertThat(a.heartRateBpm()).as("rate").isCloseTo(60000.0 / 982, within(2.0));
        assertThat(a.rhythm()).isEqualTo(Rhythm.SINUS_RHYTHM);
        assertThat(a.criticalFlags()).isEmpty();
    }

    /** Issue 5 Must show: the ECG Toolkit example in DICOM, SCP-ECG and aECG gives the same microvolts and measurements. */
    @Test
    void ecgtoolkitExampleDicomMatchesScpAndAecg() throws Exception {
        EcgRecord dcm = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.dcm"));
        EcgRecord scp = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        EcgRecord xml = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.xml"));
        assertThat(dcm.format()).isEqualTo(SourceFormat.DICOM_WAVEFORM);
        assertThat(dcm.rhythm().sampleRateHz()).isEqualTo(500.0);
        assertThat(dcm.rhythm().leadNames()).containsExactlyInAnyOrderElementsOf(scp.rhythm().leadNames());
        for (EcgRecord other : List.of(scp, xml)) {
            double worst = 0;
            for (Lead a : dcm.rhythm().leads()) {
                double[] b = other.rhythm().lead(a.name()).orElseThrow().samplesUv();
                assertThat(b).hasSameSizeAs(a.samplesUv());
                for (int k = 0; k < b.length; k++) {
                    worst = Math.max(worst, Math.abs(a.samplesUv()[k] - b[k]));
                }
            }
            assertThat(worst).as("largest DICOM vs " + other.format() + " difference in uV").isLessThanOrEqualTo(1.0);
        }
        assertThat(dcm.patient().id()).isEqualTo("SBJ-123");
        assertThat(dcm.patient().name()).isEqualTo("Clark");
        assertThat(dcm.deviceMeasurements().prMs()).isEqualTo(148.0);
        assertThat(dcm.deviceMeasurements().qrsMs()).isEqualTo(120.0);
        assertThat(dcm.deviceMeasurements().qtMs()).isEqualTo(420.0);

        EcgAnalyzer analyzer = new EcgAnalyzer();
        EcgAnalysis ad = analyzer.analyze(dcm, AnalysisSettings.defaults());
        EcgAnalysis as = analyzer.analyze(scp, AnalysisSettings.defaults());
        assertThat(ad.prMs()).isEqualTo(as.prMs());
        assertThat(ad.qrsMs()).isEqualTo(as.qrsMs());
        assertThat(ad.qtMs()).isEqualTo(as.qtMs());
        assertThat(ad.heartRateBpm()).isEqualTo(as.heartRateBpm());
        assertThat(ad.qrsAxisDeg()).isEqualTo(as.qrsAxisDeg());
    }

    @Test
    void writtenObjectReadsBackToTheSameRecord() throws Exception {
        EcgRecord scp = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        DataSet ds = DicomWaveformWriter.build(scp, new DicomWaveformWriter.Identity("2.25.1", "2.25.2", "2.25.3", "demo", "DEMO_ECG"));
        byte[] bytes = DicomWaveformWriter.toPart10(ds);
        assertThat(DicomWaveformWriter.toPart10(DicomWaveformWriter.build(scp,
                new DicomWaveformWriter.Identity("2.25.1", "2.25.2", "2.25.3", "demo", "DEMO_ECG")))).isEqualTo(bytes);
        EcgRecord back = reader.read(bytes);
        assertThat(back.format()).isEqualTo(SourceFormat.DICOM_WAVEFORM);
        assertThat(back.rhythm().leadNames()).isEqualTo(scp.rhythm().leadNames());
        for (Lead a : scp.rhythm().leads()) {
            double[] b = back.rhythm().lead(a.name()).orElseThrow().samplesUv();
            for (int k = 0; k < b.length; k++) {
                assertThat(b[k]).isCloseTo(a.samplesUv()[k], within(0.26));
            }
        }
        assertThat(back.medianBeats().sampleCount()).isEqualTo(scp.medianBeats().sampleCount());
        assertThat(back.deviceMeasurements()).isEqualTo(scp.deviceMeasurements());
        assertThat(back.deviceStatements()).isEqualTo(scp.deviceStatements());
        assertThat(back.patient()).isEqualTo(scp.patient());
        assertThat(back.acquisition().time()).isEqualTo(scp.acquisition().time());
    }

    @Test
    void chineseNamesSurviveTheRoundTrip() throws Exception {
        EcgRecord scp = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        EcgRecord named = new EcgRecord(scp.format(), scp.formatVersion(),
                new org.rdc.ecg.model.Patient("ZS001", "张三", Sex.MALE, null, 56), scp.acquisition(), scp.rhythm(), null,
                scp.deviceMeasurements(), List.of("窦性心律"), scp.source());
        byte[] bytes = DicomWaveformWriter.toPart10(DicomWaveformWriter.build(named,
                new DicomWaveformWriter.Identity("2.25.1", "2.25.2", "2.25.3", "demo", "DEMO_ECG")));
        EcgRecord back = reader.read(bytes);
        assertThat(back.patient().name()).isEqualTo("张三");
        assertThat(back.patient().ageYears()).isEqualTo(56);
        assertThat(back.deviceStatements()).containsExactly("窦性心律");
    }

    @Test
    void nonEcgDicomIsRejectedByName() throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.9");
        byte[] bytes = DicomWaveformWriter.toPart10(ds);
        assertThatThrownBy(() -> reader.read(bytes)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("CT Image Storage").hasMessageContaining("not an ECG waveform");
    }

    @Test
    void waveformDataShorterThanDeclaredIsRejected() throws Exception {
        EcgRecord scp = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        DataSet ds = DicomWaveformWriter.build(scp, new DicomWaveformWriter.Identity("2.25.1", "2.25.2", "2.25.3", null, null));
        DataSet group = ds.getSequence(Tag.WaveformSequence).get(0);
        group.setInt(Tag.NumberOfWaveformSamples, VR.UL, 40_000_000L);
        byte[] bytes = DicomWaveformWriter.toPart10(ds);
        long start = System.nanoTime();
        assertThatThrownBy(() -> reader.read(bytes)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("multiplex group 1 (RHYTHM)").hasMessageContaining("Waveform Data (5400,1010) holds 120000 bytes");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
    }

    @Test
    void unknownSampleInterpretationAndMissingChannelsAreNamed() throws Exception {
        EcgRecord scp = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        DataSet ds = DicomWaveformWriter.build(scp, new DicomWaveformWriter.Identity("2.25.1", "2.25.2", "2.25.3", null, null));
        ds.getSequence(Tag.WaveformSequence).get(0).setString(WaveformTags.WaveformSampleInterpretation, VR.CS, "FL");
        assertThatThrownBy(() -> reader.read(DicomWaveformWriter.toPart10(ds))).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("Waveform Sample Interpretation (5400,1006) \"FL\"");

        DataSet ds2 = DicomWaveformWriter.build(scp, new DicomWaveformWriter.Identity("2.25.1", "2.25.2", "2.25.3", null, null));
        ds2.getSequence(Tag.WaveformSequence).get(0).setInt(Tag.NumberOfWaveformChannels, VR.US, 13);
        assertThatThrownBy(() -> reader.read(DicomWaveformWriter.toPart10(ds2))).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("Channel Definition Sequence (003A,0200) has 12 items for 13 channels");
    }

    /** General 32-bit ECG (PS3.3 A.34.4a): SL samples; the same microvolts as the 16-bit original. */
    @Test
    void thirtyTwoBitSamplesOfAGeneralEcgDecode() throws Exception {
        EcgRecord scp = reader.read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        DataSet ds = DicomWaveformWriter.build(scp, new DicomWaveformWriter.Identity("2.25.1", "2.25.2", "2.25.3", null, null));
        ds.setString(Tag.SOPClassUID, VR.UI, DicomWaveformDecoder.GENERAL_32BIT_ECG);
        DataSet group = ds.getSequence(Tag.WaveformSequence).get(0);
        byte[] s16 = group.getBytes(Tag.WaveformData);
        byte[] s32 = new byte[s16.length * 2];
        for (int i = 0; i < s16.length / 2; i++) {
            int v = (short) ((s16[2 * i] & 0xFF) | (s16[2 * i + 1] & 0xFF) << 8);
            for (int k = 0; k < 4; k++) {
                s32[4 * i + k] = (byte) (v >> (8 * k));
            }
        }
        group.setBytes(Tag.WaveformData, VR.OB, s32);
        group.setInt(WaveformTags.WaveformBitsAllocated, VR.US, 32);
        group.setString(WaveformTags.WaveformSampleInterpretation, VR.CS, "SL");
        EcgRecord back = reader.read(DicomWaveformWriter.toPart10(ds));
        assertThat(back.formatVersion()).isEqualTo("General 32-bit ECG");
        assertThat(back.rhythm().lead("V2").orElseThrow().samplesUv()).contains(-1927.5);
    }

    /** Multiplex groups that split the leads, or that follow each other in time, make one rhythm. */
    @Test
    void multiplexGroupsAreCombined() {
        double[] a = {1, 2, 3};
        double[] b = {4, 5, 6};
        MultiplexGroup limb = new MultiplexGroup(1, "RHYTHM", "ORIGINAL", 500, 0, 3, List.of(new Lead("I", a)), null, List.of());
        MultiplexGroup chest = new MultiplexGroup(2, "RHYTHM", "ORIGINAL", 500, 0, 3, List.of(new Lead("V1", b)), null, List.of());
        assertThat(DicomWaveformDecoder.combine(List.of(limb, chest)).leadNames()).containsExactly("I", "V1");

        MultiplexGroup next = new MultiplexGroup(2, "RHYTHM", "ORIGINAL", 500, 6, 3, List.of(new Lead("I", b)), null, List.of());
        assertThat(DicomWaveformDecoder.combine(List.of(limb, next)).lead("I").orElseThrow().samplesUv())
                .containsExactly(1, 2, 3, 4, 5, 6);

        MultiplexGroup otherRate = new MultiplexGroup(2, "RHYTHM", "ORIGINAL", 250, 0, 3, List.of(new Lead("V1", b)), null, List.of());
        assertThat(DicomWaveformDecoder.combine(List.of(limb, otherRate)).leadNames()).containsExactly("I");
    }

    @Test
    void aFileWithoutPreambleIsRecognisedToo() throws Exception {
        byte[] bytes = TestData.bytes(MORTARA);
        byte[] bare = Arrays.copyOfRange(bytes, 132, bytes.length);  // starts with (0002,0000) UL
        EcgRecord r = reader.read(bare);
        assertThat(r.format()).isEqualTo(SourceFormat.DICOM_WAVEFORM);
        assertThat(r.rhythm().sampleCount()).isEqualTo(10000);
    }

    @Test
    void truncatedFileGivesTheParserPosition() throws Exception {
        byte[] bytes = TestData.bytes(MORTARA);
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 100_000);
        assertThatThrownBy(() -> reader.read(cut)).isInstanceOf(EcgFormatException.class)
                .hasMessageStartingWith("DICOM file cannot be parsed").hasMessageContaining("offset");
    }
}
