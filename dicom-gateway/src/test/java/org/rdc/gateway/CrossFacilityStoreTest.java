package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.storage.catalog.StudyQuery;

/**
 * No facility writes into another's data (issue 11 point 2), end to end with dcmtk storescu: a device of facility
 * demo sends instances into zhushan's study, series and under its SOP Instance UID; each gets 0124H "Refused: Not
 * authorized" and zhushan's study is unchanged.
 */
class CrossFacilityStoreTest {

    @TempDir
    Path dir;

    static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";

    private Path file(String name, String patientName, String study, String series, String sop) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, DX);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.PatientID, VR.LO, "0001");
        ds.setString(Tag.PatientName, VR.PN, patientName);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setString(0x00080060, VR.CS, "DX");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[4096]);
        Path f = dir.resolve(name);
        Files.write(f, Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
        return f;
    }

    private static Tools.Result storescu(int port, String callingAe, Path... files) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("storescu", "-v", "-nh", "-aet", callingAe, "-aec",
                GatewayFixture.AE, "127.0.0.1", String.valueOf(port)));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        return Tools.run(60, cmd);
    }

    @Test
    void aDeviceOfAnotherFacilityCannotStoreIntoAStudyItDoesNotOwn() throws Exception {
        Tools.require("storescu");
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("gw"))) {
            String study = UidGenerator.newUid();
            String series = UidGenerator.newUid();
            String sop = UidGenerator.newUid();
            Tools.Result own = storescu(gw.port(), "STORESCU", file("own.dcm", "ZHANG^SAN", study, series, sop));
            assertThat(own.exitCode()).as(own.output()).isZero();
            assertThat(gw.storage.store.mover().awaitIdle(java.time.Duration.ofSeconds(30))).isTrue();
            StudyDetail before = gw.storage.catalog.study(study).orElseThrow();
            StoredObject ownObject = gw.storage.store.locate(sop).orElseThrow();
            assertThat(before.study().facilityId()).isEqualTo("zhushan");

            String intoStudy = UidGenerator.newUid();
            String intoSeries = UidGenerator.newUid();
            Tools.Result foreign = storescu(gw.port(), "DEMO_DR",
                    file("into-study.dcm", "LI^SI", study, UidGenerator.newUid(), intoStudy),
                    file("into-series.dcm", "LI^SI", UidGenerator.newUid(), series, intoSeries),
                    file("same-sop.dcm", "LI^SI", UidGenerator.newUid(), UidGenerator.newUid(), sop));
            // -nh: storescu goes on after a failure status (dcmtk names 0124H for no C-STORE, hence "Unknown Status")
            assertThat(foreign.output().split("Received Store Response \\(Unknown Status: 0x124\\)", -1))
                    .as(foreign.output()).hasSize(4);

            assertThat(gw.storage.catalog.study(study)).contains(before);
            assertThat(before.study().patientName()).isEqualTo("ZHANG^SAN");
            assertThat(gw.storage.store.locate(sop)).contains(ownObject);
            assertThat(gw.storage.store.locate(intoStudy)).isEmpty();
            assertThat(gw.storage.store.locate(intoSeries)).isEmpty();
            assertThat(gw.storage.catalog.findStudies(CatalogScope.alliance(), new StudyQuery(null, "demo", null, null, 0, 10))).isEmpty();
            assertThat(gw.stored).extracting(e -> e.facilityId()).containsExactly("zhushan");
            assertThat(gw.meters.get("rdc.dicom.cstore").tags("status", "0124").timer().count()).isEqualTo(3);
        }
    }
}
