package org.rdc.workstation.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.storage.catalog.LocatedInstance;
import org.rdc.storage.catalog.Location;
import org.rdc.storage.catalog.StoredObject;

class InstancePixelsTest {

    private static final int ROWS = 400;
    private static final int COLUMNS = 400;
    private static final int FRAME = ROWS * COLUMNS * 2;
    private static final int FRAMES = 4;

    /** The stored bytes of one instance, and the ranges asked of them: what a remote object store would be sent. */
    private static final class Stored extends DicomWebInstances {
        final byte[] bytes;
        final List<long[]> ranges = new ArrayList<>();

        Stored(byte[] bytes) {
            super(null, null);
            this.bytes = bytes;
        }

        @Override
        public InputStream open(StoredObject located) {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public InputStream openRange(StoredObject located, long offset, long length) {
            ranges.add(new long[] {offset, length});
            return new ByteArrayInputStream(bytes, (int) offset, (int) Math.min(length, bytes.length - offset));
        }
    }

    @Test
    void aFrameFurtherOnIsReadByARangeOfExactlyItsBytes() throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7.3");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.4");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setString(Tag.NumberOfFrames, VR.IS, String.valueOf(FRAMES));
        ds.setInt(Tag.Rows, VR.US, ROWS);
        ds.setInt(Tag.of(0x0028, 0x0011), VR.US, COLUMNS);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.of(0x0028, 0x0101), VR.US, 16);
        ds.setInt(Tag.of(0x0028, 0x0102), VR.US, 15);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = new byte[FRAME * FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            Arrays.fill(pixels, f * FRAME, (f + 1) * FRAME, (byte) (f + 1));
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        // something after the pixel data, so that reading to the object's end would read more than the frames
        ds.setBytes(Tag.of(0xfffc, 0xfffc), VR.OB, new byte[1000]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        byte[] file = Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, ts), ds, ts));
        Stored stored = new Stored(file);
        StoredObject object = new StoredObject("k", file.length, "not checked here", Location.OBJECT_STORE);
        InstancePixels pixels4 = new InstancePixels(stored);
        var target = new DicomWebInstances.Target("1.2.3", new LocatedInstance("1.2.3.4", "1.2.3.4.5",
                "1.2.840.10008.5.1.4.1.1.7.3", ts.uid(), 1, object));
        try (InstancePixels.Opened opened = pixels4.open(target)) {
            long pixelStart = opened.frames().frame(1).get(0).offset();
            assertThat(frame(opened, 1)).containsOnly(1);
            assertThat(stored.ranges).as("frame 1 follows the header in the stream that found it").isEmpty();
            assertThat(frame(opened, 3)).containsOnly(3);
            assertThat(frame(opened, 4)).containsOnly(4);
            assertThat(stored.ranges).extracting(r -> r[0] + "+" + r[1]).containsExactly(
                    (pixelStart + 2L * FRAME) + "+" + FRAME, (pixelStart + 3L * FRAME) + "+" + FRAME);
            assertThat(opened.read(2)).containsOnly(2);
        }
    }

    private static byte[] frame(InstancePixels.Opened opened, int n) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        opened.copy(n, out);
        assertThat(out.size()).isEqualTo(FRAME);
        return out.toByteArray();
    }
}
