package org.rdc.ecg.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.synthetic.ScpWriter;

/** SCP-ECG paths the real example does not exercise, on records written by {@link ScpWriter}. */
@Timeout(10)
class ScpEcgDecoderTest {

    private static final int N = 2500;

    private static int[] wave(int seed) {
        int[] x = new int[N];
        for (int i = 0; i < N; i++) {
            x[i] = (int) Math.round(300 * Math.sin(i / (17.0 + seed)) + 40 * Math.sin(i / 3.0) + (i % 500 < 40 ? 900 : 0));
        }
        return x;
    }

    /**
     * A resting v3 record whose rhythm is in section 12 (long-term rhythm data) and that has no
     * section 6: once refused with "no section 6", it now decodes from section 12, every sample exact.
     */
    @Test
    void version3RestingRecordWithItsRhythmInSection12() throws Exception {
        int[] ii = wave(1);
        int[] v2 = wave(9);
        byte[] scp = new ScpWriter().version(30).lead(2, ii).lead(4, v2)
                .longTerm(250, 2, new int[] {5000, 2500}, LocalDateTime.of(2026, 4, 2, 9, 30, 5)).write();

        EcgRecord r = EcgReader.standard().read(scp);
        assertThat(r.format()).isEqualTo(SourceFormat.SCP_ECG);
        assertThat(r.formatVersion()).isEqualTo("3.0");
        assertThat(r.rhythm().leadNames()).containsExactly("II", "V2");
        assertThat(r.rhythm().sampleRateHz()).isEqualTo(250.0);
        assertThat(r.rhythm().sampleCount()).isEqualTo(N);
        double[] gotII = r.rhythm().lead("II").orElseThrow().samplesUv();
        double[] gotV2 = r.rhythm().lead("V2").orElseThrow().samplesUv();
        for (int k = 0; k < N; k++) {
            assertThat(gotII[k]).as("II sample %d", k).isEqualTo(ii[k] * 5.0);
            assertThat(gotV2[k]).as("V2 sample %d", k).isEqualTo(v2[k] * 2.5);
        }
        assertThat(r.medianBeats()).isNull();
        assertThat(r.patient().id()).isEqualTo("P-0001");
        assertThat(r.acquisition().time()).as("from section 1").isEqualTo(LocalDateTime.of(2024, 4, 2, 9, 30, 5));
    }

