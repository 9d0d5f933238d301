package org.rdc.ecg.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.CvType;
import org.opencv.imgproc.Imgproc;
import org.rdc.ecg.analysis.CriticalFlag;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.Statement;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.WaveformSet;

/**
 * Draws an ECG the way it is read on paper: red grid (1 mm minor, 5 mm major), a 1 mV calibration
 * pulse at the start of every row, lead labels, and a header with patient, measurements, critical
 * values and the filters applied.
 *
 * <p>The work is split by what each library does well: OpenCV draws the grid and anti-aliased
 * traces into the raster; Java2D draws the text, because OpenCV's putText has only Hershey fonts
 * and cannot draw Chinese; {@link Png} encodes the page (faster than OpenCV's encoder for it).
 */
public final class EcgRenderer {

    /** Print resolution and a screen resolution (px per inch). */
    public static final int PRINT_DPI = 300;
    public static final int SCREEN_DPI = 100;

    static final double MARGIN_MM = 10;
    static final double CALIBRATION_MM = 10;
    static final double TRACE_WIDTH_MM = 250;
    static final double HEADER_MM = 42;
    static final double FOOTER_MM = 10;
    /** Width of the 1 mV calibration pulse, 0.2 s. */
    static final double CALIBRATION_S = 0.2;

    private static final Scalar WHITE = new Scalar(255, 255, 255);
    private static final Scalar MINOR = new Scalar(200, 200, 255);
    private static final Scalar MAJOR = new Scalar(120, 120, 235);
    private static final Scalar INK = new Scalar(20, 20, 20);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final CjkFont font;

    public EcgRenderer() {
        this(CjkFont.DEFAULT_PATH);
    }

    public EcgRenderer(Path fontFile) {
        OpenCvLoader.ensureLoaded();
        this.font = CjkFont.load(fontFile);
    }

