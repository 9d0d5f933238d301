package org.rdc.reports.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.intake.HolterUploads;
import org.rdc.reports.pdf.PdfAValidator;
import org.rdc.reports.pdf.ReportDocument;
import org.rdc.reports.pdf.ReportFont;
import org.rdc.reports.pdf.ReportPdf;
import org.rdc.reports.template.FieldDefinition;
import org.rdc.reports.template.HolterPrefill;
import org.rdc.reports.template.ReportTemplate;
import org.rdc.reports.template.Templates;
import org.rdc.storage.StorageFixture;
import org.rdc.test.Requires;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 14 point 6: a Holter report's PDF carries the pre-filled figures and, on a page of its own, the representative
 * strips read from the stored recording (a synthetic 35 minutes with a 3.2 s pause, AF and a VT run): four strips at
 * true scale (150 dpi, 25 mm/s), PDF/A-2b still. {@code -Drdc.docs.write=true} also writes the example to reports/docs.
 */
class HolterReportPdfTest {

    @TempDir
    Path dir;
    StorageFixture storage;

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void theReportPrintsTheFiguresAndThePauseRateAndEpisodeStripsAtTrueScale() throws Exception {
        storage = new StorageFixture(dir.resolve("storage"));
        HolterUploads uploads = new HolterUploads(dir.resolve("uploads"), 1L << 30, storage.jobs, Clock.systemUTC());
        HolterIntake intake = new HolterIntake(storage.store, uploads, EcgIntake.Listener.NONE, 2.0);
        Path file = HolterTestFiles.syntheticIshneWithClinicalEvents(dir.resolve("events.ecg"), 35.0 / 60, 256);
        byte[] bytes = Files.readAllBytes(file);
        HolterUploads.Upload u = uploads.create(new Device("demo", "DEMO_ECG"), bytes.length, Map.of());
        try (HolterUploads.Appender app = uploads.append(u, 0).orElseThrow()) {
            app.write(ByteBuffer.wrap(bytes));
            app.sync();
        }
        intake.process(u.id());
        String study = uploads.find(u.id()).orElseThrow().studyInstanceUid();
        ReportTemplate t = new Templates(storage.dataSource, Clock.systemUTC()).latest("ecg-holter-24h").orElseThrow();
        ObjectNode values = new HolterPrefill(storage.store).values(study, t);

        ReportDocument.EcgImage strips = HolterStrips.of(storage.store, study).orElseThrow();
        byte[] pdf = new ReportPdf(ReportFont.load(Requires.font(ReportFont.DEFAULT_PATH), null)).render(document(t, values, strips));

        assertThat(PdfAValidator.failuresPdfA2b(pdf)).isEmpty();
        String text = pdftotext(pdf);
        assertThat(text).contains("动态心电图检查报告单").contains("总心搏数").contains(values.get("totalBeats").asString())
                .contains("最长RR间期").contains(values.get("longestRr").asString())
                .contains("房颤负荷").contains(values.get("afBurden").asString())
                .contains("逐时心率表").contains("08:30-09:30 " + values.get("totalBeats").asString() + " 次")
                .contains("动态心电图典型片段 25 mm/s 10 mm/mV：见第 2 页");  // pdftotext prints runs of spaces as one
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            var page = doc.getPage(doc.getNumberOfPages() - 1);
            assertThat(page.getMediaBox().getWidth()).as("the strips' page is landscape").isGreaterThan(page.getMediaBox().getHeight());
            PDImageXObject image = null;
            for (var name : page.getResources().getXObjectNames()) {
                if (page.getResources().getXObject(name) instanceof PDImageXObject i) {
                    image = i;
                }
            }
            assertThat(image).isNotNull();
            // four strips of 36 mm (caption and 30 mm row) plus 5 mm: 149 mm at 150 dpi; 10 s at 25 mm/s is 250 mm wide
            assertThat(image.getHeight()).isEqualTo((int) Math.round((5 + 4 * 36) * 150 / 25.4));
            assertThat(image.getWidth()).isEqualTo((int) Math.round((2 * 5 + 8 + 250) * 150 / 25.4));
        }
        Path out = Files.write(dir.resolve("holter-ecg.pdf"), pdf);
        pdftoppm(out, Path.of("target", "holter-ecg"), "60");
        if (Boolean.getBoolean("rdc.docs.write")) {
            Files.copy(out, Path.of("docs", "holter-ecg.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            pdftoppm(out, Path.of("docs", "holter-ecg"), "80");
        }
    }

    /**
     * An Ambulatory ECG the gateway stored (the instance store, no upload, so no original attachment) is analysed from
     * the instance, and its strips are read from that instance: the slowest and the fastest minute (no pause, no episode).
     */
    @Test
    void aGatewayAmbulatoryEcgHasItsStripsFromTheStoredInstance() throws Exception {
        storage = new StorageFixture(dir.resolve("storage"));
        String study = "1.2.826.0.1.3680043.10.1014.78";
        Path file = HolterTestFiles.ambulatoryDicom(dir.resolve("holter.dcm"), study, 0.25, 256);
        // as the gateway's C-STORE stores it
        storage.store.store(new org.rdc.storage.catalog.InstanceAttributes("H-0014", "HOSP", "李^四", "F", LocalDate.of(1980, 5, 1), study,
                "ACC78", LocalDate.of(2026, 12, 2), "083000", "Holter", study + ".1", "ECG", null, 1, null,
                org.rdc.ecg.format.dicom.DicomWaveformDecoder.AMBULATORY_ECG, study + ".1.1", 1, "1.2.840.10008.1.2.1", "demo", "DEV",
                null, null), Files.newInputStream(file));
        new HolterIntake(storage.store, new HolterUploads(dir.resolve("uploads"), 1L << 30, storage.jobs, Clock.systemUTC()),
                EcgIntake.Listener.NONE, 2.0).ingestStoredInstance(study, study + ".1.1");
        assertThat(storage.store.catalog().attachments(study, HolterIntake.ORIGINAL)).isEmpty();

        ReportDocument.EcgImage strips = HolterStrips.of(storage.store, study).orElseThrow();

        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(strips.png()));
        assertThat(image.getHeight()).as("slowest and fastest minute: two strips").isEqualTo((int) Math.round((5 + 2 * 36) * 150 / 25.4));
        assertThat(strips.caption()).isEqualTo(HolterStrips.CAPTION);
    }

