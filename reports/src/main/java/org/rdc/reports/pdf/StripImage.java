package org.rdc.reports.pdf;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.rdc.ecg.render.CjkFont;

/**
 * Representative strips of a long recording as one PNG: each strip a caption line over {@value #SECONDS} s of one lead
 * on the red 1 mm / 5 mm grid at 25 mm/s and 10 mm/mV, with a 1 mV calibration pulse, as paper ECG is read. The PNG
 * carries its resolution (pHYs, ISO/IEC 15948 §11.3.5.3), so {@link ReportPdf} prints it at true scale.
 */
public final class StripImage {

    public static final double SECONDS = 10;
    static final double SPEED_MM_PER_S = 25;
    static final double GAIN_MM_PER_MV = 10;
    static final int DPI = 150;
    private static final double MARGIN_MM = 5;
    private static final double CALIBRATION_MM = 8;
    private static final double CAPTION_MM = 6;
    private static final double ROW_MM = 30;
    private static final Color MINOR = new Color(255, 200, 200);
    private static final Color MAJOR = new Color(235, 120, 120);

    /** One strip: its caption and the samples in microvolts at {@code sampleRateHz}. */
    public record Strip(String caption, String lead, double sampleRateHz, double[] microvolts) {
    }

    private StripImage() {
    }

    public static byte[] png(List<Strip> strips) {
        double pxPerMm = DPI / 25.4;
        double traceMm = SECONDS * SPEED_MM_PER_S;
        int width = (int) Math.round((2 * MARGIN_MM + CALIBRATION_MM + traceMm) * pxPerMm);
        int height = (int) Math.round((MARGIN_MM + strips.size() * (CAPTION_MM + ROW_MM)) * pxPerMm);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            CjkFont font = CjkFont.load(CjkFont.DEFAULT_PATH);
            g.setFont(font.sized((float) (3.2 * pxPerMm), false));
            double top = MARGIN_MM;
            for (Strip s : strips) {
                g.setColor(Color.BLACK);
                g.drawString(s.caption(), (float) (MARGIN_MM * pxPerMm), (float) ((top + CAPTION_MM - 1.5) * pxPerMm));
                double gridTop = top + CAPTION_MM;
                grid(g, pxPerMm, MARGIN_MM, gridTop, CALIBRATION_MM + traceMm, ROW_MM);
                double baseline = gridTop + ROW_MM * 0.6;
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke((float) (0.25 * pxPerMm)));
                Path2D.Double cal = new Path2D.Double();
                double x0 = MARGIN_MM + 1;
                cal.moveTo(x0 * pxPerMm, baseline * pxPerMm);
                cal.lineTo((x0 + 1) * pxPerMm, baseline * pxPerMm);
                cal.lineTo((x0 + 1) * pxPerMm, (baseline - GAIN_MM_PER_MV) * pxPerMm);
                cal.lineTo((x0 + 1 + 0.2 * SPEED_MM_PER_S) * pxPerMm, (baseline - GAIN_MM_PER_MV) * pxPerMm);
                cal.lineTo((x0 + 1 + 0.2 * SPEED_MM_PER_S) * pxPerMm, baseline * pxPerMm);
                cal.lineTo((x0 + 2 + 0.2 * SPEED_MM_PER_S) * pxPerMm, baseline * pxPerMm);
                g.draw(cal);
                g.drawString(s.lead(), (float) ((MARGIN_MM + CALIBRATION_MM + 1) * pxPerMm), (float) ((gridTop + 4) * pxPerMm));
                trace(g, pxPerMm, MARGIN_MM + CALIBRATION_MM, baseline, s, gridTop, gridTop + ROW_MM);
                top += CAPTION_MM + ROW_MM;
            }
        } finally {
            g.dispose();
        }
        return encode(image, DPI);
    }

    private static void grid(Graphics2D g, double pxPerMm, double left, double top, double widthMm, double heightMm) {
        for (int pass = 0; pass < 2; pass++) {
            g.setColor(pass == 0 ? MINOR : MAJOR);
            g.setStroke(new BasicStroke(pass == 0 ? 1f : (float) Math.max(1, 0.15 * pxPerMm)));
            for (int mm = 0; mm <= (int) widthMm; mm++) {
                if ((mm % 5 == 0) == (pass == 1)) {
                    int x = (int) Math.round((left + mm) * pxPerMm);
                    g.drawLine(x, (int) Math.round(top * pxPerMm), x, (int) Math.round((top + heightMm) * pxPerMm));
                }
            }
            for (int mm = 0; mm <= (int) heightMm; mm++) {
                if ((mm % 5 == 0) == (pass == 1)) {
                    int y = (int) Math.round((top + mm) * pxPerMm);
                    g.drawLine((int) Math.round(left * pxPerMm), y, (int) Math.round((left + widthMm) * pxPerMm), y);
                }
            }
        }
    }

    /**
     * The lead with its baseline (a centred 1 s moving mean) taken off, as a recorder's display does, clipped to the row
     * so a large deflection does not run into the next strip.
     */
    private static void trace(Graphics2D g, double pxPerMm, double left, double baseline, Strip s, double minMm, double maxMm) {
        double[] uv = s.microvolts();
        int n = (int) Math.min(uv.length, Math.round(SECONDS * s.sampleRateHz()));
        if (n == 0) {
            return;
        }
        int half = (int) Math.round(s.sampleRateHz() / 2);
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + uv[i];
        }
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - half);
            int to = Math.min(n, i + half + 1);
            double base = (prefix[to] - prefix[from]) / (to - from);
            double xMm = left + i / s.sampleRateHz() * SPEED_MM_PER_S;
            double yMm = Math.max(minMm, Math.min(maxMm, baseline - (uv[i] - base) / 1000 * GAIN_MM_PER_MV));
            if (i == 0) {
                path.moveTo(xMm * pxPerMm, yMm * pxPerMm);
            } else {
                path.lineTo(xMm * pxPerMm, yMm * pxPerMm);
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke((float) (0.2 * pxPerMm), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path);
    }

    /** PNG with its pixels per metre in pHYs, so the PDF places it at the size it was drawn. */
    private static byte[] encode(BufferedImage image, int dpi) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), writer.getDefaultWriteParam());
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = Integer.toString((int) Math.round(dpi / 0.0254));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            meta.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(ios);
            writer.write(new IIOImage(image, null, meta));
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the strips", e);
        } finally {
            writer.dispose();
        }
    }
}
