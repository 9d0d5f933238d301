package org.rdc.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdc.storage.StorageException;

/** The attributes travel through the spool as bytes: a restart, even after an upgrade, must read them back. */
class InstanceAttributesTest {

    private static InstanceAttributes withPriority(String priority) {
        return new InstanceAttributes("P1", "HOSP", "王^五", "M", LocalDate.of(1961, 2, 3), "1.2.3", "ACC1",
                LocalDate.of(2026, 11, 23), "101500", "胸部", "1.2.3.1", "DX", "CHEST", 2, "正位", "1.2.840.10008.5.1.4.1.1.1.1",
                "1.2.3.1.1", 7, "1.2.840.10008.1.2.1", "zhushan", "ZHUSHAN_DR", priority);
    }

    @Test
    void roundTripsEveryFieldIncludingThePriorityMarking() {
        InstanceAttributes a = withPriority("急诊");
        assertThat(InstanceAttributes.fromBytes(a.toBytes())).isEqualTo(a);
        assertThat(InstanceAttributes.fromBytes(withPriority(null).toBytes()).requestedPriority()).isNull();
    }

    @Test
    void readsSpoolEntriesWrittenBeforeThePriorityExisted() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        String[] v = {"P1", null, "王^五", "M", "1961-02-03", "1.2.3", "ACC1", "2026-11-23", "101500", "胸部", "1.2.3.1", "DX",
                "CHEST", "2", "正位", "1.2.840.10008.5.1.4.1.1.1.1", "1.2.3.1.1", "7", "1.2.840.10008.1.2.1", "zhushan", "ZHUSHAN_DR"};
        for (String s : v) {
            out.writeBoolean(s != null);
            if (s != null) {
                out.writeUTF(s);
            }
        }
        InstanceAttributes a = InstanceAttributes.fromBytes(bytes.toByteArray());
        assertThat(a.sopInstanceUid()).isEqualTo("1.2.3.1.1");
        assertThat(a.sourceAeTitle()).isEqualTo("ZHUSHAN_DR");
        assertThat(a.instanceNumber()).isEqualTo(7);
        assertThat(a.requestedPriority()).isNull();
    }

    @Test
    void carriesTheResidentIdNumberAndReadsFormat3WithoutIt() {
        InstanceAttributes a = withPriority("STAT");
        InstanceAttributes withId = new InstanceAttributes(a.patientId(), a.issuerOfPatientId(), a.patientName(), a.patientSex(),
                a.patientBirthDate(), a.studyInstanceUid(), a.accessionNumber(), a.studyDate(), a.studyTime(), a.studyDescription(),
                a.seriesInstanceUid(), a.modality(), a.bodyPartExamined(), a.seriesNumber(), a.seriesDescription(), a.sopClassUid(),
                a.sopInstanceUid(), a.instanceNumber(), a.transferSyntaxUid(), a.facilityId(), a.sourceAeTitle(),
                a.requestedPriority(), "11010519491231002X");
        assertThat(InstanceAttributes.fromBytes(withId.toBytes())).isEqualTo(withId);

        // format 3, as spooled before the upgrade: the same fields without the last one
        byte[] four = a.toBytes();
        byte[] three = java.util.Arrays.copyOf(four, four.length - 1);
        three[0] = 3;
        assertThat(InstanceAttributes.fromBytes(three)).isEqualTo(a);
    }

    @Test
    void refusesAnUnknownFormat() {
        byte[] b = withPriority("STAT").toBytes();
        b[0] = 9;
        assertThatThrownBy(() -> InstanceAttributes.fromBytes(b)).isInstanceOf(StorageException.class)
                .hasMessageContaining("unknown instance attribute format 9");
    }

    @Test
    void blankMarkingsAreNoneAndOverlongOnesAreCut() {
        assertThat(withPriority("   ").requestedPriority()).isNull();
        assertThat(withPriority(" HIGH ").requestedPriority()).isEqualTo("HIGH");
        assertThat(withPriority("X".repeat(200)).requestedPriority()).hasSize(InstanceAttributes.MAX_PRIORITY_LENGTH);
    }

    private static InstanceAttributes withUids(String study, String series, String sop, String sopClass) {
        return new InstanceAttributes("P1", null, "王^五", "M", null, study, null, null, null, null, series, "DX", null, null,
                null, sopClass, sop, null, "1.2.840.10008.1.2.1", "zhushan", "ZHUSHAN_DR", null);
    }

    /** Each becomes an object-key segment (dicom/study/series/sop/sha.dcm): ".." would climb out of the bucket. */
    @ParameterizedTest
    @ValueSource(strings = {"..", "1..2", ".1", "1.", "01.2", "1.2.840.10008.111111111111111111111111111111111111111111111111111",
            "1.2/3", "1.2\\3", "1", ""})
    void everyUidIsCheckedAgainstPs35Section91(String bad) {
        String good = "1.2.3";
        assertThatThrownBy(() -> withUids(bad, good, good, good)).isInstanceOf(StorageException.class)
                .hasMessageContaining("Study Instance UID (0020,000D)");
        assertThatThrownBy(() -> withUids(good, bad, good, good)).isInstanceOf(StorageException.class)
                .hasMessageContaining("Series Instance UID (0020,000E)");
        assertThatThrownBy(() -> withUids(good, good, bad, good)).isInstanceOf(StorageException.class)
                .hasMessageContaining("SOP Instance UID (0008,0018)");
        assertThatThrownBy(() -> withUids(good, good, good, bad)).isInstanceOf(StorageException.class)
                .hasMessageContaining("SOP Class UID (0008,0016)");
        assertThatThrownBy(() -> new AttachmentAttributes(bad, "ECG_ORIGINAL", "a.scp", "application/octet-stream", "zhushan"))
                .isInstanceOf(StorageException.class).hasMessageContaining("Study Instance UID");
    }

    @Test
    void sixtyFourCharacterUidsAreAccepted() {
        String uid64 = "1.2.840.10008." + "1".repeat(50);
        assertThat(withUids(uid64, uid64, uid64, "1.2.840.10008.5.1.4.1.1.1.1").objectKey("ab"))
                .isEqualTo("dicom/" + uid64 + "/" + uid64 + "/" + uid64 + "/ab.dcm");
        assertThatThrownBy(() -> withUids(uid64 + "1", uid64, uid64, "1.2.3")).isInstanceOf(StorageException.class);
    }
}
