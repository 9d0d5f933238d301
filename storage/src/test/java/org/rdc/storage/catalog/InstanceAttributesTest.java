package org.rdc.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
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
}
