package org.rdc.reports.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.rdc.reports.pdf.ReportDocument.Examination;
import org.rdc.reports.pdf.ReportDocument.Field;
import org.rdc.reports.pdf.ReportDocument.Patient;
import org.rdc.reports.pdf.ReportDocument.Section;
import org.rdc.reports.pdf.ReportDocument.Signer;
import org.rdc.reports.pdf.ReportDocument.VersionKind;
import org.rdc.storage.Sha256;

/**
 * Renders a {@link ReportDocument} as an A4 PDF/A-2b: the font subset-embedded, the facility's
 * header, patient and examination block, structured fields, the ECG page, the sections wrapped as
 * Chinese is set, the signer lines and a QR code with the short code leading to the verification
 * page, and "第 n 页 / 共 m 页" on every page. The same value gives the same bytes (dates and the
 * document ID come from the value), so content-addressed storage and re-rendering agree.
 *
 * <p>The file is saved with a classic cross-reference table: signatures are added later as
 * incremental updates (ISO 32000-1 §7.5.6) and bring their own form fields. The one form field a
 * rendering may carry is the unsigned signature field {@value #VERIFIER_FIELD}, the blank 审核医师 line
 * of a version that waits for its verifier (ISO 32000-1 §12.7.4.5: a field placed for a later
 * signer); the verifier's signature fills it with {@link #drawSignerLine}, so the countersigned
 * page prints both signers while the author's signed bytes stay unchanged. Thread-safe; one
 * instance per font.
 */
public final class ReportPdf {

    static final float PAGE_W = PDRectangle.A4.getWidth();
    static final float PAGE_H = PDRectangle.A4.getHeight();
    static final float MARGIN_X = 42;
    static final float TOP = PAGE_H - 36;
    static final float BOTTOM = 56;
    static final float WIDTH = PAGE_W - 2 * MARGIN_X;

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final float[] BLACK = {0, 0, 0};
    private static final float[] GREY = {0.35f, 0.35f, 0.35f};
    private static final float[] RED = {0.78f, 0, 0};

    /** The partial name of the unsigned signature field reserved for the verifier's line. */
    public static final String VERIFIER_FIELD = "verifier";

    private final ReportFont font;

    /** With the configured font ({@link ReportFont#configured()}). */
    public ReportPdf() {
        this(ReportFont.configured());
    }

    public ReportPdf(ReportFont font) {
        this.font = font;
    }

    public byte[] render(ReportDocument report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        render(report, out);
        return out.toByteArray();
    }

    /** Writes the PDF to {@code out} (not closed). */
    public void render(ReportDocument report, OutputStream out) {
        ReportFont.Parsed parsed;
        try {
            parsed = font.borrow();
        } catch (IOException e) {
            throw new UncheckedIOException("the report font " + font.file() + " cannot be parsed", e);
        }
        boolean done = false;
        try (PDDocument doc = new PDDocument()) {
            doc.setVersion(1.7f);
            Composer c = new Composer(doc, parsed.font());
            c.compose(report);
            c.drawPages(report);
            PdfA.apply(doc, report.title() + " " + report.patient().name(), report.reportTime(), report.reportId());
            doc.getDocument().getTrailer().setItem(COSName.ID, documentId(report));
            doc.save(out, CompressParameters.NO_COMPRESSION);
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the report PDF failed", e);
        } finally {
            font.release(parsed, done);
        }
    }

