package org.rdc.gateway.stow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.GatewayFixture;
import org.rdc.gateway.StoredBytes;

class StowServiceTest {

    @TempDir
    Path dir;

    static byte[] part10(String study, String sop, int pixels) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.PatientID, VR.LO, "STOW");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".1");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[pixels]);
        return Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), ds,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    static byte[] multipart(byte[]... parts) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.write("--XyZ\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            body.write(part);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write("--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    @Test
    void anInstanceIntoAnotherFacilitysStudyFailsWithNotAuthorizedAndChangesNothing() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            StowService stow = new StowService(gw.storage.store, null, 1 << 30, 1 << 30);
            String type = "multipart/related; type=\"application/dicom\"; boundary=XyZ";
            String study = UidGenerator.newUid();
            String own = UidGenerator.newUid();
            assertThat(stow.store(new ByteArrayInputStream(multipart(part10(study, own, 1000))), type,
                    gw.registry.byAeTitle("ZHUSHAN_DR").orElseThrow(), null).stored()).isEqualTo(1);
            assertThat(gw.storage.store.mover().awaitIdle(java.time.Duration.ofSeconds(30))).isTrue();
            var before = gw.storage.catalog.study(study).orElseThrow();

            String foreign = UidGenerator.newUid();
            StowService.Result r = stow.store(new ByteArrayInputStream(multipart(part10(study, foreign, 1000))), type,
                    gw.registry.byAeTitle("DEMO_DR").orElseThrow(), null);
            assertThat(r.parts()).singleElement().satisfies(p -> {
                assertThat(p.sopInstanceUid()).isEqualTo(foreign);
                assertThat(p.failureReason()).as("PS3.18 10.5.3 Failure Reason").isEqualTo(0x0124);
                assertThat(p.comment()).contains("belongs to another facility: Study Instance UID " + study)
                        .doesNotContain("zhushan");
            });
            assertThat(gw.storage.catalog.study(study)).contains(before);
            assertThat(gw.storage.store.locate(foreign)).isEmpty();
        }
    }

    @Test
    void storesEveryPart() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            StowService stow = new StowService(gw.storage.store, null, 1 << 30, 1 << 30);
            String study = UidGenerator.newUid();
            List<String> sops = List.of(UidGenerator.newUid(), UidGenerator.newUid());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (String sop : sops) {
                body.write("--XyZ\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                body.write(part10(study, sop, 100_000));
                body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            body.write("--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
            StowService.Result r = stow.store(new ByteArrayInputStream(body.toByteArray()),
                    "multipart/related; type=\"application/dicom\"; boundary=XyZ",
                    gw.registry.byAeTitle("DEMO_DR").orElseThrow(), null);
            assertThat(r.parts()).extracting(StowService.PartResult::failureReason).containsExactly(0, 0);
            for (String sop : sops) {
                assertThat(StoredBytes.dataSet(StoredBytes.stored(gw.storage.store, sop)))
                        .isEqualTo(StoredBytes.dataSet(part10(study, sop, 100_000)));
            }
        }
    }

    /** The same UID check as C-STORE (PS3.5 9.1 through InstanceAttributes): a malformed UID fails its part, the rest is stored. */
    @Test
    void aPartWithAMalformedUidFailsAndNothingOfItIsStored() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            StowService stow = new StowService(gw.storage.store, null, 1 << 30, 1 << 30);
            String good = UidGenerator.newUid();
            String[][] parts = {{UidGenerator.newUid(), ".."}, {"1..2", UidGenerator.newUid()}, {UidGenerator.newUid(), "01.2"},
                    {UidGenerator.newUid(), good}};
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (String[] p : parts) {
                body.write("--XyZ\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                body.write(part10(p[0], p[1], 100));
                body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            body.write("--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
            StowService.Result r = stow.store(new ByteArrayInputStream(body.toByteArray()),
                    "multipart/related; type=\"application/dicom\"; boundary=XyZ",
                    gw.registry.byAeTitle("DEMO_DR").orElseThrow(), null);
            assertThat(r.parts()).extracting(StowService.PartResult::failureReason).containsExactly(0xC000, 0xC000, 0xC000, 0);
            assertThat(r.parts().get(0).comment()).contains("SOP Instance UID (0008,0018) is not a valid UID");
            assertThat(r.parts().get(1).comment()).contains("Study Instance UID (0020,000D) is not a valid UID");
            for (String[] p : parts) {
                assertThat(gw.storage.store.locate(p[1]).isPresent()).as(p[1]).isEqualTo(p[1].equals(good));
            }
            assertThat(gw.storage.store.catalog().study("1..2")).isEmpty();
        }
    }
}
