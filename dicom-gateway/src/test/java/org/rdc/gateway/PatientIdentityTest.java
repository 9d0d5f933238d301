package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.scu.DicomClient;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.catalog.StudySummary;

/**
 * Township devices name patients by local IDs; the 居民身份证号 in Other Patient IDs Sequence
 * (0010,1002), or where the facility's configuration says, is what the gateway reads for the
 * alliance identity, from the C-STORE stream itself.
 */
class PatientIdentityTest {

    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String VALID_ID = "11010519491231002X";

    @TempDir
    Path dir;

    /** An instance of local patient {@code patientId} with (0010,1002) items: {id, issuer, identifier type code}. */
    private static DataSet instance(String study, String patientId, String[]... otherIds) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, study + ".1.1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".1");
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.PatientName, VR.PN, "WANG^YI");
        Sequence seq = ds.newSequence(0x00101002);
        for (String[] o : otherIds) {
            Item item = seq.addItem();
            item.setString(Tag.PatientID, VR.LO, o[0]);
            if (o[1] != null) {
                item.setString(0x00100021, VR.LO, o[1]);
            }
            if (o[2] != null) {
                item.newSequence(0x00100024).addItem().setString(0x00400035, VR.CS, o[2]);
            }
        }
        return ds;
    }

    private static void store(GatewayFixture gw, String callingAe, DataSet ds, String ts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter(TransferSyntax.of(ts)).write(ds, out);
        try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                .callingAe(callingAe).context(CT, List.of(ts)))) {
            assertThat(c.store(CT, ds.getString(Tag.SOPInstanceUID), ts, new ByteArrayInputStream(out.toByteArray()))
                    .getInt(Dimse.Status, -1)).isZero();
        }
    }

    private static InstanceAttributes stored(GatewayFixture gw, String study) {
        return gw.stored.stream().map(GatewayListener.InstanceStored::attributes).filter(a -> a.studyInstanceUid().equals(study))
                .findFirst().orElseThrow();
    }

    @Test
    void readsTheResidentIdFromOtherPatientIdsSequenceAndLinksTwoFacilitiesPatients() throws Exception {
        String yaml = GatewayFixture.FACILITIES.replace("""
                  - id: demo
                    name: demo
                """, """
                  - id: demo
                    name: demo
                    patientIdIssuer: DEMO_HIS
                    residentIdIssuer: SFZ
                """);
        try (GatewayFixture gw = new GatewayFixture(dir, c -> c, yaml)) {
            // zhushan (defaults): the item typed NNCHN counts, an old hospital number beside it does not
            store(gw, "ZHUSHAN_DR", instance("1.2.826.0.1.3680043.10.1.1", "0001",
                    new String[] {"ZS-1999-7", "ZHUSHAN_OLD_HIS", null}, new String[] {VALID_ID, null, "NNCHN"}),
                    SopClasses.IMPLICIT_VR_LE);
            // demo: its devices mark the item with issuer SFZ; a wrong check character stays unlinked
            store(gw, "DEMO_DR", instance("1.2.826.0.1.3680043.10.1.2", "0001", new String[] {VALID_ID, "SFZ", null}),
                    SopClasses.EXPLICIT_VR_LE);
            store(gw, "DEMO_DR", instance("1.2.826.0.1.3680043.10.1.3", "0002", new String[] {"110105194912310021", "SFZ", null}),
                    SopClasses.EXPLICIT_VR_LE);
            // demo, no SFZ item: a number typed otherwise is not the resident ID
            store(gw, "DEMO_DR", instance("1.2.826.0.1.3680043.10.1.4", "0003", new String[] {VALID_ID, "INSURANCE", null}),
                    SopClasses.EXPLICIT_VR_LE);

            assertThat(stored(gw, "1.2.826.0.1.3680043.10.1.1").residentId()).isEqualTo(VALID_ID);
            assertThat(stored(gw, "1.2.826.0.1.3680043.10.1.1").issuerOfPatientId()).isNull();
            assertThat(stored(gw, "1.2.826.0.1.3680043.10.1.2").residentId()).isEqualTo(VALID_ID);
            assertThat(stored(gw, "1.2.826.0.1.3680043.10.1.2").issuerOfPatientId()).isEqualTo("DEMO_HIS");
            assertThat(stored(gw, "1.2.826.0.1.3680043.10.1.4").residentId()).isNull();

            assertThat(gw.storage.catalog.priors("1.2.826.0.1.3680043.10.1.1", CatalogScope.alliance()))
                    .extracting(StudySummary::studyInstanceUid).containsExactly("1.2.826.0.1.3680043.10.1.2");
            assertThat(gw.storage.catalog.priors("1.2.826.0.1.3680043.10.1.3", CatalogScope.alliance())).isEmpty();
            assertThat(gw.storage.catalog.study("1.2.826.0.1.3680043.10.1.3").orElseThrow().study().identityFlag())
                    .isEqualTo("RESIDENT_ID_INVALID");
            assertThat(gw.storage.catalog.priors("1.2.826.0.1.3680043.10.1.4", CatalogScope.alliance())).isEmpty();
        }
    }

    @Test
    void storescuSendsTheNumberInOtherPatientIdsSequence() throws Exception {
        Tools.require("storescu");
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            DataSet ds = instance("1.2.826.0.1.3680043.10.2.1", "0001", new String[] {" 11010519491231002x", null, "NNCHN"});
            Path file = dir.resolve("ct.dcm");
            Part10Writer.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            Tools.Result r = Tools.run(60, "storescu", "-aet", "STORESCU", "-aec", GatewayFixture.AE, "127.0.0.1",
                    String.valueOf(gw.port()), file.toString());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(stored(gw, "1.2.826.0.1.3680043.10.2.1").residentId()).isEqualTo("11010519491231002x");
            assertThat(gw.storage.catalog.study("1.2.826.0.1.3680043.10.2.1").orElseThrow().study().identityFlag()).isNull();
        }
    }
}
