package org.rdc.workstation.dicomweb;

import java.util.Set;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Sequence;
import org.rdc.dicom.pixel.ImagePixel;
import org.rdc.dicom.pixel.RleDecoder;
import org.rdc.workstation.api.WorkstationException;

/**
 * Renders one frame to JPEG or PNG (PS3.18 §8.3.5, rendered media types §8.7.4): decoded by us (native,
 * RLE) or by OpenCV's {@code imdecode} (JPEG baseline/extended 8-bit, JPEG 2000); grey images go through
 * the Modality LUT (rescale slope/intercept) and the VOI transform (PS3.3 C.11.2: the window asked for,
 * else the instance's Window Center/Width or VOI LUT, else the frame's value range), MONOCHROME1 inverted;
 * colour images are converted from RGB or YBR_FULL / YBR_FULL_422. Then cropped and scaled to the
 * viewport with OpenCV and encoded by it.
 */
final class FrameRenderer {

    /** Syntaxes whose frames OpenCV's imdecode is asked to decode; everything else encapsulated is a 406. */
    private static final Set<String> OPENCV = Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91");

    private FrameRenderer() {
    }

    private static final class OpenCv {
        static {
            nu.pattern.OpenCV.loadLocally();
        }

        static void load() {
            // class initialisation above does the work exactly once
        }
    }

    /** Whether frames of this syntax can be rendered here at all (JPEG-LS, JPEG lossless, HTJ2K cannot). */
    static boolean renderable(TransferSyntax ts) {
        return FrameMediaTypes.decodable(ts) || OPENCV.contains(ts.uid());
    }

