package org.rdc.reports.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdc.reports.pdf.ReportDocument.Section;
import org.rdc.test.Requires;

class ReportPdfTest {

    private static ReportPdf pdf;

    @BeforeAll
    static void font() {
        pdf = new ReportPdf(ReportFont.load(Requires.font(ReportFont.DEFAULT_PATH), null));
    }

    private static List<String> pageTexts(byte[] bytes) throws Exception {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            List<String> pages = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int i = 1; i <= doc.getNumberOfPages(); i++) {
                stripper.setStartPage(i);
                stripper.setEndPage(i);
                pages.add(stripper.getText(doc));
            }
            return pages;
        }
    }

    @Test
    void everyTemplateIsValidPdfA2b() throws Exception {
        for (ReportDocument r : List.of(SampleReports.chestDr(), SampleReports.limbDr(), SampleReports.abdomenUs(),
                SampleReports.thyroidUs(), SampleReports.restingEcg(EcgSample.render(150).png()))) {
            assertThat(PdfAValidator.failuresPdfA2b(pdf.render(r))).as(r.examination().name()).isEmpty();
        }
    }

    /** The check above means something: an ordinary PDF (standard font not embedded, no XMP, no output intent) fails it. */
    @Test
    void theValidatorRefusesAnOrdinaryPdf() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (var cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 12);
                cs.showText("not PDF/A");
                cs.endText();
            }
            doc.save(out);
        }
        assertThat(PdfAValidator.failuresPdfA2b(out.toByteArray())).anyMatch(f -> f.startsWith("6.2.11.4.1"))
                .anyMatch(f -> f.startsWith("6.6.2.1"));
    }

    @Test
    void printsWhatThePaperMustShow() throws Exception {
        String text = pageTexts(pdf.render(SampleReports.chestDr())).get(0);
        assertThat(text).contains("青山县石桥镇卫生院", "DR检查报告单", "王秀兰", "SQ20261203017", "DR2612030017", "胸部正位 DR",
                "2026-12-03 09:12", "检查所见", "右下肺野可见斑片状模糊影", "诊断意见", "建议", "报告医师", "李明华",
                "审核医师", "陈志远", "2026-12-03 10:31", "验证码 7KQ4-M2XD", "HR", "第 1 页 / 共 1 页");
        assertThat(text).doesNotContain(ReportDocument.PRELIMINARY_NOTICE, "危急值", "更正报告");

        assertThat(pageTexts(pdf.render(SampleReports.limbDr())).get(0)).contains(ReportDocument.PRELIMINARY_NOTICE);
        assertThat(pageTexts(pdf.render(SampleReports.thyroidUs())).get(0))
                .contains("更正报告 第 2 版（更正第 1 版）", "C-TIRADS 分类", "4B");
        assertThat(pageTexts(pdf.render(SampleReports.withCritical(SampleReports.chestDr(), "张力性气胸"))).get(0))
                .contains("危急值：张力性气胸");
    }

    @Test
    void theQrCodeLeadsToTheVerificationPage() throws Exception {
        ReportDocument r = SampleReports.chestDr();
        try (PDDocument doc = Loader.loadPDF(pdf.render(r))) {
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 150);
            int[] rgb = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
            String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(page.getWidth(), page.getHeight(), rgb)))).getText();
            assertThat(decoded).isEqualTo(r.verification().url().toString());
        }
    }

    @Test
    void aLongReportRunsOverPagesNumberedAndHeadedWithThePatient() throws Exception {
        ReportDocument base = SampleReports.abdomenUs();
        StringBuilder findings = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            findings.append("第").append(i).append("段：肝实质回声细密增强，远场回声衰减，门静脉主干内径 1.1cm，血流通畅。\n");
        }
        List<Section> sections = new ArrayList<>(base.sections());
        sections.set(0, new Section("检查所见", findings.toString()));
        ReportDocument longOne = new ReportDocument(base.centreName(), base.facility(), base.title(), base.patient(),
                base.examination(), sections, base.fields(), base.critical(), base.sharingMark(), base.preliminary(),
                base.version(), base.signers(), base.verification(), base.ecg(), base.reportTime(), base.reportId());
        byte[] bytes = pdf.render(longOne);
        List<String> pages = pageTexts(bytes);
        assertThat(pages).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i < pages.size(); i++) {
            assertThat(pages.get(i)).contains("第 " + (i + 1) + " 页 / 共 " + pages.size() + " 页");
            if (i > 0) {
                assertThat(pages.get(i)).contains("姓名 刘建平", "患者ID SQ20261203033");
            }
        }
        String all = String.join("", pages);
        for (int i = 1; i <= 60; i++) {
            assertThat(all).contains("第" + i + "段：");
        }
        assertThat(pages.get(pages.size() - 1)).contains("报告医师", "验证码 9PXT-2HCA");
        assertThat(PdfAValidator.failuresPdfA2b(bytes)).isEmpty();
    }

    @Test
    void theFontIsEmbeddedAsASubset() throws Exception {
        byte[] bytes = pdf.render(SampleReports.chestDr());
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            PDPage page = doc.getPage(0);
            for (COSName name : page.getResources().getFontNames()) {
                PDFont font = page.getResources().getFont(name);
                assertThat(font.isEmbedded()).isTrue();
                assertThat(font.getName()).matches("[A-Z]{6}\\+WenQuanYiMicroHei");
            }
        }
        // The whole collection is ~5 MB; a one-page report's subset is a small part of it.
        assertThat(bytes.length).isLessThan(200_000);
    }

    @Test
    void theEcgReportCarriesThe12LeadPage() throws Exception {
        EcgSample.Ecg ecg = EcgSample.render(150);
        byte[] png = ecg.png();
        ReportDocument report = SampleReports.restingEcg(png);
        byte[] bytes = pdf.render(report);
        // The sample prints what the analysis found (as the template pre-fills it).
        assertThat(report.fields()).contains(
                new ReportDocument.Field("心率", String.valueOf(Math.round(ecg.analysis().heartRateBpm())), "次/分"),
                new ReportDocument.Field("QT/QTc", Math.round(ecg.analysis().qtMs()) + "/" + Math.round(ecg.analysis().qtcBazettMs()), "ms"),
                new ReportDocument.Field("QRS 电轴", String.valueOf(Math.round(ecg.analysis().qrsAxisDeg())), "°"));
        assertThat(pageTexts(bytes).get(0)).contains("QT/QTc：432/472 ms", "QRS 电轴：-74°", "见第 2 页");
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            List<PDImageXObject> images = new ArrayList<>();
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDImageXObject image) {
                        images.add(image);
                    }
                }
            }
            // On a landscape page of its own, after the report, which names the page.
            PDPage last = doc.getPage(doc.getNumberOfPages() - 1);
            assertThat(last.getMediaBox().getWidth()).isGreaterThan(last.getMediaBox().getHeight());
            assertThat(last.getResources().getXObjectNames()).hasSize(1);
            BufferedImage source = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            assertThat(images).hasSize(1);
            assertThat(images.get(0).getWidth()).isEqualTo(source.getWidth());
            assertThat(images.get(0).getHeight()).isEqualTo(source.getHeight());
        }
    }

    /** Signing (rsign) appends to the file (ISO 32000-1 §7.5.6); the rendered bytes stay a prefix of the signed ones. */
    @Test
    void signaturesCanBeAddedAsIncrementalUpdates() throws Exception {
        byte[] original = pdf.render(SampleReports.chestDr());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (PDDocument doc = Loader.loadPDF(original)) {
            var signature = new org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature();
            signature.setFilter(org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(COSName.getPDFName("ETSI.CAdES.detached"));
            signature.setSignDate(java.util.Calendar.getInstance());
            // A placeholder instead of a CMS signature: what is checked here is the file structure, not the signature.
            doc.addSignature(signature, content -> new byte[64]);
            doc.saveIncremental(out);
        }
        byte[] signed = out.toByteArray();
        assertThat(java.util.Arrays.copyOf(signed, original.length)).isEqualTo(original);
        try (PDDocument doc = Loader.loadPDF(signed)) {
            assertThat(doc.getSignatureDictionaries()).hasSize(1);
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
        }
        // Still PDF/A-2b but for the placeholder's contents (§6.4.3 wants a real PKCS#7 with the signer's certificate).
        assertThat(PdfAValidator.failuresPdfA2b(signed)).isNotEmpty().allMatch(f -> f.startsWith("6.4.3-"));
    }

    @Test
    void theSameReportGivesTheSameBytes() {
        assertThat(pdf.render(SampleReports.thyroidUs())).isEqualTo(pdf.render(SampleReports.thyroidUs()));
    }

    /**
     * A field of several lines (a day's hourly table of a Holter report) is printed under its label, down two columns,
     * every line, after the one-line fields.
     */
    @Test
    void aListFieldPrintsEveryLineUnderItsLabel() throws Exception {
        ReportDocument r = SampleReports.restingEcg(null);
        StringBuilder hours = new StringBuilder();
        for (int h = 0; h < 24; h++) {
            hours.append(String.format("%02d:00-%02d:00  %d 次  %d/%d/%d%n", h, (h + 1) % 24, 4000 + h, 50 + h, 70 + h, 100 + h));
        }
        List<ReportDocument.Field> fields = new java.util.ArrayList<>(r.fields());
        fields.add(new ReportDocument.Field("逐时心率表", hours.toString(), null));
        fields.add(new ReportDocument.Field("总心搏数", "98765", "次"));
        ReportDocument withList = new ReportDocument(r.centreName(), r.facility(), r.title(), r.patient(), r.examination(), r.sections(),
                fields, r.critical(), r.sharingMark(), r.preliminary(), r.version(), r.signers(), r.verification(), r.ecg(),
                r.reportTime(), r.reportId());
        byte[] bytes = pdf.render(withList);
        assertThat(PdfAValidator.failuresPdfA2b(bytes)).isEmpty();
        String text = String.join("\n", pageTexts(bytes)).replaceAll("[ \\t]+", " ");
        assertThat(text).contains("逐时心率表：", "总心搏数：98765 次");
        for (int h = 0; h < 24; h++) {
            assertThat(text).contains(String.format("%02d:00-%02d:00 %d 次 %d/%d/%d", h, (h + 1) % 24, 4000 + h, 50 + h, 70 + h, 100 + h));
        }
        assertThat(text.indexOf("总心搏数")).as("the one-line fields first").isLessThan(text.indexOf("逐时心率表"));
        if (Boolean.getBoolean("rdc.test.keep")) {
            java.nio.file.Files.write(java.nio.file.Path.of("target", "list-field.pdf"), bytes);
        }
    }
}
