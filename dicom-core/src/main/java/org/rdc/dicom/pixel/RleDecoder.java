package org.rdc.dicom.pixel;

import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;

/**
 * Decodes one RLE Lossless frame (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, then one
 * PackBits segment per byte plane, most significant byte of each sample first, sample by sample (G.2).
 * The result is the frame as native pixel data would hold it: samples interleaved pixel by pixel
 * (Planar Configuration 0) and each sample little endian.
 */
public final class RleDecoder {

    private RleDecoder() {
    }

    public static byte[] decode(byte[] frame, ImagePixel pixel) throws DicomParseException {
        int bytesPerSample = (pixel.bitsAllocated() + 7) / 8;
        int samples = pixel.samplesPerPixel();
        int pixels = pixel.rows() * pixel.columns();
        if (frame.length < 64) {
            throw new DicomParseException("RLE frame shorter than its 64-byte header", -1, Tag.PixelData);
        }
        int segments = (int) uint32(frame, 0);
        if (segments != samples * bytesPerSample) {
            throw new DicomParseException("RLE header names " + segments + " segments, the image needs "
                    + samples * bytesPerSample, -1, Tag.PixelData);
        }
        byte[] out = new byte[pixels * samples * bytesPerSample];
        for (int s = 0; s < segments; s++) {
            long start = uint32(frame, 4 + 4 * s);
            long end = s + 1 < segments ? uint32(frame, 8 + 4 * s) : frame.length;
            if (start < 64 || end > frame.length || end < start) {
                throw new DicomParseException("RLE segment " + (s + 1) + " offset " + start + " is outside the frame", -1,
                        Tag.PixelData);
            }
            int sample = s / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - s % bytesPerSample;  // segments go from the most significant byte
            int stride = samples * bytesPerSample;
            unpack(frame, (int) start, (int) end, out, sample * bytesPerSample + byteInSample, stride, pixels);
        }
        return out;
    }

    /** PackBits (G.3.1): n >= 0 copies n+1 bytes, -127..-1 repeats the next byte 1-n times, -128 does nothing. */
    private static void unpack(byte[] in, int pos, int end, byte[] out, int first, int stride, int count) {
        int written = 0;
        int o = first;
        while (pos < end && written < count) {
            int n = in[pos++];
            if (n >= 0) {
                int copy = Math.min(n + 1, Math.min(count - written, end - pos));
                for (int i = 0; i < copy; i++) {
                    out[o] = in[pos++];
                    o += stride;
                }
                written += copy;
            } else if (n != -128) {
                if (pos >= end) {
                    break;
                }
                byte b = in[pos++];
                int repeat = Math.min(1 - n, count - written);
                for (int i = 0; i < repeat; i++) {
                    out[o] = b;
                    o += stride;
                }
                written += repeat;
            }
        }
    }

    private static long uint32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFFL) << 24;
    }
}