    static byte[] render(byte[] stored, ImagePixel pixel, TransferSyntax ts, DataSet attributes, RenderRequest request,
                         String mediaType, String what) {
        OpenCv.load();
        if (!renderable(ts)) {
            throw notRenderable(what, ts, "OpenCV has no decoder for it");
        }
        Mat image = FrameMediaTypes.decodable(ts) ? fromNative(stored, pixel, ts, attributes, request)
                : fromCodeStream(stored, pixel, ts, attributes, request, what);
        image = viewport(image, request.viewport());
        MatOfByte out = new MatOfByte();
        boolean png = mediaType.equals("image/png");
        MatOfInt params = png ? new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 3)
                : new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, request.quality());
        if (!Imgcodecs.imencode(png ? ".png" : ".jpg", image, out, params)) {
            throw new IllegalStateException("OpenCV could not encode " + what + " as " + mediaType);
        }
        return out.toArray();
    }

    private static WorkstationException notRenderable(String what, TransferSyntax ts, String why) {
        return new WorkstationException(WorkstationException.Kind.NOT_ACCEPTABLE, what + " is stored as " + ts.name() + " ("
                + ts.uid() + "), which cannot be rendered here: " + why + "; its frames are available as stored from /frames");
    }

    // ---- decoding

    private static Mat fromNative(byte[] stored, ImagePixel p, TransferSyntax ts, DataSet attributes, RenderRequest r) {
        byte[] le;
        boolean planar = false;
        try {
            if (ts.uid().equals(TransferSyntax.RLE_LOSSLESS.uid())) {
                le = RleDecoder.decode(stored, p);
            } else {
                le = FramesController.littleEndian(stored, p, ts);
                planar = p.planarConfiguration() == 1;
            }
        } catch (java.io.IOException e) {
            throw new WorkstationException(WorkstationException.Kind.NOT_ACCEPTABLE, "the frame cannot be decoded: " + e.getMessage());
        }
        int count = p.rows() * p.columns();
        if (p.monochrome() || p.samplesPerPixel() == 1) {
            if (p.bitsAllocated() == 8 || p.bitsAllocated() == 16) {
                return grey(le, p.bitsAllocated() / 8, count, p, attributes, r);
            }
            int[] raw = new int[count];
            if (p.bitsAllocated() == 32) {
                for (int i = 0, o = 0; i < count; i++, o += 4) {
                    raw[i] = (le[o] & 0xFF) | (le[o + 1] & 0xFF) << 8 | (le[o + 2] & 0xFF) << 16 | (le[o + 3] & 0xFF) << 24;
                }
            } else if (p.bitsAllocated() == 1) {
                for (int i = 0; i < count; i++) {
                    raw[i] = (le[i >> 3] >> (i & 7)) & 1;
                }
            } else {
                throw new WorkstationException(WorkstationException.Kind.NOT_ACCEPTABLE, "Bits Allocated " + p.bitsAllocated()
                        + " cannot be rendered");
            }
            return grey(raw, p, attributes, r, p.bitsAllocated() < 32);
        }
        if (p.samplesPerPixel() != 3) {
            throw new WorkstationException(WorkstationException.Kind.NOT_ACCEPTABLE, p.samplesPerPixel() + " samples per pixel cannot be rendered");
        }
        return colour(eightBit(le, p), p, planar);
    }

    /** Colour samples of more than 8 bits keep their most significant 8. */
    private static byte[] eightBit(byte[] le, ImagePixel p) {
        if (p.bitsAllocated() == 8) {
            return le;
        }
        int unit = p.bitsAllocated() / 8;
        int shift = Math.max(0, p.bitsStored() - 8);
        byte[] out = new byte[le.length / unit];
        for (int i = 0; i < out.length; i++) {
            long v = 0;
            for (int b = unit - 1; b >= 0; b--) {
                v = v << 8 | (le[i * unit + b] & 0xFF);
            }
            out[i] = (byte) (v >> shift);
        }
        return out;
    }

    private static Mat colour(byte[] samples, ImagePixel p, boolean planar) {
        int count = p.rows() * p.columns();
        byte[] interleaved = samples;
        String pi = p.photometricInterpretation();
        if (pi.equals("YBR_FULL_422") && samples.length == count * 2) {
            // PS3.3 C.7.6.3.1.2: Y1 Y2 Cb Cr for each pair of pixels
            interleaved = new byte[count * 3];
            for (int i = 0; i + 1 < count; i += 2) {
                int o = i * 2;
                interleaved[i * 3] = samples[o];
                interleaved[i * 3 + 3] = samples[o + 1];
                interleaved[i * 3 + 1] = interleaved[i * 3 + 4] = samples[o + 2];
                interleaved[i * 3 + 2] = interleaved[i * 3 + 5] = samples[o + 3];
            }
        } else if (planar) {
            interleaved = new byte[count * 3];
            for (int i = 0; i < count; i++) {
                interleaved[i * 3] = samples[i];
                interleaved[i * 3 + 1] = samples[count + i];
                interleaved[i * 3 + 2] = samples[2 * count + i];
            }
        }
        Mat m = new Mat(p.rows(), p.columns(), CvType.CV_8UC3);
        m.put(0, 0, interleaved);
        Mat bgr = new Mat();
        if (pi.startsWith("YBR_FULL")) {
            // OpenCV's YCrCb is the full-range (JPEG) transform of YBR_FULL, with Cr before Cb
            Mat ycrcb = new Mat(m.size(), m.type());
            Core.mixChannels(java.util.List.of(m), java.util.List.of(ycrcb), new MatOfInt(0, 0, 1, 2, 2, 1));
            Imgproc.cvtColor(ycrcb, bgr, Imgproc.COLOR_YCrCb2BGR);
        } else {
            Imgproc.cvtColor(m, bgr, Imgproc.COLOR_RGB2BGR);
        }
        return bgr;
    }

    private static Mat fromCodeStream(byte[] stored, ImagePixel p, TransferSyntax ts, DataSet attributes, RenderRequest r, String what) {
        int dcShift = 0;
        byte[] stream = stored;
        if (ts.uid().startsWith("1.2.840.10008.1.2.4.9")) {
            int ssiz = signedComponent(stored);
            if (ssiz >= 0) {
                // OpenCV refuses signed JPEG 2000 components. Declared unsigned, the decoder adds the DC level
                // shift 2^(B-1) of ISO 15444-1 G.1.2 to the exact signed values, which is taken off again below.
                stream = stored.clone();
                stream[ssiz] &= 0x7F;
                dcShift = 1 << (stream[ssiz] & 0x7F);
            }
        }
        if (ts.uid().startsWith("1.2.840.10008.1.2.4.5") && p.photometricInterpretation().equals("RGB")) {
            stream = rgbJpeg(stored);
        }
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(stream), Imgcodecs.IMREAD_UNCHANGED);
        if (decoded.empty()) {
            throw notRenderable(what, ts, "OpenCV could not decode the frame (e.g. 12-bit or lossless JPEG)");
        }
        if (decoded.channels() >= 3) {
            if (decoded.channels() == 4) {
                Imgproc.cvtColor(decoded, decoded, Imgproc.COLOR_BGRA2BGR);
            }
            if (decoded.depth() != CvType.CV_8U) {
                decoded.convertTo(decoded, CvType.CV_8U, 1.0 / (1 << Math.max(0, p.bitsStored() - 8)));
            }
            return decoded;
        }
        int count = decoded.rows() * decoded.cols();
        int[] raw = new int[count];
        if (decoded.depth() == CvType.CV_8U) {
            byte[] b = new byte[count];
            decoded.get(0, 0, b);
            for (int i = 0; i < count; i++) {
                raw[i] = (b[i] & 0xFF) - dcShift;
            }
        } else {
            short[] s = new short[count];
            decoded.convertTo(decoded, decoded.depth() == CvType.CV_16S ? CvType.CV_16S : CvType.CV_16U);
            decoded.get(0, 0, s);
            for (int i = 0; i < count; i++) {
                raw[i] = (s[i] & 0xFFFF) - dcShift;
            }
        }
        ImagePixel asDecoded = new ImagePixel(decoded.rows(), decoded.cols(), 1, decoded.depth() == CvType.CV_8U ? 8 : 16,
                Math.min(p.bitsStored(), decoded.depth() == CvType.CV_8U ? 8 : 16), p.highBit(), p.pixelRepresentation(), 0,
                p.photometricInterpretation(), 1);
        return grey(raw, asDecoded, attributes, r, true);
    }

    /**
     * PS3.5 8.2.1: Photometric Interpretation RGB means the JPEG components are R, G, B, not YCbCr. libjpeg
     * assumes YCbCr for three components unless a JFIF or Adobe marker says otherwise, so a stream with
     * neither gets an Adobe APP14 marker with transform 0 (no colour transform) after its SOI.
     */
    private static byte[] rgbJpeg(byte[] jpeg) {
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xDA) {
                break;  // start of scan: no more tables or application markers
            }
            int length = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
            String id = new String(jpeg, i + 4, Math.min(5, Math.max(0, jpeg.length - i - 4)), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (marker == 0xE0 && id.startsWith("JFIF") || marker == 0xEE && id.equals("Adobe")) {
                return jpeg;
            }
            i += 2 + length;
        }
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] out = new byte[jpeg.length + adobe.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(adobe, 0, out, 2, adobe.length);
        System.arraycopy(jpeg, 2, out, 2 + adobe.length, jpeg.length - 2);
        return out;
    }

    /**
     * The offset of the Ssiz byte of the single component of a JPEG 2000 code stream (ISO 15444-1 A.5.1:
     * SOC, then SIZ with 38 bytes before the first component's Ssiz) when it says signed, else -1.
     */
    private static int signedComponent(byte[] b) {
        int limit = Math.min(b.length - 45, 4096);
        for (int i = 0; i < limit; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0x4F && (b[i + 2] & 0xFF) == 0xFF && (b[i + 3] & 0xFF) == 0x51) {
                int components = (b[i + 40] & 0xFF) << 8 | (b[i + 41] & 0xFF);
                int ssiz = i + 42;
                return components == 1 && (b[ssiz] & 0x80) != 0 ? ssiz : -1;
            }
        }
        return -1;
    }

    // ---- grey scale: PS3.3 C.11.1 Modality LUT, C.11.2 VOI LUT, C.7.6.3.1.2 MONOCHROME1

    /**
     * 8- or 16-bit grey samples, little endian, straight to 8 bits: one pass for the value range, one through a
     * table of every stored value between its minimum and maximum (a 3000x2500 CR is 7.5 M samples).
     */
    private static Mat grey(byte[] le, int unit, int count, ImagePixel p, DataSet attributes, RenderRequest r) {
        int bits = Math.min(p.bitsStored(), unit * 8);
        int mask = (1 << bits) - 1;
        int sign = p.signed() ? 1 << (bits - 1) : 0;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 0, o = 0; i < count; i++, o += unit) {
            int w = (unit == 2 ? (le[o] & 0xFF) | (le[o + 1] & 0xFF) << 8 : le[o] & 0xFF) & mask;
            int v = (w ^ sign) - sign;  // two's complement of a bits-wide value
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        byte[] lut = table(min, max, p, attributes, r);
        byte[] out = new byte[count];
        for (int i = 0, o = 0; i < count; i++, o += unit) {
            int w = (unit == 2 ? (le[o] & 0xFF) | (le[o + 1] & 0xFF) << 8 : le[o] & 0xFF) & mask;
            out[i] = lut[((w ^ sign) - sign) - min];
        }
        Mat m = new Mat(p.rows(), p.columns(), CvType.CV_8UC1);
        m.put(0, 0, out);
        return m;
    }

    /** Stored value min + i to output grey level, through the Modality LUT, the VOI and MONOCHROME1's inversion. */
    private static byte[] table(int min, int max, ImagePixel p, DataSet attributes, RenderRequest r) {
        Modality modality = Modality.of(attributes, p);
        double[] values = new double[max - min + 1];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            values[i] = modality.apply(min + i);
            low = Math.min(low, values[i]);
            high = Math.max(high, values[i]);
        }
        Voi voi = voi(attributes, r, low, high);
        boolean invert = p.photometricInterpretation().equals("MONOCHROME1");
        byte[] lut = new byte[values.length];
        for (int i = 0; i < lut.length; i++) {
            lut[i] = (byte) voi.apply(values[i], invert);
        }
        return lut;
    }

    /**
     * The Modality LUT (PS3.3 C.11.1): the first item of a Modality LUT Sequence (0028,3000) when there is
     * one, else Rescale Slope and Intercept (C.11.1.1.2; slope 1 when absent or zero). PS3.4 N.2.1.1: it
     * comes before the VOI transform, whose window or LUT is in its output's units.
     */
    private record Modality(double slope, double intercept, LookupTable lut) {

        static Modality of(DataSet attributes, ImagePixel p) {
            Sequence luts = attributes.getSequence(MODALITY_LUT_SEQUENCE);
            if (luts != null && !luts.items().isEmpty()) {
                LookupTable lut = LookupTable.of(luts.items().get(0), p.signed());
                if (lut != null) {
                    return new Modality(1, 0, lut);
                }
            }
            double slope = first(attributes, Tag.RescaleSlope, 1);
            return new Modality(slope == 0 ? 1 : slope, first(attributes, Tag.RescaleIntercept, 0), null);
        }

        double apply(double stored) {
            return lut != null ? lut.at(stored) : stored * slope + intercept;
        }

        /** The lowest and highest outputs for stored values from min to max. */
        double[] range(int min, int max) {
            if (lut != null) {
                return new double[] {lut.min(), lut.max()};
            }
            double a = apply(min);
            double b = apply(max);
            return new double[] {Math.min(a, b), Math.max(a, b)};
        }
    }

    /** Modality LUT Sequence (0028,3000), PS3.3 C.11.1. */
    private static final int MODALITY_LUT_SEQUENCE = 0x00283000;

    private static Mat grey(int[] raw, ImagePixel p, DataSet attributes, RenderRequest r, boolean mask) {
        int bits = Math.min(p.bitsStored(), 32);
        for (int i = 0; i < raw.length; i++) {
            int v = raw[i];
            if (mask && bits < 32) {
                v &= (1 << bits) - 1;
                if (p.signed() && (v & (1 << (bits - 1))) != 0) {
                    v -= 1 << bits;
                }
            } else if (!p.signed() && p.bitsAllocated() == 32) {
                v = (int) Math.min(Integer.MAX_VALUE, v & 0xFFFFFFFFL);
            }
            raw[i] = v;
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : raw) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        byte[] out = new byte[raw.length];
        if ((long) max - min < 1 << 20) {
            byte[] lut = table(min, max, p, attributes, r);
            for (int i = 0; i < raw.length; i++) {
                out[i] = lut[raw[i] - min];
            }
        } else {
            Modality modality = Modality.of(attributes, p);
            double[] range = modality.range(min, max);
            Voi voi = voi(attributes, r, range[0], range[1]);
            boolean invert = p.photometricInterpretation().equals("MONOCHROME1");
            for (int i = 0; i < raw.length; i++) {
                out[i] = (byte) voi.apply(modality.apply(raw[i]), invert);
            }
        }
        Mat m = new Mat(p.rows(), p.columns(), CvType.CV_8UC1);
        m.put(0, 0, out);
        return m;
    }

    private static double first(DataSet ds, int tag, double otherwise) {
        try {
            double[] v = ds.getDoubles(tag);
            return v.length == 0 ? otherwise : v[0];
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A VOI transform to 0-255: a window (C.11.2.1.2) or a VOI LUT (C.11.2.1.1). */
    private record Voi(double center, double width, String function, LookupTable lut) {

        int apply(double x, boolean invert) {
            double y;
            if (lut != null) {
                y = lut.at(x) * 255.0 / ((1L << lut.bits()) - 1);
            } else if (function.equals("SIGMOID")) {
                y = 255 / (1 + Math.exp(-4 * (x - center) / width));
            } else if (function.equals("LINEAR_EXACT")) {
                y = ((x - center) / width + 0.5) * 255;
            } else if (x <= center - 0.5 - (width - 1) / 2) {
                y = 0;
            } else if (x > center - 0.5 + (width - 1) / 2) {
                y = 255;
            } else {
                y = ((x - (center - 0.5)) / Math.max(1, width - 1) + 0.5) * 255;
            }
            int v = (int) Math.round(Math.max(0, Math.min(255, y)));
            return invert ? 255 - v : v;
        }
    }

    private static Voi voi(DataSet ds, RenderRequest r, double min, double max) {
        if (r.window() != null) {
            return new Voi(r.window().center(), r.window().width(), r.window().function(), null);
        }
        double center = first(ds, Tag.WindowCenter, Double.NaN);
        double width = first(ds, Tag.WindowWidth, Double.NaN);
        if (!Double.isNaN(center) && !Double.isNaN(width) && width >= 1) {
            String f = ds.getString(Tag.VOILUTFunction);
            String function = f == null || f.isBlank() ? "LINEAR" : f.trim();
            return new Voi(center, width, function.equals("SIGMOID") || function.equals("LINEAR_EXACT") ? function : "LINEAR", null);
        }
        Sequence luts = ds.getSequence(Tag.VOILUTSequence);
        if (luts != null && !luts.items().isEmpty()) {
            LookupTable lut = LookupTable.of(luts.items().get(0), ds.getInt(Tag.PixelRepresentation, 0) == 1);
            if (lut != null) {
                return new Voi(0, 1, "LINEAR", lut);
            }
        }
        double w = Math.max(1, max - min);
        return new Voi(min + w / 2, w, "LINEAR_EXACT", null);
    }

    // ---- viewport, PS3.18 §8.3.5.1.3

    private static Mat viewport(Mat image, RenderRequest.Viewport v) {
        if (v == null) {
            return image;
        }
        Mat region = image;
        if (v.hasRegion()) {
            int x = Math.min(v.sx(), image.cols() - 1);
            int y = Math.min(v.sy(), image.rows() - 1);
            int w = Math.min(Math.abs(v.sw()), image.cols() - x);
            int h = Math.min(Math.abs(v.sh()), image.rows() - y);
            region = new Mat(image, new Rect(x, y, Math.max(1, w), Math.max(1, h)));
            if (v.sw() < 0 || v.sh() < 0) {
                Mat flipped = new Mat();
                Core.flip(region, flipped, v.sw() < 0 && v.sh() < 0 ? -1 : v.sw() < 0 ? 1 : 0);
                region = flipped;
            }
        }
        double scale = Math.min((double) v.width() / region.cols(), (double) v.height() / region.rows());
        int w = Math.max(1, (int) Math.round(region.cols() * scale));
        int h = Math.max(1, (int) Math.round(region.rows() * scale));
        if (w == region.cols() && h == region.rows()) {
            return region;
        }
        Mat scaled = new Mat();
        Imgproc.resize(region, scaled, new Size(w, h), 0, 0, scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        return scaled;
    }
}