    /** The document as PdfSignStep resolves it: the template's fields that have a value, in its order. */
    private static ReportDocument document(ReportTemplate t, ObjectNode values, ReportDocument.EcgImage strips) {
        List<ReportDocument.Field> fields = new ArrayList<>();
        for (FieldDefinition f : t.fields()) {
            JsonNode v = values.get(f.key());
            if (v != null && !(v.isArray() && v.isEmpty())) {
                List<String> items = new ArrayList<>();
                if (v.isArray()) {
                    v.forEach(x -> items.add(x.asString()));
                }
                fields.add(new ReportDocument.Field(f.nameZh(), v.isArray() ? String.join("", items.stream().map(i -> i + "\n").toList()) : v.asString(), f.unit()));
            }
        }
        OffsetDateTime at = OffsetDateTime.of(2026, 12, 3, 9, 40, 0, 0, ZoneOffset.ofHours(8));
        return new ReportDocument("青山县医共体远程影像心电诊断中心", new ReportDocument.Facility("青山县石桥镇卫生院", null, null),
                t.titleZh(), new ReportDocument.Patient("钱国强", ReportDocument.Sex.MALE, "66岁", LocalDate.of(1960, 5, 4), "SQ2612020031",
                        null, null),
                new ReportDocument.Examination("HT2612020031", "动态心电图（Holter）", "ECG", null, LocalDateTime.of(2026, 12, 2, 8, 30),
                        null, null),
                List.of(new ReportDocument.Section("检查所见", "窦性心律；阵发性心房颤动；短阵室性心动过速；长RR间期。"),
                        new ReportDocument.Section("诊断意见", "1. 窦性心律。\n2. 阵发性心房颤动。\n3. 短阵室速。\n4. 最长RR间期 3.2 秒。")),
                fields, null, null, false, new ReportDocument.Version(1, ReportDocument.VersionKind.ORIGINAL, null),
                List.of(new ReportDocument.Signer(ReportDocument.Role.AUTHOR, "孙医生", at)),
                new ReportDocument.Verification("H7LT-2KQ9", java.net.URI.create("https://rdc.example.cn/verify/H7LT-2KQ9")), strips, at,
                "rpt-holter-1");
    }

    private String pdftotext(byte[] pdf) throws Exception {
        Path tool = Requires.program("pdftotext", "poppler-utils");
        Path file = Files.write(dir.resolve("text.pdf"), pdf);
        Process p = new ProcessBuilder(tool.toString(), "-layout", "-enc", "UTF-8", file.toString(), "-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static void pdftoppm(Path pdf, Path prefix, String dpi) throws Exception {
        Path tool = Requires.program("pdftoppm", "poppler-utils");
        Process p = new ProcessBuilder(tool.toString(), "-png", "-r", dpi, pdf.toString(), prefix.toString()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
