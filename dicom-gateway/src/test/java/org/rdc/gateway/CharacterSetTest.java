package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.scu.DicomClient;

/** A township device that sends GB18030 names without (0008,0005): the facility's default decodes them. */
class CharacterSetTest {

    @TempDir
    Path dir;

    @Test
    void facilityDefaultDecodesUnlabelledNames() throws Exception {
        String yaml = GatewayFixture.FACILITIES.replace("""
                  - id: demo
                    name: demo
                """, """
                  - id: demo
                    name: demo
                    defaultCharacterSet: ISO_IR 192
                """);
        try (GatewayFixture gw = new GatewayFixture(dir, c -> c, yaml)) {
            for (String[] t : new String[][] {{"ZHUSHAN_DR", "GB18030"}, {"DEMO_DR", "UTF-8"}}) {
                String sop = UidGenerator.newUid();
                DataSet ds = new DataSet();
                ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
                ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
                ds.setString(Tag.StudyInstanceUID, VR.UI, UidGenerator.newUid());
                ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
                ds.put(new DataElement(Tag.PatientName, VR.PN, "张^三=".getBytes(Charset.forName(t[1]))));
                ds.put(new DataElement(0x00081030, VR.LO, "胸部正位 ".getBytes(Charset.forName(t[1]))));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ds, out);
                try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                        .callingAe(t[0]).context("1.2.840.10008.5.1.4.1.1.7", List.of(SopClasses.EXPLICIT_VR_LE)))) {
                    assertThat(c.store("1.2.840.10008.5.1.4.1.1.7", sop, SopClasses.EXPLICIT_VR_LE,
                            new ByteArrayInputStream(out.toByteArray())).getInt(Dimse.Status, -1)).isZero();
                }
                assertThat(gw.stored).anySatisfy(e -> {
                    assertThat(e.attributes().sopInstanceUid()).isEqualTo(sop);
                    assertThat(e.attributes().patientName()).startsWith("张^三");
                    assertThat(e.attributes().studyDescription()).isEqualTo("胸部正位");
                });
            }
        }
    }
}
