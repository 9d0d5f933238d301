package org.rdc.dicom.pixel;

import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.object.DataSet;

/**
 * The Image Pixel module attributes (PS3.3 C.7.6.3) that say how the pixel data is laid out.
 *
 * @param frames Number of Frames (0028,0008), 1 when absent (a single-frame image)
 */
public record ImagePixel(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored, int highBit,
                         int pixelRepresentation, int planarConfiguration, String photometricInterpretation, int frames) {

    /** Reads the module; an image without rows, columns or bits allocated has no pixel layout to speak of. */
    public static ImagePixel of(DataSet ds) throws DicomParseException {
        int rows = ds.getInt(Tag.Rows, 0);
        int columns = ds.getInt(Tag.Columns, 0);
        int bitsAllocated = ds.getInt(Tag.BitsAllocated, 0);
        if (rows <= 0 || columns <= 0 || bitsAllocated <= 0) {
            throw new DicomParseException("no image: Rows, Columns or Bits Allocated missing or zero", -1, Tag.PixelData);
        }
        int bitsStored = ds.getInt(Tag.BitsStored, bitsAllocated);
        String photometric = ds.getString(Tag.PhotometricInterpretation);
        return new ImagePixel(rows, columns, Math.max(1, ds.getInt(Tag.SamplesPerPixel, 1)), bitsAllocated, bitsStored,
                ds.getInt(Tag.HighBit, bitsStored - 1), ds.getInt(Tag.PixelRepresentation, 0),
                ds.getInt(Tag.PlanarConfiguration, 0), photometric == null ? "MONOCHROME2" : photometric.trim(),
                Math.max(1, ds.getInt(Tag.NumberOfFrames, 1)));
    }

    /**
     * Bytes of one native frame (PS3.5 8.1.1): Rows x Columns x Samples per Pixel x Bits Allocated / 8.
     * YBR_FULL_422 stores two chroma samples per two pixels, so two thirds of that (PS3.3 C.7.6.3.1.2).
     */
    public long frameLength() {
        long samples = (long) rows * columns * samplesPerPixel;
        if (photometricInterpretation.equals("YBR_FULL_422")) {
            samples = samples * 2 / 3;
        }
        return (samples * bitsAllocated + 7) / 8;
    }

    public boolean monochrome() {
        return photometricInterpretation.startsWith("MONOCHROME");
    }

    public boolean signed() {
        return pixelRepresentation == 1;
    }
}