    /**
     * Draws {@code signer}'s line, as {@link #render} prints it, into the appearance stream of the
     * reserved signature field {@value #VERIFIER_FIELD} (its BBox is the field's rectangle). The font
     * goes in as a subset of just this line's characters, embedded whole, so the stream is complete
     * without the document's font and PDF/A's embedding rule (ISO 19005-2 §6.2.11.4) holds.
     */
    public void drawSignerLine(PDDocument document, PDAppearanceStream stream, Signer signer) throws IOException {
        String time = "签名时间：" + MINUTES.format(signer.time());
        String label = signer.role().zh() + "：";
        ReportFont.Parsed parsed = font.borrow();
        boolean done = false;
        try {
            TrueTypeFont ttf = parsed.font();
            String name = printable(ttf.getUnicodeCmapLookup(), signer.displayName());
            TTFSubsetter subsetter = new TTFSubsetter(ttf, SUBSET_TABLES);
            (label + name + time + "审核医师").codePoints().forEach(subsetter::add);
            ByteArrayOutputStream subset = new ByteArrayOutputStream();
            subsetter.writeToStream(subset);
            PDType0Font lineFont = PDType0Font.load(document, new java.io.ByteArrayInputStream(subset.toByteArray()), false);
            float size = SIGNER_SIZE;
            float baseline = 5;
            float nameSize = fitted(lineFont, name, 130, 12);
            try (PDPageContentStream cs = new PDPageContentStream(document, stream)) {
                drawText(cs, lineFont, 0, baseline, size, label, GREY, false);
                drawText(cs, lineFont, stringWidth(lineFont, "审核医师：", size), baseline, nameSize, name, BLACK, true);
                drawText(cs, lineFont, SIGNER_TIME_X, baseline, size, time, BLACK, false);
            }
            done = true;
        } finally {
            font.release(parsed, done);
        }
    }

    /** The unsigned signature field for the verifier, its widget printed, with an empty appearance until signed. */
    private static void reserveVerifierField(PDDocument doc, PDPage page, PDRectangle slot) throws IOException {
        PDAcroForm form = new PDAcroForm(doc);
        doc.getDocumentCatalog().setAcroForm(form);
        PDSignatureField field = new PDSignatureField(form);
        field.setPartialName(VERIFIER_FIELD);
        PDAnnotationWidget widget = field.getWidgets().get(0);
        widget.setRectangle(slot);
        widget.setPage(page);
        widget.setPrinted(true);
        PDAppearanceStream blank = new PDAppearanceStream(doc);
        blank.setBBox(new PDRectangle(slot.getWidth(), slot.getHeight()));
        blank.setResources(new PDResources());
        PDAppearanceDictionary appearance = new PDAppearanceDictionary();
        appearance.setNormalAppearance(blank);
        widget.setAppearance(appearance);
        page.setAnnotations(List.of(widget));
        form.setFields(List.of(field));
    }

    /** What a subset of the report font keeps: the glyph tables and the cmap, so the subset is usable embedded whole. */
    private static final List<String> SUBSET_TABLES = List.of("head", "hhea", "loca", "maxp", "cvt ", "prep", "glyf", "hmtx",
            "fpgm", "gasp", "cmap", "OS/2", "post", "name");
    private static final float SIGNER_SIZE = 10.5f;
    /** Where 签名时间 starts on a signer line, from its left edge. */
    private static final float SIGNER_TIME_X = 190;

