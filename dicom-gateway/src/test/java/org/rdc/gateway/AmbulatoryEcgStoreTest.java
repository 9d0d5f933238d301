package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.storage.catalog.StudyComposition;

/**
 * A Holter recorder's DICOM Ambulatory ECG Waveform Storage object (1.2.840.10008.5.1.4.1.1.9.1.3,
 * PS3.3 A.34.4), written with dicom-core and pushed by dcmtk's storescu as a township ECG device:
 * the gateway negotiates the SOP class (as every storage class of the registry, the 12-lead ECG
 * class included), stores the data set unchanged and catalogues an ECG study of the facility.
 */
class AmbulatoryEcgStoreTest {

    private static final String AMBULATORY_ECG = "1.2.840.10008.5.1.4.1.1.9.1.3";

    @Test
    void storescuStoresAnAmbulatoryEcgAsAnEcgStudy(@TempDir Path dir) throws Exception {
        Tools.require("storescu");
        Tools.require("dcmconv");
        assertThat(SopClasses.STORAGE).contains(AMBULATORY_ECG, "1.2.840.10008.5.1.4.1.1.9.1.1");
        String study = "1.2.826.0.1.3680043.10.1014.55";
        Path file = dir.resolve("holter.dcm");
        Part10Writer.write(file, ambulatoryEcg(study, 200, 200 * 600), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        try (GatewayFixture gw = new GatewayFixture(dir.resolve("gw"))) {
            Tools.Result r = Tools.run(60, "storescu", "-R", "-xe", "-aet", "ZHUSHAN_ECG", "-aec", GatewayFixture.AE, "127.0.0.1",
                    String.valueOf(gw.port()), file.toString());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).doesNotContain("E: ");

            assertThat(gw.stored).singleElement().satisfies(e -> {
                assertThat(e.facilityId()).isEqualTo("zhushan");
                assertThat(e.sourceAeTitle()).isEqualTo("ZHUSHAN_ECG");
                assertThat(e.attributes().sopClassUid()).isEqualTo(AMBULATORY_ECG);
                assertThat(e.attributes().modality()).isEqualTo("ECG");
            });
            var detail = gw.storage.store.catalog().study(study).orElseThrow();
            assertThat(detail.study().modalities()).containsExactly("ECG");
            assertThat(detail.study().facilityId()).isEqualTo("zhushan");
            assertThat(gw.storage.store.catalog().composition(org.rdc.storage.catalog.CatalogScope.alliance(), study).parts())
                    .containsExactly(new StudyComposition.Part("ECG", AMBULATORY_ECG, 1));
            // storescu sends dcmtk's encoding of the file's data set (explicit item lengths), as dcmconv writes it
            Path expected = dir.resolve("expected.dcm");
            Tools.Result conv = Tools.run(60, "dcmconv", "+te", file.toString(), expected.toString());
            assertThat(conv.exitCode()).as(conv.output()).isZero();
            byte[] stored = StoredBytes.stored(gw.storage.store, study + ".1.1");
            assertThat(StoredBytes.dataSet(stored)).as("the data set is stored as sent")
                    .isEqualTo(StoredBytes.withoutTrailingPadding(StoredBytes.fileDataSet(expected), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()));
        }
    }

    /** One multiplex group of three 16-bit leads (II, V1, V5), 2.5 uV per unit, a sawtooth. */
    private static DataSet ambulatoryEcg(String study, int rate, int frames) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, AMBULATORY_ECG);
        ds.setString(Tag.SOPInstanceUID, VR.UI, study + ".1.1");
        ds.setString(Tag.StudyDate, VR.DA, "20261203");
        ds.setString(Tag.StudyTime, VR.TM, "074509");
        ds.setString(Tag.Modality, VR.CS, "ECG");
        ds.setString(Tag.PatientName, VR.PN, "Wang^Xiaoming");
        ds.setString(Tag.PatientID, VR.LO, "H-0014");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".1");
        Item group = ds.newSequence(Tag.WaveformSequence).addItem();
        group.setInt(Tag.NumberOfWaveformChannels, VR.US, 3);
        group.setInt(Tag.NumberOfWaveformSamples, VR.UL, frames);
        group.setDouble(Tag.SamplingFrequency, VR.DS, rate);
        var defs = group.newSequence(0x003A0200);
        for (int lead : new int[] {2, 3, 7}) {
            Item d = defs.addItem();
            Item code = d.newSequence(0x003A0208).addItem();
            code.setString(Tag.CodeValue, VR.SH, "2:" + lead);
            code.setString(Tag.CodingSchemeDesignator, VR.SH, "MDC");
            code.setString(Tag.CodeMeaning, VR.LO, "Lead " + lead);
            d.setDouble(0x003A0210, VR.DS, 2.5);
            Item unit = d.newSequence(0x003A0211).addItem();
            unit.setString(Tag.CodeValue, VR.SH, "uV");
            unit.setString(Tag.CodingSchemeDesignator, VR.SH, "UCUM");
            unit.setString(Tag.CodeMeaning, VR.LO, "microvolt");
        }
        group.setInt(0x54001004, VR.US, 16);
        group.setString(0x54001006, VR.CS, "SS");
        byte[] data = new byte[3 * frames * 2];
        for (int i = 0; i < data.length / 2; i++) {
            short v = (short) (i % 2000 - 1000);
            data[2 * i] = (byte) v;
            data[2 * i + 1] = (byte) (v >> 8);
        }
        group.setBytes(Tag.WaveformData, VR.OW, data);
        return ds;
    }
}
