package org.rdc.reports.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.iod.EncapsulatedPdf;
import org.rdc.dicom.object.DataSet;
import org.rdc.gateway.Peers;
import org.rdc.gateway.Tools;
import org.rdc.gateway.scu.DicomClient;
import org.rdc.storage.TestDatabases;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.test.Requires;

/**
 * The report goes back into its study as an Encapsulated PDF: dcmtk storescp and Orthanc receive
 * it in the study of the images (same Study Instance UID and patient, a new series), dciodvfy finds
 * no error, and the document inside is the signed PDF byte for byte.
 */
class DicomDeliveryTest {

    @TempDir
    Path dir;

    /** An odd length, so the OB value is padded and Encapsulated Document Length must say where the PDF ends. */
    static final byte[] PDF = ("%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** The study of a real image (CT_small.dcm of the shared corpus), as the catalog would give it to the report. */
    static DeliverableReport reportOn(DataSet image, String id) {
        DeliverableReport base = Reports.report(id, 1, "th01", PDF);
        String birth = image.getString(Tag.PatientBirthDate);
        return new DeliverableReport(base.reportId(), 1, base.status(), "th01", image.getString(Tag.StudyInstanceUID),
                image.getString(Tag.AccessionNumber), new DeliverableReport.Patient(image.getString(Tag.PatientID),
                image.getString(Tag.PatientName), image.getString(Tag.PatientSex),
                birth == null || birth.isBlank() ? null : LocalDate.parse(birth, DateTimeFormatter.BASIC_ISO_DATE)),
                "胸部 CT", "RADIOLOGY", base.findings(), base.impression(), base.recommendation(), false, base.author(), base.verifier(),
                base.examinedAt(), base.signedAt(), base.pdfKey(), base.pdfSha256());
    }

    static Path image() {
        return Requires.testdata("dicom/pydicom/CT_small.dcm");
    }

    @Test
    void storescpReceivesTheSignedPdfInTheStudyAndDciodvfyFindsNoError() throws Exception {
        Requires.dicom3tools("dciodvfy");
        DataSet image = new Part10Reader().read(image()).dataSet();
        int port = Peers.freePort();
        Path received = dir.resolve("storescp");
        try (Peers.Child storescp = Peers.storescp("TH01_PACS", port, received);
             DeliveryFixture node = new DeliveryFixture(TestDatabases.h2InMemory())) {
            node.destinations.put("th01", List.of(Destination.dicom("TH01_PACS", "127.0.0.1", port)));
            node.start(DeliveryFixture.FAST);
            DeliverableReport report = reportOn(image, "R-DICOM-1");

            Delivery enqueued = node.enqueue(report, PDF).get(0);
            Delivery sent = node.await("R-DICOM-1", Delivery.State.SENT).get(0);

            assertThat(sent.attempts()).isEqualTo(1);
            assertThat(sent.key()).isEqualTo(enqueued.key());
            List<Path> files;
            try (Stream<Path> s = Files.list(received)) {
                files = s.filter(p -> p.toString().endsWith(".dcm")).toList();
            }
            assertThat(files).hasSize(1);
            DataSet got = new Part10Reader().read(files.get(0)).dataSet();
            assertThat(got.getString(Tag.SOPClassUID)).isEqualTo(EncapsulatedPdf.SOP_CLASS_UID);
            assertThat(got.getString(Tag.SOPInstanceUID)).isEqualTo(sent.key());
            assertThat(got.getString(Tag.StudyInstanceUID)).isEqualTo(image.getString(Tag.StudyInstanceUID));
            assertThat(got.getString(Tag.SeriesInstanceUID)).startsWith("2.25.").isNotEqualTo(image.getString(Tag.SeriesInstanceUID));
            assertThat(got.getString(Tag.PatientID)).isEqualTo(image.getString(Tag.PatientID));
            assertThat(got.getString(Tag.PatientName)).isEqualTo(image.getString(Tag.PatientName));
            assertThat(got.getString(Tag.Modality)).isEqualTo("DOC");
            byte[] doc = got.getBytes(Tag.EncapsulatedDocument);
            int length = got.getInt(Tag.EncapsulatedDocumentLength, -1);
            assertThat(length).isEqualTo(PDF.length);
            assertThat(Arrays.copyOf(doc, length)).isEqualTo(PDF);

            Tools.Result v = Tools.run(60, "dciodvfy", files.get(0).toString());
            assertThat(v.output().lines()).as(v.output()).noneMatch(l -> l.startsWith("Error"));
            assertThat(node.counter(Channel.DICOM, "delivered")).isEqualTo(1.0);
        }
    }

    @Test
    void aPacsThatIsDownIsRetriedAndGetsTheReportOnceItListens() throws Exception {
        DataSet image = new Part10Reader().read(image()).dataSet();
        int port = Peers.freePort();
        Path received = dir.resolve("storescp-late");
        try (DeliveryFixture node = new DeliveryFixture(TestDatabases.h2InMemory())) {
            node.destinations.put("th01", List.of(Destination.dicom("TH01_PACS", "127.0.0.1", port)));
            // attempts enough to outlast storescp's start on a loaded machine
            node.start(new JobOutbox.Retry(30, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10)));
            node.enqueue(reportOn(image, "R-DICOM-3"), PDF);

            node.waitFor(() -> node.delivery.deliveries("R-DICOM-3").get(0).attempts() >= 2, "two failed attempts");
            Delivery retrying = node.delivery.deliveries("R-DICOM-3").get(0);
            assertThat(retrying.state()).isEqualTo(Delivery.State.RETRYING);
            assertThat(retrying.lastError()).as("why it failed, for the report's delivery state").contains("127.0.0.1:" + port);
            // the counter follows the delivery row, so it may lag the last attempt by one
            assertThat(node.counter(Channel.DICOM, "retrying")).isGreaterThanOrEqualTo(1.0);

            try (Peers.Child storescp = Peers.storescp("TH01_PACS", port, received)) {
                Delivery sent = node.await("R-DICOM-3", Delivery.State.SENT).get(0);
                assertThat(sent.attempts()).isGreaterThan(retrying.attempts());
                List<Path> files;
                try (Stream<Path> s = Files.list(received)) {
                    files = s.filter(p -> p.toString().endsWith(".dcm")).toList();
                }
                assertThat(files).as("delivered once").hasSize(1);
                DataSet got = new Part10Reader().read(files.get(0)).dataSet();
                assertThat(got.getString(Tag.SOPInstanceUID)).isEqualTo(sent.key());
                assertThat(Arrays.copyOf(got.getBytes(Tag.EncapsulatedDocument), PDF.length)).isEqualTo(PDF);
                assertThat(node.counter(Channel.DICOM, "delivered")).isEqualTo(1.0);
            }
        }
    }

