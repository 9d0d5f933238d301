package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.dimse.DimseChannel;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.scu.DicomClient;

/** Storage Commitment Push Model SCP: report on the same association, and to Orthanc's storage-commitment SCU. */
@Timeout(120)
class StorageCommitmentTest {

    @TempDir
    Path dir;

    static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";

    static byte[] instance(String study, String sop) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, DX);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".1");
        ds.setString(Tag.PatientID, VR.LO, "SC1");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[2048]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ds, out);
        return out.toByteArray();
    }

    static void storeTwo(int port, String calling, String study, String a, String b) throws Exception {
        try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", port, GatewayFixture.AE).callingAe(calling)
                .context(DX, List.of(SopClasses.EXPLICIT_VR_LE)))) {
            for (String sop : List.of(a, b)) {
                assertThat(c.store(DX, sop, SopClasses.EXPLICIT_VR_LE, new ByteArrayInputStream(instance(study, sop)))
                        .getInt(Dimse.Status, -1)).isZero();
            }
        }
    }

    @Test
    void reportOnTheSameAssociation() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            String study = UidGenerator.newUid();
            String a = UidGenerator.newUid();
            String b = UidGenerator.newUid();
            String unknown = UidGenerator.newUid();
            storeTwo(gw.port(), "ZHUSHAN_DR", study, a, b);
            // damage nothing: all bytes verify; one instance is unknown
            String tx = UidGenerator.newUid();
            Report report = commitOnTheSameAssociation(gw.port(), "ZHUSHAN_DR", tx, List.of(a, b, unknown));
            assertThat(report.eventType()).isEqualTo(2); // some failed
            assertThat(report.result().getString(0x00081195)).isEqualTo(tx);
            assertThat(report.result().getSequence(0x00081199).items()).extracting(i -> i.getString(0x00081155))
                    .containsExactly(a, b);
            assertThat(report.result().getSequence(0x00081198).items()).singleElement().satisfies(i -> {
                assertThat(i.getString(0x00081155)).isEqualTo(unknown);
                assertThat(i.getInt(0x00081197, -1)).isEqualTo(0x0112);
            });
            assertThat(gw.committed).singleElement().satisfies(e -> {
                assertThat(e.studyInstanceUids()).containsExactly(study);
                assertThat(e.failedSopInstanceUids()).containsExactly(unknown);
                assertThat(e.allCommitted()).isFalse();
            });
        }
    }

    @Test
    void anotherFacilitysInstanceIsAnsweredAsUnknown() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            String zhushanStudy = UidGenerator.newUid();
            String zhushans = UidGenerator.newUid();
            storeTwo(gw.port(), "ZHUSHAN_DR", zhushanStudy, zhushans, UidGenerator.newUid());
            String demoStudy = UidGenerator.newUid();
            String demos = UidGenerator.newUid();
            storeTwo(gw.port(), "DEMO_DR", demoStudy, demos, UidGenerator.newUid());

            DataSet result = commitOnTheSameAssociation(gw.port(), "DEMO_DR", UidGenerator.newUid(), List.of(demos, zhushans))
                    .result();
            assertThat(result.getSequence(0x00081199).items()).extracting(i -> i.getString(0x00081155)).containsExactly(demos);
            assertThat(result.getSequence(0x00081198).items()).singleElement().satisfies(i -> {
                assertThat(i.getString(0x00081155)).isEqualTo(zhushans);
                assertThat(i.getInt(0x00081197, -1)).as("as if unknown: no such object instance").isEqualTo(0x0112);
            });
            assertThat(gw.committed).singleElement().satisfies(e -> {
                assertThat(e.facilityId()).isEqualTo("demo");
                assertThat(e.studyInstanceUids()).containsExactly(demoStudy);
                assertThat(e.failedSopInstanceUids()).containsExactly(zhushans);
            });
        }
    }

    /** The N-EVENT-REPORT of a Storage Commitment request: its event type and data set. */
    private record Report(int eventType, DataSet result) {
    }

    /** N-ACTION for {@code sops}; returns the N-EVENT-REPORT received on the same association. */
    private static Report commitOnTheSameAssociation(int port, String callingAe, String transaction, List<String> sops)
            throws Exception {
        try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", port, GatewayFixture.AE)
                .callingAe(callingAe).context(SopClasses.STORAGE_COMMITMENT_PUSH, List.of(SopClasses.EXPLICIT_VR_LE)))) {
            DataSet req = new DataSet();
            req.setString(0x00081195, VR.UI, transaction);
            Sequence refs = req.newSequence(0x00081199);
            for (String sop : sops) {
                Item i = refs.addItem();
                i.setString(0x00081150, VR.UI, DX);
                i.setString(0x00081155, VR.UI, sop);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(req, bytes);
            DataSet action = Dimse.command(Dimse.N_ACTION_RQ, 0);
            action.setString(Dimse.RequestedSOPClassUID, VR.UI, SopClasses.STORAGE_COMMITMENT_PUSH);
            action.setString(Dimse.RequestedSOPInstanceUID, VR.UI, SopClasses.STORAGE_COMMITMENT_PUSH_INSTANCE);
            action.setInt(Dimse.ActionTypeID, VR.US, 1);
            DataSet rsp = c.request(c.context(SopClasses.STORAGE_COMMITMENT_PUSH, null).id(), action,
                    new ByteArrayInputStream(bytes.toByteArray()));
            assertThat(rsp.getInt(Dimse.Status, -1)).isZero();
            assertThat(rsp.getInt(Dimse.CommandField, -1)).isEqualTo(Dimse.N_ACTION_RSP);
            DimseChannel.Incoming in = c.dimse().readCommand();
            assertThat(in).isInstanceOf(DimseChannel.Command.class);
            DimseChannel.Command report = (DimseChannel.Command) in;
            assertThat(report.field()).isEqualTo(Dimse.N_EVENT_REPORT_RQ);
            DimseChannel.DataInput data = c.dimse().dataSet(report.pcId());
            DataSet result = new DataSetReader().read(DataSetParser.open(data, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            data.close();
            c.dimse().sendCommand(report.pcId(), Dimse.response(report.command(), Dimse.N_EVENT_REPORT_RSP, 0));
            return new Report(report.command().getInt(Dimse.EventTypeID, -1), result);
        }
    }

    @Test
    void orthancStorageCommitmentScu() throws Exception {
        int orthancDicom = Peers.freePort();
        int orthancHttp = Peers.freePort();
        String yaml = GatewayFixture.FACILITIES + """
                  - id: orthanc
                    name: a PACS that asks for commitment
                    devices:
                      - {aeTitle: ORTHANC, kind: PACS, host: 127.0.0.1, port: %d}
                """.formatted(orthancDicom);
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("gw"), c -> c, yaml)) {
            String study = UidGenerator.newUid();
            String a = UidGenerator.newUid();
            String b = UidGenerator.newUid();
            storeTwo(gw.port(), "ORTHANC", study, a, b);  // its own: a facility gets commitment for its own instances only
            String modalities = "{\"rdc\": [\"" + GatewayFixture.AE + "\", \"127.0.0.1\", " + gw.port() + "]}";
            try (Peers.Child orthanc = Peers.orthanc(dir.resolve("orthanc"), "ORTHANC", orthancDicom, orthancHttp, modalities)) {
                String base = "http://127.0.0.1:" + orthancHttp;
                String ok = commit(base, List.of(a, b));
                assertThat(ok).contains("\"Status\" : \"Success\"").contains(a).contains(b);
                String mixed = commit(base, List.of(a, "1.2.3.4.5.6.7.8.9"));
                assertThat(mixed).contains("\"Status\" : \"Failure\"").contains("1.2.3.4.5.6.7.8.9").contains(a);
                assertThat(mixed.replaceAll("\\s", "")).contains("\"FailureReason\":274"); // 0x0112 no such object instance
            }
        }
    }

    private static String commit(String base, List<String> sops) throws Exception {
        StringBuilder body = new StringBuilder("{\"DicomInstances\": [");
        for (int i = 0; i < sops.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"SOPClassUID\": \"").append(DX).append("\", \"SOPInstanceUID\": \"")
                    .append(sops.get(i)).append("\"}");
        }
        body.append("], \"Timeout\": 30}");
        String started = Peers.http("POST", base + "/modalities/rdc/storage-commitment", body.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"Path\"\\s*:\\s*\"([^\"]+)\"").matcher(started);
        assertThat(m.find()).as(started).isTrue();
        String report = "";
        for (int i = 0; i < 300; i++) {
            report = Peers.http("GET", base + m.group(1), null);
            if (!report.contains("\"Pending\"")) {
                return report;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no report within 30 s: " + report);
    }
}
