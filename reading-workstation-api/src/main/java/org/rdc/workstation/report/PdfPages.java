package org.rdc.workstation.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.rdc.reports.ReportException;

/**
 * Pages of a signed PDF as images, so that every browser shows the document the paper will carry without a PDF
 * viewer of its own (headless and locked-down ones have none, and the PDF answer is an attachment).
 */
final class PdfPages {

    /** A4 at 120 dpi is 992 x 1403 pixels: sharp at the editor's width, about 100-200 kB. */
    static final float DPI = 120;

    private PdfPages() {
    }

    /** Page {@code page} (1 = the first) as PNG; a page the document does not have is not found. */
    static byte[] png(byte[] pdf, int page) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            if (page < 1 || page > doc.getNumberOfPages()) {
                throw ReportException.notFound("the document has " + doc.getNumberOfPages() + " pages, not page " + page);
            }
            BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(page - 1, DPI, ImageType.RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        }
    }
}