    @Test
    void orthancFilesItInTheImagesStudyAndServesTheSamePdf() throws Exception {
        DataSet image = new Part10Reader().read(image()).dataSet();
        int dicom = Peers.freePort();
        int http = Peers.freePort();
        try (Peers.Child orthanc = Peers.orthanc(dir.resolve("orthanc"), "TH01_PACS", dicom, http, "{}");
             DeliveryFixture node = new DeliveryFixture(TestDatabases.h2InMemory())) {
            try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", dicom, "TH01_PACS").callingAe("TH01_CT")
                    .context(image.getString(Tag.SOPClassUID), List.of(new Part10Reader().read(image()).meta()
                            .getString(Tag.TransferSyntaxUID))))) {
                assertThat(c.store(image())).isZero();  // the township's images are already in its PACS
            }
            node.destinations.put("th01", List.of(Destination.dicom("TH01_PACS", "127.0.0.1", dicom)));
            node.start(DeliveryFixture.FAST);

            node.enqueue(reportOn(image, "R-DICOM-2"), PDF);
            Delivery sent = node.await("R-DICOM-2", Delivery.State.SENT).get(0);

            String base = "http://127.0.0.1:" + http;
            String studies = Peers.http("GET", base + "/studies", null);
            assertThat(ids(studies)).as("one study: the report joined the images' study").hasSize(1);
            String study = Peers.http("GET", base + "/studies/" + ids(studies).get(0), null);
            assertThat(study).contains(image.getString(Tag.StudyInstanceUID));
            assertThat(Peers.http("GET", base + "/studies/" + ids(studies).get(0) + "/series", null))
                    .contains("\"Modality\" : \"DOC\"");
            String found = Peers.http("POST", base + "/tools/lookup", sent.key());
            Matcher m = Pattern.compile("\"ID\" : \"([0-9a-f-]+)\"").matcher(found);
            assertThat(m.find()).as(found).isTrue();
            assertThat(Peers.httpBytes(base + "/instances/" + m.group(1) + "/pdf")).isEqualTo(PDF);
        }
    }

    private static List<String> ids(String json) {
        return Pattern.compile("\"([0-9a-f]{8}-[0-9a-f-]{20,})\"").matcher(json).results().map(r -> r.group(1)).toList();
    }
}
