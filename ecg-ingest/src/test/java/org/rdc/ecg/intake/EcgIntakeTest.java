package org.rdc.ecg.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.TestData;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.ecg.synthetic.MuseXmlWriter;
import org.rdc.ecg.synthetic.SyntheticEcg;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.catalog.AttachmentSummary;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.InstanceSummary;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.storage.catalog.StudyQuery;

/** The intake against the real storage stack (S3Proxy, H2, spool on disk). */
class EcgIntakeTest {

    @TempDir
    static Path dir;
    static StorageFixture storage;
    static EcgIntake intake;
    static final List<EcgResult> heard = new ArrayList<>();
    static final Device DEMO = new Device("demo", "DEMO_ECG");

    @BeforeAll
    static void start() {
        storage = new StorageFixture(dir);
        intake = new EcgIntake(storage.store, EcgReader.standard(), AnalysisSettings.defaults(), new EcgRenderer(),
                EcgMetrics.none(), heard::add);
    }

    @AfterAll
    static void stop() {
        storage.close();
    }

    private static byte[] read(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void uploadBecomesACataloguedTwelveLeadDicomWithOriginalAnalysisAndRendering() throws Exception {
        byte[] scp = TestData.bytes("ecg/ecgtoolkit/Example.scp");
        EcgResult r = intake.ingest(scp, DEMO);
        RecordUids uids = RecordUids.of("demo", r.originalSha256());
        assertThat(r.created()).isTrue();
        assertThat(r.format()).isEqualTo(SourceFormat.SCP_ECG);
        assertThat(r.studyInstanceUid()).isEqualTo(uids.study()).startsWith("2.25.");
        assertThat(r.sopInstanceUid()).isEqualTo(uids.sopInstance());
        assertThat(r.analysisJson().get("prMs").asDouble()).isEqualTo(142.0);

        StudyDetail study = storage.catalog.study(r.studyInstanceUid()).orElseThrow();
        assertThat(study.study().facilityId()).isEqualTo("demo");
        assertThat(study.study().patientId()).isEqualTo("SBJ-123");
        assertThat(study.study().issuerOfPatientId()).isEqualTo("demo");
        assertThat(study.study().modalities()).containsExactly("ECG");
        InstanceSummary instance = study.series().get(0).instances().get(0);
        assertThat(instance.sopClassUid()).isEqualTo(DicomWaveformDecoder.TWELVE_LEAD_ECG);
        assertThat(instance.sourceAeTitle()).isEqualTo("DEMO_ECG");

        // The stored DICOM object decodes to the uploaded samples.
        EcgRecord stored = EcgReader.standard().read(read(storage.store.open(r.sopInstanceUid())));
        EcgRecord original = EcgReader.standard().read(scp);
        double[] a = stored.rhythm().lead("V2").orElseThrow().samplesUv();
        double[] b = original.rhythm().lead("V2").orElseThrow().samplesUv();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], within(0.26));
        }

        List<AttachmentSummary> originals = storage.catalog.attachments(r.studyInstanceUid(), EcgIntake.ORIGINAL);
        assertThat(originals).singleElement().satisfies(o -> {
            assertThat(o.sha256()).isEqualTo(r.originalSha256());
            assertThat(o.size()).isEqualTo(scp.length);
        });
        assertThat(read(storage.store.openAttachment(r.studyInstanceUid(), EcgIntake.ORIGINAL, r.originalSha256()))).isEqualTo(scp);
        AttachmentSummary png = storage.catalog.attachments(r.studyInstanceUid(), EcgIntake.RENDER).get(0);
        assertThat(png.contentType()).isEqualTo("image/png");
        assertThat(read(storage.store.openAttachment(r.studyInstanceUid(), EcgIntake.RENDER, png.sha256())))
                .startsWith(0x89, 'P', 'N', 'G');
        AttachmentSummary json = storage.catalog.attachments(r.studyInstanceUid(), EcgIntake.ANALYSIS).get(0);
        String text = new String(read(storage.store.openAttachment(r.studyInstanceUid(), EcgIntake.ANALYSIS, json.sha256())),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("\"sopInstanceUid\":\"" + r.sopInstanceUid() + "\"", "\"qtcBazettMs\"", "\"deviceMeasurements\"");
        assertThat(storage.catalog.readiness(r.studyInstanceUid())).get().extracting(e -> e.getValue()).isEqualTo("ECG_UPLOAD");
    }

    @Test
    void theSameContentTwiceIsTheSameRecordAndAnotherFacilitysCopyIsItsOwn() throws Exception {
        byte[] xml = TestData.bytes("ecg/philips-sierra/3191723_ZZDEMOPTONLY_1-04_orig.xml");
        EcgResult first = intake.ingest(xml, DEMO);
        EcgResult second = intake.ingest(xml, new Device("demo", "DEMO_ECG_2"));
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.sopInstanceUid()).isEqualTo(first.sopInstanceUid());
        assertThat(second.studyInstanceUid()).isEqualTo(first.studyInstanceUid());
        assertThat(second.analysisJson()).isEqualTo(first.analysisJson());
        assertThat(storage.catalog.attachments(first.studyInstanceUid(), null)).hasSize(3);
        assertThat(storage.catalog.study(first.studyInstanceUid()).orElseThrow().study().instanceCount()).isEqualTo(1);

        // the same file from another township (the patient moved on): read and reported to that facility
        EcgResult other = intake.ingest(xml, new Device("other", "OTHER_ECG"));
        assertThat(other.created()).isTrue();
        assertThat(other.studyInstanceUid()).isNotEqualTo(first.studyInstanceUid());
        assertThat(other.sopInstanceUid()).isNotEqualTo(first.sopInstanceUid());
        assertThat(storage.catalog.study(other.studyInstanceUid()).orElseThrow().study().facilityId()).isEqualTo("other");
        assertThat(storage.catalog.study(first.studyInstanceUid()).orElseThrow().study().facilityId()).isEqualTo("demo");
    }

    @Test
    void aBrokenFileStoresNothing() throws Exception {
        byte[] scp = TestData.bytes("ecg/ecgtoolkit/Example.scp");
        byte[] broken = Arrays.copyOf(scp, scp.length);
        broken[300] ^= 0x55;
        int before = storage.catalog.findStudies(CatalogScope.alliance(), new StudyQuery(null, null, null, null, 0, 500)).size();
        assertThatThrownBy(() -> intake.ingest(broken, DEMO)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("CRC mismatch")
                .satisfies(e -> assertThat(((EcgFormatException) e).kind()).isEqualTo(EcgFormatException.Kind.INVALID));
        assertThatThrownBy(() -> intake.ingest("hello, not an ECG".getBytes(), DEMO)).isInstanceOf(EcgFormatException.class)
                .satisfies(e -> assertThat(((EcgFormatException) e).kind()).isEqualTo(EcgFormatException.Kind.UNSUPPORTED));
        assertThat(storage.catalog.findStudies(CatalogScope.alliance(), new StudyQuery(null, null, null, null, 0, 500))).hasSize(before);
    }

    @Test
    void aDicomEcgUploadKeepsItsOwnIdentity() throws Exception {
        byte[] dcm = TestData.bytes("ecg/pydicom/waveform_ecg.dcm");
        EcgResult r = intake.ingest(dcm, DEMO);
        assertThat(r.studyInstanceUid()).isEqualTo("1.3.76.13.65829.2.20130125082826.1072139.2");
        assertThat(r.sopInstanceUid()).isEqualTo("1.3.6.1.4.1.20029.40.20130125105919.5407.1.1");
        assertThat(read(storage.store.open(r.sopInstanceUid()))).isEqualTo(dcm);
        assertThat(storage.catalog.attachments(r.studyInstanceUid(), EcgIntake.ORIGINAL)).isEmpty();
        assertThat(storage.catalog.attachments(r.studyInstanceUid(), EcgIntake.ANALYSIS)).hasSize(1);
        assertThat(r.analysisJson().get("qrsMs").asDouble()).isCloseTo(75, within(10.0));
        assertThat(intake.ingest(dcm, DEMO).created()).isFalse();
    }

    @Test
    void aDicomEcgUploadIntoAnotherFacilitysStudyIsRefusedAndChangesNothing() throws Exception {
        byte[] dcm = TestData.bytes("ecg/pydicom/waveform_ecg.dcm");
        EcgResult own = intake.ingest(dcm, DEMO);
        StudyDetail before = storage.catalog.study(own.studyInstanceUid()).orElseThrow();
        int attachments = storage.catalog.attachments(own.studyInstanceUid(), null).size();

        // the same file, keeping its own UIDs, uploaded by another facility's cart
        assertThatThrownBy(() -> intake.ingest(dcm, new Device("taoyuan", "TAOYUAN_ECG")))
                .isInstanceOfSatisfying(org.rdc.storage.StorageException.class, e -> assertThat(e.kind())
                        .isEqualTo(org.rdc.storage.StorageException.Kind.OTHER_FACILITY))
                .hasMessageContaining("belongs to another facility");
        assertThat(storage.catalog.study(own.studyInstanceUid())).contains(before);
        assertThat(storage.catalog.attachments(own.studyInstanceUid(), null)).hasSize(attachments);
        assertThat(storage.catalog.findStudies(CatalogScope.alliance(), new StudyQuery(null, "taoyuan", null, null, 0, 10))).isEmpty();
    }

    /** The gateway's path: a DICOM ECG already stored by C-STORE gets its analysis and rendering. */
    @Test
    void aDicomEcgStoredByTheGatewayIsAnalysed() throws Exception {
        // ECG Toolkit's own Example.dcm has UIDs PS3.5 9.1 refuses ("..", a trailing dot): the same record under valid ones
        EcgRecord record = EcgReader.standard().read(TestData.bytes("ecg/ecgtoolkit/Example.scp"));
        byte[] dcm = org.rdc.ecg.format.dicom.DicomWaveformWriter.toPart10(org.rdc.ecg.format.dicom.DicomWaveformWriter.build(record,
                new org.rdc.ecg.format.dicom.DicomWaveformWriter.Identity(UidGenerator.newUid(), UidGenerator.newUid(),
                        UidGenerator.newUid(), "zhushan", "ZHUSHAN_ECG")));
        var ds = DicomWaveformDecoder.read(dcm).dataSet();
        var attrs = EcgIntake.attributes(ds, "1.2.840.10008.1.2.1", new Device("zhushan", "ZHUSHAN_ECG"));
        storage.store.store(attrs, new java.io.ByteArrayInputStream(dcm));
        String sop = ds.getString(Tag.SOPInstanceUID);
        assertThat(EcgIntake.isEcg(ds.getString(Tag.SOPClassUID))).isTrue();

        EcgResult r = intake.ingestStoredInstance(sop);
        assertThat(r.created()).isTrue();
        assertThat(r.facilityId()).isEqualTo("zhushan");
        assertThat(r.format()).isEqualTo(SourceFormat.DICOM_WAVEFORM);
        assertThat(storage.catalog.attachments(r.studyInstanceUid(), EcgIntake.ANALYSIS)).singleElement()
                .satisfies(a -> assertThat(a.facilityId()).isEqualTo("zhushan"));
        assertThat(storage.catalog.attachments(r.studyInstanceUid(), EcgIntake.RENDER)).hasSize(1);
        assertThat(storage.catalog.readiness(r.studyInstanceUid())).as("readiness stays with the gateway").isEmpty();
        assertThat(intake.ingestStoredInstance(sop).created()).isFalse();
        assertThatThrownBy(() -> intake.ingestStoredInstance("1.2.3.4.5.6.7"))
                .isInstanceOf(org.rdc.storage.StorageException.class).hasMessageContaining("1.2.3.4.5.6.7");
    }

    @Test
    void criticalFlagsReachTheListenerBeforeTheStudyIsReady() throws Exception {
        byte[] slow = MuseXmlWriter.write(SyntheticEcg.normal().rate(32).seconds(10).build(), 4.88);
        heard.clear();
        EcgResult r = intake.ingest(slow, DEMO);
        assertThat(r.criticalFlags()).contains("EXTREME_BRADYCARDIA");
        assertThat(r.analysisJson().get("critical").asBoolean()).isTrue();
        assertThat(heard).singleElement().satisfies(h -> {
            assertThat(h.studyInstanceUid()).isEqualTo(r.studyInstanceUid());
            assertThat(h.critical()).isTrue();
        });
        heard.clear();
        intake.ingest(slow, DEMO);
        assertThat(heard).as("a repeated upload is not announced again").isEmpty();
    }
}