    /** Characters the font has no glyph for print as "?" rather than failing the report. */
    static String printable(CmapLookup cmap, String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == ' ' || c >= 0x20 && cmap.getGlyphId(c) != 0) {
                b.appendCodePoint(c);
            } else if (c >= 0x20) {
                b.append('?');
            }
        });
        return b.toString();
    }

    static float stringWidth(PDFont font, String s, float size) {
        try {
            return font.getStringWidth(s) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code size}, or smaller (down to 6 pt) so that {@code s} fits in {@code max}: a long name is never cut. */
    static float fitted(PDFont font, String s, float max, float size) {
        float w = stringWidth(font, s, size);
        return w <= max ? size : Math.max(6, size * max / w);
    }

    static void drawText(PDPageContentStream cs, PDFont font, float x, float baseline, float size, String t, float[] rgb, boolean bold)
            throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.setNonStrokingColor(rgb[0], rgb[1], rgb[2]);
        if (bold) {
            // The font has no bold face: stroke the outlines as well (a common faux bold).
            cs.setStrokingColor(rgb[0], rgb[1], rgb[2]);
            cs.setLineWidth(size * 0.035f);
        }
        cs.setRenderingMode(bold ? RenderingMode.FILL_STROKE : RenderingMode.FILL);
        cs.newLineAtOffset(x, baseline);
        cs.showText(t);
        cs.endText();
    }

    /**
     * The trailer's file identifier (ISO 32000-1 §14.4), which PDF/A requires: derived from what
     * identifies this version, so it is stable across renders.
     */
    private static COSArray documentId(ReportDocument r) {
        String key = r.reportId() + "|" + r.version().number() + "|" + r.reportTime() + "|" + r.verification().shortCode();
        byte[] id = Arrays.copyOf(Sha256.newDigest().digest(key.getBytes(StandardCharsets.UTF_8)), 16);
        COSArray array = new COSArray();
        array.add(new COSString(id));
        array.add(new COSString(id));
        return array;
    }

    /** One drawing step, positioned in PDF user space. */
    @FunctionalInterface
    interface Op {
        void draw(PDPageContentStream cs) throws IOException;
    }

    /** Lays the report out top to bottom, starting a page when the next block does not fit. */
    private static final class Composer {
        final PDDocument doc;
        final PDType0Font pdf;
        final CmapLookup cmap;
        final LineBreaker breaker;
        final List<List<Op>> pages = new ArrayList<>();
        /** Index of the landscape page that carries the ECG, or -1. */
        int ecgPage = -1;
        /** Where the pending verifier's line goes, and on which page, or null / -1. */
        PDRectangle verifierSlot;
        int verifierSlotPage = -1;
        List<Op> page;
        float y;

        Composer(PDDocument doc, TrueTypeFont ttf) throws IOException {
            this.doc = doc;
            this.pdf = PDType0Font.load(doc, ttf, true);
            this.cmap = ttf.getUnicodeCmapLookup();
            this.breaker = new LineBreaker(s -> width(s, 1));
        }

        float width(String s, float size) {
            return stringWidth(pdf, printable(s), size);
        }

        String printable(String s) {
            return ReportPdf.printable(cmap, s);
        }

        void newPage() {
            page = new ArrayList<>();
            pages.add(page);
            y = TOP;
        }

        /** Starts a new page unless {@code height} fits below the cursor; returns whether it did. */
        boolean need(float height, ReportDocument r) {
            if (y - height >= BOTTOM) {
                return false;
            }
            newPage();
            runningHeader(r);
            return true;
        }

        void text(float x, float baseline, float size, String s, float[] rgb, boolean bold) {
            String t = printable(s);
            page.add(cs -> drawText(cs, x, baseline, size, t, rgb, bold));
        }

        void drawText(PDPageContentStream cs, float x, float baseline, float size, String t, float[] rgb, boolean bold)
                throws IOException {
            ReportPdf.drawText(cs, pdf, x, baseline, size, t, rgb, bold);
        }

        float fitted(String s, float max, float size) {
            return ReportPdf.fitted(pdf, printable(s), max, size);
        }

        void centred(float baseline, float size, String s, float[] rgb, boolean bold) {
            text(MARGIN_X + (WIDTH - width(s, size)) / 2, baseline, size, s, rgb, bold);
        }

        void rule(float atY, float lineWidth) {
            page.add(cs -> {
                cs.setStrokingColor(0f, 0f, 0f);
                cs.setLineWidth(lineWidth);
                cs.moveTo(MARGIN_X, atY);
                cs.lineTo(MARGIN_X + WIDTH, atY);
                cs.stroke();
            });
        }

        void compose(ReportDocument r) throws IOException {
            newPage();
            header(r);
            patientAndExamination(r);
            critical(r);
            fields(r);
            if (r.ecg() != null) {
                need(20, r);
                y -= 16;
                String caption = r.ecg().caption() == null ? "心电图" : r.ecg().caption();
                float at = y;
                // The ECG's page is known once the layout is done; the op reads it when drawn.
                page.add(cs -> drawText(cs, MARGIN_X, at, 10, printable(caption + "：见第 " + (ecgPage + 1) + " 页"), GREY, false));
            }
            for (Section s : r.sections()) {
                section(s, r);
            }
            signatures(r);
            ecg(r);
        }

        void header(ReportDocument r) {
            y -= 18;
            centred(y, fitted(r.facility().name(), WIDTH - 100, 18), r.facility().name(), BLACK, true);
            String contact = join("  ", r.facility().address(), r.facility().phone() == null ? null : "电话 " + r.facility().phone());
            if (!contact.isEmpty()) {
                y -= 15;
                centred(y, 9, contact, GREY, false);
            }
            y -= 26;
            centred(y, fitted(r.title(), WIDTH - 100, 16), r.title(), BLACK, true);
            if (r.sharingMark() != null) {
                sharingMark(r.sharingMark(), y);
            }
            String version = versionLine(r.version());
            if (version != null) {
                y -= 17;
                centred(y, 10.5f, version, RED, true);
            }
            if (r.preliminary()) {
                y -= 17;
                centred(y, 11, ReportDocument.PRELIMINARY_NOTICE, RED, true);
            }
            y -= 10;
            rule(y, 1.2f);
        }

        /** The 互认 label, boxed at the right of the title line. */
        void sharingMark(String mark, float baseline) {
            float size = 13;
            float w = Math.max(34, width(mark, size) + 12);
            float x = MARGIN_X + WIDTH - w;
            float bottom = baseline - 10;
            page.add(cs -> {
                cs.setStrokingColor(RED[0], RED[1], RED[2]);
                cs.setLineWidth(1.2f);
                cs.addRect(x, bottom, w, 30);
                cs.stroke();
            });
            text(x + (w - width(mark, size)) / 2, bottom + 13, size, mark, RED, true);
            text(x + (w - width("结果互认", 6.5f)) / 2, bottom + 4, 6.5f, "结果互认", RED, false);
        }

        /** Units are spaced from the number (SI Brochure §5.4.3), the degree and percent signs are not. */
        static String withUnit(Field f) {
            if (f.unit() == null || f.unit().isBlank()) {
                return f.value();
            }
            return f.unit().startsWith("°") || f.unit().startsWith("%") ? f.value() + f.unit() : f.value() + " " + f.unit();
        }

        static String versionLine(ReportDocument.Version v) {
            if (v.kind() == VersionKind.CORRECTED) {
                return "更正报告 第 " + v.number() + " 版（更正第 " + v.follows() + " 版）";
            }
            if (v.kind() == VersionKind.ADDENDUM) {
                return "补充报告 第 " + v.number() + " 版（补充第 " + v.follows() + " 版）";
            }
            return null;
        }

        /** On every page after the first: whose report this is, so a loose page is not misfiled. */
        void runningHeader(ReportDocument r) {
            Patient p = r.patient();
            String s = join("   ", r.title() + "（续）", "姓名 " + p.name(), "患者ID " + p.patientId(),
                    r.examination().accessionNumber() == null ? null : "检查号 " + r.examination().accessionNumber());
            y -= 10;
            text(MARGIN_X, y, 9, s, GREY, false);
            y -= 6;
            rule(y, 0.5f);
            y -= 4;
        }

        void patientAndExamination(ReportDocument r) {
            Patient p = r.patient();
            Examination e = r.examination();
            List<String[]> items = new ArrayList<>();
            add(items, "姓名", p.name());
            add(items, "性别", p.sex().zh());
            add(items, "年龄", p.age());
            add(items, "出生日期", p.birthDate() == null ? null : DAY.format(p.birthDate()));
            add(items, "患者ID", p.patientId());
            add(items, "门诊号", p.outpatientNo());
            add(items, "住院号", p.inpatientNo());
            add(items, "检查号", e.accessionNumber());
            add(items, "检查项目", e.name());
            add(items, "检查类型", e.modality());
            add(items, "检查部位", e.bodyPart());
            add(items, "检查时间", e.studyDateTime() == null ? null : MINUTES.format(e.studyDateTime()));
            add(items, "申请单位", e.requestingFacility());
            add(items, "申请医师", e.requestingDoctor());
            grid(items, 3, 9.5f, r);
            y -= 4;
            rule(y, 0.6f);
        }

        /** Label/value pairs in {@code columns} columns, values wrapped inside their column. */
        void grid(List<String[]> items, int columns, float size, ReportDocument r) {
            float col = WIDTH / columns;
            float lead = size * 1.55f;
            for (int i = 0; i < items.size(); i += columns) {
                List<List<String>> cells = new ArrayList<>();
                int lines = 1;
                for (int c = 0; c < columns && i + c < items.size(); c++) {
                    String[] item = items.get(i + c);
                    float labelW = width(item[0] + "：", size);
                    List<String> wrapped = breaker.lines(item[1], (col - labelW - 6) / size);
                    cells.add(wrapped);
                    lines = Math.max(lines, wrapped.size());
                }
                need(lines * lead + 4, r);
                y -= lead;
                for (int c = 0; c < cells.size(); c++) {
                    String[] item = items.get(i + c);
                    float x = MARGIN_X + c * col;
                    text(x, y, size, item[0] + "：", GREY, false);
                    float vx = x + width(item[0] + "：", size);
                    List<String> wrapped = cells.get(c);
                    for (int l = 0; l < wrapped.size(); l++) {
                        text(vx, y - l * lead, size, wrapped.get(l), BLACK, false);
                    }
                }
                y -= (lines - 1) * lead;
            }
        }

        void critical(ReportDocument r) {
            if (r.critical() == null) {
                return;
            }
            String s = "危急值：" + r.critical().category();
            float size = 12;
            List<String> lines = breaker.lines(s, (WIDTH - 16) / size);
            float h = lines.size() * size * 1.5f + 10;
            need(h + 8, r);
            y -= 8;
            float top = y;
            page.add(cs -> {
                cs.setStrokingColor(RED[0], RED[1], RED[2]);
                cs.setLineWidth(1.5f);
                cs.addRect(MARGIN_X, top - h, WIDTH, h);
                cs.stroke();
            });
            float baseline = top - 5 - size * 1.1f;
            for (String line : lines) {
                text(MARGIN_X + 8, baseline, size, line, RED, true);
                baseline -= size * 1.5f;
            }
            y -= h;
        }

        void fields(ReportDocument r) {
            if (r.fields().isEmpty()) {
                return;
            }
            need(40, r);
            y -= 20;
            text(MARGIN_X, y, 12, "测量与分级", BLACK, true);
            y -= 2;
            List<String[]> items = new ArrayList<>();
            List<Field> lists = new ArrayList<>();
            for (Field f : r.fields()) {
                if (f.value().contains("\n")) {
                    lists.add(f);
                } else {
                    items.add(new String[] {f.label(), withUnit(f)});
                }
            }
            grid(items, 3, 10, r);
            for (Field f : lists) {
                list(f, r);
            }
        }

        /**
         * A field of several lines (a list, such as a Holter report's hourly table) after the others, across the page:
         * its label, then its lines down two columns when each fits in half the width, else down one.
         */
        void list(Field f, ReportDocument r) {
            float size = 10;
            float lead = size * 1.55f;
            List<String> lines = f.value().lines().filter(l -> !l.isBlank()).toList();
            boolean two = lines.stream().allMatch(l -> width(l, size) <= WIDTH / 2 - 12);
            int columns = two ? 2 : 1;
            int rows = (lines.size() + columns - 1) / columns;
            need(lead * 2, r);
            y -= lead;
            text(MARGIN_X, y, size, f.label() + (f.unit() == null ? "：" : "（" + f.unit() + "）："), GREY, false);
            for (int row = 0; row < rows; row++) {
                List<List<String>> cells = new ArrayList<>();
                int height = 1;
                for (int c = 0; c < columns && c * rows + row < lines.size(); c++) {
                    List<String> wrapped = breaker.lines(lines.get(c * rows + row), (WIDTH / columns - 12) / size);
                    cells.add(wrapped);
                    height = Math.max(height, wrapped.size());
                }
                if (need(height * lead + 4, r)) {
                    y -= lead;
                    text(MARGIN_X, y, size, f.label() + "（续）：", GREY, false);
                }
                y -= lead;
                for (int c = 0; c < cells.size(); c++) {
                    for (int l = 0; l < cells.get(c).size(); l++) {
                        text(MARGIN_X + 12 + c * WIDTH / columns, y - l * lead, size, cells.get(c).get(l), BLACK, false);
                    }
                }
                y -= (height - 1) * lead;
            }
        }

        /**
         * The 12-lead page on a landscape page of its own, at the scale it was rendered (its grid is
         * then true 1 mm on paper and can be measured with calipers), smaller only if it must be.
         */
        void ecg(ReportDocument r) throws IOException {
            if (r.ecg() == null) {
                return;
            }
            PDImageXObject image = PDImageXObject.createFromByteArray(doc, r.ecg().png(), "ecg.png");
            float[] dpi = pngDpi(r.ecg().png());
            float w = dpi == null ? 0 : image.getWidth() * 72f / dpi[0];
            float h = dpi == null ? 0 : image.getHeight() * 72f / dpi[1];
            float maxW = PAGE_H - 2 * 20;
            float maxH = PAGE_W - 36 - 40;
            if (w == 0 || w > maxW || h > maxH) {
                float scale = Math.min(maxW / image.getWidth(), maxH / image.getHeight());
                w = image.getWidth() * scale;
                h = image.getHeight() * scale;
            }
            newPage();
            ecgPage = pages.size() - 1;
            Patient p = r.patient();
            text(20, PAGE_W - 22, 9, join("   ", r.title(), "姓名 " + p.name(), "患者ID " + p.patientId(),
                    r.examination().accessionNumber() == null ? null : "检查号 " + r.examination().accessionNumber(),
                    r.ecg().caption()), GREY, false);
            float x = (PAGE_H - w) / 2;
            float bottom = PAGE_W - 30 - h;
            float iw = w;
            float ih = h;
            page.add(cs -> cs.drawImage(image, x, bottom, iw, ih));
        }

        /** The PNG's pHYs resolution (ISO/IEC 15948 §11.3.5.3) in dots per inch, or null. */
        static float[] pngDpi(byte[] png) {
            int i = 8;
            while (i + 8 <= png.length) {
                int length = (png[i] & 0xFF) << 24 | (png[i + 1] & 0xFF) << 16 | (png[i + 2] & 0xFF) << 8 | png[i + 3] & 0xFF;
                String type = new String(png, i + 4, 4, StandardCharsets.US_ASCII);
                if (type.equals("pHYs") && length == 9 && i + 17 <= png.length && png[i + 16] == 1) {
                    return new float[] {int32(png, i + 8) * 0.0254f, int32(png, i + 12) * 0.0254f};
                }
                if (type.equals("IDAT") || length < 0) {
                    return null;
                }
                i += 12 + length;
            }
            return null;
        }

        private static int int32(byte[] b, int at) {
            return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
        }

        void section(Section s, ReportDocument r) {
            float size = 10.5f;
            float lead = size * 1.6f;
            List<String> lines = breaker.lines(s.text(), (WIDTH - 2 * size) / size);
            // The title stays with at least two lines of its text.
            need(22 + Math.min(2, lines.size()) * lead, r);
            y -= 22;
            text(MARGIN_X, y, 12, s.title() + "：", BLACK, true);
            y -= 4;
            for (String line : lines) {
                if (need(lead, r)) {
                    y -= 4;
                }
                y -= lead;
                text(MARGIN_X + 2 * size, y, size, line, BLACK, false);
            }
        }

        /** Signer lines at the left, the QR code and short code at the right, kept together. */
        void signatures(ReportDocument r) {
            float qr = 70;
            float block = qr + 48;
            need(block + 10, r);
            y -= 14;
            rule(y, 0.6f);
            float top = y;
            float size = SIGNER_SIZE;
            float baseline = top - 20;
            for (Signer s : r.signers()) {
                text(MARGIN_X, baseline, size, s.role().zh() + "：", GREY, false);
                text(MARGIN_X + width("审核医师：", size), baseline, fitted(s.displayName(), 130, 12), s.displayName(), BLACK, true);
                text(MARGIN_X + SIGNER_TIME_X, baseline, size, "签名时间：" + MINUTES.format(s.time()), BLACK, false);
                baseline -= 20;
            }
            if (r.verifierPending()) {
                // Left blank for the verifier's signature appearance (drawSignerLine), whose baseline is 5 above the bottom.
                verifierSlot = new PDRectangle(MARGIN_X, baseline - 5, WIDTH - qr - 10, 18);
                verifierSlotPage = pages.size() - 1;
                baseline -= 20;
            }
            text(MARGIN_X, baseline, size, "报告时间：" + MINUTES.format(r.reportTime()), GREY, false);
            String centre = "诊断单位：" + r.centreName();
            text(MARGIN_X + 190, baseline, fitted(centre, WIDTH - 190 - qr - 10, size), centre, GREY, false);
            baseline -= 18;
            text(MARGIN_X, baseline, 8, "本报告经电子签名，扫描右侧二维码或访问下列地址输入验证码核验真伪：", GREY, false);
            baseline -= 12;
            String url = r.verification().url().toString();
            text(MARGIN_X, baseline, fitted(url, WIDTH - qr - 10, 8), url, GREY, false);

            QrCode code = new QrCode(r.verification().url().toString());
            float x = MARGIN_X + WIDTH - qr;
            float qrTop = top - 8;
            page.add(cs -> {
                cs.setNonStrokingColor(0f, 0f, 0f);
                code.draw(cs, x, qrTop, qr);
            });
            String shortCode = "验证码 " + r.verification().shortCode();
            text(x + (qr - width(shortCode, 9)) / 2, qrTop - qr - 13, 9, shortCode, BLACK, true);
            y = Math.min(baseline, qrTop - qr - 16);
        }

        void drawPages(ReportDocument r) throws IOException {
            int total = pages.size();
            for (int i = 0; i < total; i++) {
                boolean landscape = i == ecgPage;
                PDPage p = new PDPage(landscape ? new PDRectangle(PAGE_H, PAGE_W) : PDRectangle.A4);
                doc.addPage(p);
                page = pages.get(i);
                if (landscape) {
                    footer(r, i + 1, total, 20, PAGE_H - 40, 38);
                } else {
                    footer(r, i + 1, total, MARGIN_X, WIDTH, BOTTOM);
                }
                try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
                    for (Op op : page) {
                        op.draw(cs);
                    }
                }
            }
            if (verifierSlot != null) {
                reserveVerifierField(doc, doc.getPage(verifierSlotPage), verifierSlot);
            }
        }

        void footer(ReportDocument r, int number, int total, float left, float width, float bottom) {
            float base = bottom - 26;
            float ruleY = bottom - 14;
            page.add(cs -> {
                cs.setStrokingColor(0f, 0f, 0f);
                cs.setLineWidth(0.5f);
                cs.moveTo(left, ruleY);
                cs.lineTo(left + width, ruleY);
                cs.stroke();
            });
            text(left, base, 8, r.centreName(), GREY, false);
            String numbers = "第 " + number + " 页 / 共 " + total + " 页";
            text(left + (width - width(numbers, 9)) / 2, base, 9, numbers, BLACK, false);
            String code = "验证码 " + r.verification().shortCode();
            text(left + width - width(code, 8), base, 8, code, GREY, false);
        }

        private static void add(List<String[]> items, String label, String value) {
            if (value != null && !value.isBlank()) {
                items.add(new String[] {label, value});
            }
        }

        private static String join(String sep, String... parts) {
            StringBuilder b = new StringBuilder();
            for (String part : parts) {
                if (part != null && !part.isBlank()) {
                    if (b.length() > 0) {
                        b.append(sep);
                    }
                    b.append(part);
                }
            }
            return b.toString();
        }
    }
}