    @Test
    void aRecordWithNeitherSection6NorSection12SaysSo() {
        byte[] scp = new ScpWriter().lead(1, wave(0)).override(6, null).write();
        assertThatThrownBy(() -> EcgReader.standard().read(scp)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("no section 6 (rhythm data, nor section 12, long-term rhythm data)");
    }

    @Test
    void version3CustomHuffmanFirstDifferenceAndReferenceBeatSubtraction() throws Exception {
        int[] i = wave(0);
        int[] v1 = wave(5);
        List<ScpWriter.Qrs> qrs = new ArrayList<>();
        for (int f = 260; f + 150 < N; f += 500) {
            qrs.add(new ScpWriter.Qrs(f, f - 60, f + 100));
        }
        int[] refI = new int[400];
        int[] refV1 = new int[400];
        for (int k = 0; k < 400; k++) {
            refI[k] = i[260 - 200 + k];
            refV1[k] = v1[260 - 200 + k] - 7;
        }
        byte[] scp = new ScpWriter().version(30).customHuffman().differences(1).amplitude(2500)
                .lead(1, i).lead(3, v1).referenceBeats(List.of(refI, refV1), 201, qrs).write();

        EcgRecord r = EcgReader.standard().read(scp);
        assertThat(r.format()).isEqualTo(SourceFormat.SCP_ECG);
        assertThat(r.formatVersion()).isEqualTo("3.0");
        assertThat(r.rhythm().leadNames()).containsExactly("I", "V1");
        assertThat(r.rhythm().sampleRateHz()).isEqualTo(500.0);
        double[] gotI = r.rhythm().lead("I").orElseThrow().samplesUv();
        double[] gotV1 = r.rhythm().lead("V1").orElseThrow().samplesUv();
        for (int k = 0; k < N; k++) {
            assertThat(gotI[k]).as("I sample %d", k).isEqualTo(i[k] * 2.5);
            assertThat(gotV1[k]).as("V1 sample %d", k).isEqualTo(v1[k] * 2.5);
        }
        assertThat(r.medianBeats().sampleCount()).isEqualTo(400);
        assertThat(r.patient().name()).isEqualTo("王 小明");
        assertThat(r.patient().sex()).isEqualTo(Sex.FEMALE);
        assertThat(r.patient().ageYears()).isEqualTo(62);
        assertThat(r.acquisition().time()).isEqualTo(LocalDateTime.of(2024, 4, 2, 9, 30, 5));
        assertThat(r.acquisition().model()).isEqualTo("CART01");
        assertThat(r.acquisition().manufacturer()).isEqualTo("Acme");
        assertThat(r.acquisition().deviceFilters().highPassHz()).isEqualTo(0.05);
        assertThat(r.acquisition().deviceFilters().notchHz()).isEqualTo(50.0);
    }

    @Test
    void version2DefaultTableSecondDifference() throws Exception {
        int[] ii = wave(2);
        byte[] scp = new ScpWriter().version(20).differences(2).amplitude(4880).lead(2, ii).lead(64, wave(9)).write();
        EcgRecord r = EcgReader.standard().read(scp);
        assertThat(r.formatVersion()).isEqualTo("2.0");
        assertThat(r.rhythm().leadNames()).containsExactly("II", "aVF");
        double[] got = r.rhythm().lead("II").orElseThrow().samplesUv();
        for (int k = 0; k < N; k++) {
            assertThat(got[k]).isCloseTo(ii[k] * 4.88, org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void huffmanTableThatNeverEmitsAValueEndsWithTheData() {
        // Table 1: "0" switches to table 2; table 2: "0" switches back to table 1. All-zero data loops
        // between them without ever producing a sample.
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.writeBytes(ScpWriter.u16(2));
        t.writeBytes(ScpWriter.u16(1));
        t.writeBytes(ScpWriter.code(1, 1, 0, 2, 0));
        t.writeBytes(ScpWriter.u16(1));
        t.writeBytes(ScpWriter.code(1, 1, 0, 1, 0));
        byte[] scp = new ScpWriter().section2(t.toByteArray()).lead(1, new int[N]).write();
        long start = System.nanoTime();
        assertThatThrownBy(() -> EcgReader.standard().read(scp)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("SCP-ECG section 6 lead 1: data ends after 0 of 2500 samples");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
    }

    @Test
    void huffmanTableWithAmbiguousCodesIsRejected() {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.writeBytes(ScpWriter.u16(1));
        t.writeBytes(ScpWriter.u16(2));
        t.writeBytes(ScpWriter.code(1, 1, 1, 0, 0));
        t.writeBytes(ScpWriter.code(2, 2, 1, 1, 0b10));
        byte[] scp = new ScpWriter().section2(t.toByteArray()).lead(1, new int[N]).write();
        assertThatThrownBy(() -> EcgReader.standard().read(scp)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("SCP-ECG section 2 table 1 code 2: code is not prefix-free");
    }

    @Test
    void declaredLengthFarPastTheEndIsNamed() {
        byte[] scp = new ScpWriter().lead(1, wave(1)).write();
        // Section 0 pointer entries start at byte 22; entry 6 (rhythm) length field at 22 + 60 + 2.
        int entry = 22 + 10 * 6;
        scp[entry + 2] = (byte) 0x00;
        scp[entry + 3] = (byte) 0x00;
        scp[entry + 4] = (byte) 0x00;
        scp[entry + 5] = (byte) 0x40;
        fixCrcs(scp);
        assertThatThrownBy(() -> EcgReader.standard().read(scp)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("SCP-ECG section 6 declares 1073741824 bytes")
                .hasMessageContaining("but the file ends at " + scp.length);
    }

    @Test
    void truncatedFileAndBadCrcAreNamed() {
        byte[] scp = new ScpWriter().lead(1, wave(1)).write();
        byte[] cut = java.util.Arrays.copyOf(scp, scp.length - 100);
        assertThatThrownBy(() -> EcgReader.standard().read(cut)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("record size field says " + scp.length + " bytes but " + cut.length);
        scp[scp.length - 1] ^= 0x55;
        assertThatThrownBy(() -> EcgReader.standard().read(scp)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("SCP-ECG file CRC mismatch");
    }

    /** Recomputes the section 0 and file CRCs after a deliberate edit of section 0. */
    private static void fixCrcs(byte[] f) {
        int s0Length = (f[10] & 0xFF) | (f[11] & 0xFF) << 8;
        int c0 = ScpWriter.crc(f, 8, 6 + s0Length);
        f[6] = (byte) c0;
        f[7] = (byte) (c0 >> 8);
        int c = ScpWriter.crc(f, 2, f.length);
        f[0] = (byte) c;
        f[1] = (byte) (c >> 8);
    }
}