    /**
     * @param speedMmPerS paper speed, 25 or 50 mm/s (any positive value works)
     * @param gainMmPerMv amplitude gain, 5, 10 or 20 mm/mV
     * @param dpi         pixels per inch: {@link #PRINT_DPI} or {@link #SCREEN_DPI}
     * @return PNG bytes
     */
    public byte[] render(EcgRecord record, EcgAnalysis analysis, Layout layout, double speedMmPerS,
                         double gainMmPerMv, int dpi) {
        if (!(speedMmPerS > 0) || !(gainMmPerMv > 0) || dpi < 50 || dpi > 1200) {
            throw new IllegalArgumentException("speed, gain must be positive and dpi within 50..1200");
        }
        Page page = new Page(layout, speedMmPerS, gainMmPerMv, dpi);
        Mat mat = new Mat(page.heightPx, page.widthPx, CvType.CV_8UC3, WHITE);
        try {
            drawGrid(mat, page);
            List<Label> labels = drawTraces(mat, page, analysis.filtered());
            BufferedImage image = toImage(mat);
            drawText(image, page, record, analysis, labels);
            return Png.encodeBgr(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), page.widthPx, page.heightPx, dpi);
        } finally {
            mat.release();
        }
    }

    /** Geometry of one page in pixels. */
    static final class Page {
        final Layout layout;
        final double speed;
        final double gain;
        final double pxPerMm;
        final int rows;
        final double rowMm;
        final int widthPx;
        final int heightPx;

        Page(Layout layout, double speed, double gain, int dpi) {
            this.layout = layout;
            this.speed = speed;
            this.gain = gain;
            this.pxPerMm = dpi / 25.4;
            this.rows = layout.rows + (layout.rhythmStrip ? 1 : 0);
            this.rowMm = Math.max(12, Math.ceil(layout.rowMillivolts * gain / 5) * 5);
            this.widthPx = px(2 * MARGIN_MM + CALIBRATION_MM + TRACE_WIDTH_MM);
            this.heightPx = px(HEADER_MM + rows * rowMm + FOOTER_MM);
        }

        int px(double mm) {
            return (int) Math.round(mm * pxPerMm);
        }

        double gridLeftMm() {
            return MARGIN_MM;
        }

        double gridRightMm() {
            return MARGIN_MM + CALIBRATION_MM + TRACE_WIDTH_MM;
        }

        double traceLeftMm() {
            return MARGIN_MM + CALIBRATION_MM;
        }

        double baselineMm(int row) {
            return HEADER_MM + (row + 0.6) * rowMm;
        }

        double secondsShown() {
            return TRACE_WIDTH_MM / speed;
        }
    }

    private static void drawGrid(Mat mat, Page p) {
        double top = HEADER_MM;
        double bottom = HEADER_MM + p.rows * p.rowMm;
        int minor = 1;
        int major = Math.max(1, (int) Math.round(0.15 * p.pxPerMm));
        for (int pass = 0; pass < 2; pass++) {
            for (int mm = 0; mm <= (int) Math.round(p.gridRightMm() - p.gridLeftMm()); mm++) {
                boolean isMajor = mm % 5 == 0;
                if (isMajor == (pass == 1)) {
                    int x = p.px(p.gridLeftMm() + mm);
                    Imgproc.line(mat, new Point(x, p.px(top)), new Point(x, p.px(bottom)), isMajor ? MAJOR : MINOR,
                            isMajor ? major : minor);
                }
            }
            for (int mm = 0; mm <= (int) Math.round(bottom - top); mm++) {
                boolean isMajor = mm % 5 == 0;
                if (isMajor == (pass == 1)) {
                    int y = p.px(top + mm);
                    Imgproc.line(mat, new Point(p.px(p.gridLeftMm()), y), new Point(p.px(p.gridRightMm()), y),
                            isMajor ? MAJOR : MINOR, isMajor ? major : minor);
                }
            }
        }
    }

    /** A lead label to write at a position (mm). */
    record Label(String text, double xMm, double yMm) {
    }

    private List<Label> drawTraces(Mat mat, Page p, WaveformSet signal) {
        List<Label> labels = new ArrayList<>();
        int thickness = Math.max(1, (int) Math.round(0.22 * p.pxPerMm));
        double columnS = p.secondsShown() / p.layout.columns;
        double columnMm = TRACE_WIDTH_MM / p.layout.columns;
        for (int row = 0; row < p.layout.rows; row++) {
            int r = row;
            drawCalibration(mat, p, r, thickness);
            for (int c = 0; c < p.layout.columns; c++) {
                String name = p.layout.leadAt(r, c);
                double x0 = p.traceLeftMm() + c * columnMm;
                double fromS = columnS * c;
                signal.lead(name).ifPresent(l -> trace(mat, p, l, signal.sampleRateHz(), fromS, columnS,
                        x0, p.baselineMm(r), thickness));
                labels.add(new Label(name, x0 + 1, p.baselineMm(r) - 0.45 * p.rowMm));
                if (c > 0) {
                    int x = p.px(x0);
                    Imgproc.line(mat, new Point(x, p.px(p.baselineMm(r) - 3)), new Point(x, p.px(p.baselineMm(r) + 3)),
                            INK, thickness);
                }
            }
        }
        if (p.layout.rhythmStrip) {
            int r = p.layout.rows;
            drawCalibration(mat, p, r, thickness);
            signal.lead("II").or(() -> signal.leads().stream().findFirst()).ifPresent(l -> {
                trace(mat, p, l, signal.sampleRateHz(), 0, p.secondsShown(), p.traceLeftMm(), p.baselineMm(r), thickness);
                labels.add(new Label(l.name(), p.traceLeftMm() + 1, p.baselineMm(r) - 0.45 * p.rowMm));
            });
        }
        return labels;
    }

    private static void drawCalibration(Mat mat, Page p, int row, int thickness) {
        double base = p.baselineMm(row);
        double x = p.gridLeftMm() + 2;
        double w = CALIBRATION_S * p.speed;
        Point[] pts = {
            new Point(p.px(x), p.px(base)),
            new Point(p.px(x + 1), p.px(base)),
            new Point(p.px(x + 1), p.px(base - p.gain)),
            new Point(p.px(x + 1 + w), p.px(base - p.gain)),
            new Point(p.px(x + 1 + w), p.px(base)),
            new Point(p.px(x + 2 + w), p.px(base)),
        };
        MatOfPoint poly = new MatOfPoint(pts);
        Imgproc.polylines(mat, List.of(poly), false, INK, thickness, Imgproc.LINE_8);
        poly.release();
    }

    /** Sub-pixel coordinates: OpenCV takes fixed-point points with this many fraction bits. */
    private static final int SHIFT = 3;

    private static void trace(Mat mat, Page p, Lead lead, double fs, double fromS, double seconds, double x0Mm,
                              double baselineMm, int thickness) {
        int first = (int) Math.round(fromS * fs);
        int last = Math.min(lead.length() - 1, (int) Math.round((fromS + seconds) * fs) - 1);
        if (last <= first) {
            return;
        }
        double[] uv = lead.samplesUv();
        double scale = 1 << SHIFT;
        Point[] pts = new Point[last - first + 1];
        for (int i = first; i <= last; i++) {
            double xMm = x0Mm + (i - first) / fs * p.speed;
            double yMm = baselineMm - uv[i] / 1000.0 * p.gain;
            pts[i - first] = new Point(Math.round(xMm * p.pxPerMm * scale), Math.round(yMm * p.pxPerMm * scale));
        }
        MatOfPoint poly = new MatOfPoint(pts);
        Imgproc.polylines(mat, List.of(poly), false, INK, thickness, Imgproc.LINE_AA, SHIFT);
        poly.release();
    }

    private static BufferedImage toImage(Mat mat) {
        BufferedImage image = new BufferedImage(mat.cols(), mat.rows(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        mat.get(0, 0, data);
        return image;
    }

    private void drawText(BufferedImage image, Page p, EcgRecord record, EcgAnalysis a, List<Label> labels) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(font.sized((float) (3.2 * p.pxPerMm), true));
            for (Label l : labels) {
                g.drawString(l.text(), p.px(l.xMm()), p.px(l.yMm()));
            }
            float line = (float) (3.0 * p.pxPerMm);
            int x = p.px(MARGIN_MM);
            int y = p.px(6);
            g.setFont(font.sized((float) (3.6 * p.pxPerMm), true));
            g.drawString(patientLine(record), x, y);
            y += Math.round(line * 1.5);
            g.setFont(font.sized(line, false));
            g.drawString(measurementLine(a), x, y);
            for (String text : statementLines(a)) {
                y += Math.round(line * 1.35);
                g.drawString(text, x, y);
            }
            if (!a.criticalFlags().isEmpty()) {
                g.setColor(new Color(200, 0, 0));
                g.setFont(font.sized(line, true));
                y += Math.round(line * 1.35);
                g.drawString("危急值: " + String.join("；", a.criticalFlags().stream().map(CriticalFlag::zh).toList()), x, y);
                y += Math.round(line * 1.35);
                g.drawString("CRITICAL: " + String.join("; ", a.criticalFlags().stream().map(CriticalFlag::en).toList()), x, y);
                g.setColor(Color.BLACK);
            }
            g.setFont(font.sized((float) (2.6 * p.pxPerMm), false));
            int footer = p.heightPx - p.px(FOOTER_MM) + p.px(4);
            g.drawString(settingsLine(p, a), x, footer);
            g.drawString(EcgAnalysis.NOTICE_ZH + " " + EcgAnalysis.NOTICE_EN, x, footer + p.px(3.6));
        } finally {
            g.dispose();
        }
    }

    private static String patientLine(EcgRecord r) {
        Patient pt = r.patient();
        StringBuilder s = new StringBuilder();
        s.append(pt.name() != null ? pt.name() : "(无姓名 no name)");
        if (pt.id() != null) {
            s.append("   ID ").append(pt.id());
        }
        s.append("   ").append(pt.sex() == Sex.MALE ? "男 M" : pt.sex() == Sex.FEMALE ? "女 F" : "性别不详");
        if (pt.ageYears() != null) {
            s.append("   ").append(pt.ageYears()).append("岁 y");
        } else if (pt.birthDate() != null) {
            s.append("   出生 ").append(pt.birthDate());
        }
        if (r.acquisition().time() != null) {
            s.append("   ").append(TIME.format(r.acquisition().time()));
        }
        String device = join(r.acquisition().manufacturer(), r.acquisition().model());
        if (!device.isEmpty()) {
            s.append("   ").append(device);
        }
        return s.toString();
    }

    private static String measurementLine(EcgAnalysis a) {
        return "心率 HR " + v(a.heartRateBpm()) + " bpm    PR " + v(a.prMs()) + " ms    QRS " + v(a.qrsMs())
                + " ms    QT/QTc " + v(a.qtMs()) + "/" + v(a.qtcBazettMs()) + " ms (Bazett)    QTcF "
                + v(a.qtcFridericiaMs()) + " ms (Fridericia)    P/QRS/T 电轴 axes " + v(a.pAxisDeg()) + "/"
                + v(a.qrsAxisDeg()) + "/" + v(a.tAxisDeg()) + "°";
    }

    private static List<String> statementLines(EcgAnalysis a) {
        return List.of("自动分析：" + String.join("；", a.statements().stream().map(Statement::zh).toList()),
                "Automated: " + String.join("; ", a.statements().stream().map(Statement::en).toList()));
    }

    private static String settingsLine(Page p, EcgAnalysis a) {
        FilterSettings f = a.filtersApplied();
        String filters = "滤波 filters " + v(f.highPassHz()) + "–" + v(f.lowPassHz()) + " Hz, "
                + (f.notchHz() != null ? "工频陷波 notch " + v(f.notchHz()) + " Hz" : "工频陷波未启用 no notch (no mains found)");
        return fmt(p.speed) + " mm/s   " + fmt(p.gain) + " mm/mV   " + filters + "   " + a.format().displayName();
    }

    private static String v(Double d) {
        return d == null ? "—" : fmt(d);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String join(String a, String b) {
        return ((a == null ? "" : a) + " " + (b == null ? "" : b)).trim();
    }
}
