package org.rdc.dicom.parser;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;

/**
 * A multi-frame instance of more than 2 GB, generated on the fly (never on disk), parsed in a JVM
 * started with -Xmx64m by {@link LargeInstanceTest}. Prints one line of facts for the test to check.
 */
public final class LargeInstance {

    static final int FRAMES = 2048;
    static final int FRAME_BYTES = 1024 * 1024;  // 512 x 1024 x 16 bit
    static final long PIXEL_BYTES = (long) FRAMES * FRAME_BYTES;

    private LargeInstance() {
    }

    public static void main(String[] args) throws Exception {
        boolean encapsulated = args.length > 0 && args[0].equals("encapsulated");
        long started = System.nanoTime();

        // 1. the data set with bulk data left in the stream
        Part10Reader reader = new Part10Reader(new DataSetReader().withoutBulkData());
        DicomFile f = reader.read(stream(encapsulated), -1);
        DataElement pixels = f.dataSet().get(Tag.PixelData);
        long pixelLength = encapsulated ? fragmentBytes(pixels) : pixels.bulkData().length();

        // 2. the gateway's way: tee every raw byte (here into a CRC) while the header is decoded and the
        //    pixel data is streamed elsewhere
        CRC32 crc = new CRC32();
        InputStream tee = new CheckedInputStream(stream(encapsulated), crc);
        byte[] head = new byte[132];
        tee.readNBytes(head, 0, 132);
        DataSetParser parser = new DataSetParser(tee, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 132, -1);
        long streamed = 0;
        int tokens = 0;
        for (Token t = parser.next(); t != null; t = parser.next()) {
            tokens++;
            if (t == Token.ELEMENT || t == Token.FRAGMENT) {
                streamed += parser.copyValue(OutputStream.nullOutputStream());
            }
        }
        long total = parser.position();
        System.out.printf("OK elements=%d pixelBytes=%d rows=%d frames=%s streamed=%d total=%d tokens=%d crc=%x "
                        + "maxHeapMB=%d seconds=%.1f%n",
                f.dataSet().size(), pixelLength, f.dataSet().getInt(0x00280010, -1),
                f.dataSet().getString(0x00280008), streamed, total, tokens, crc.getValue(),
                Runtime.getRuntime().maxMemory() >> 20, (System.nanoTime() - started) / 1e9);
    }

    private static long fragmentBytes(DataElement pixels) {
        long sum = 0;
        for (int i = 0; i < pixels.fragments().size(); i++) {
            sum += pixels.fragments().length(i);
        }
        return sum;
    }

    /** Preamble, meta information, a realistic header, > 2 GB of pixel data, then a trailing element. */
    static InputStream stream(boolean encapsulated) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.1.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1234");
        ds.setString(Tag.PatientName, VR.PN, "Large^Instance");
        ds.setString(0x00280008, VR.IS, Integer.toString(FRAMES));
        ds.setInt(0x00280010, VR.US, 512);
        ds.setInt(0x00280011, VR.US, 1024);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        TransferSyntax ts = encapsulated ? TransferSyntax.JPEG_2000 : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        Part10Writer.write(head, new DicomFile(null, null, ds, ts));
        ByteArrayOutputStream trailer = new ByteArrayOutputStream();
        DataSet tail = new DataSet();
        tail.setBytes(0xFFFCFFFC, VR.OB, new byte[16]);
        new org.rdc.dicom.object.DataSetWriter(ts).write(tail, trailer);

        List<InputStream> parts = new java.util.ArrayList<>();
        parts.add(new ByteArrayInputStream(head.toByteArray()));
        if (encapsulated) {
            parts.add(new ByteArrayInputStream(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0, 'O', 'B', 0, 0, -1, -1, -1, -1}));
            parts.add(new ByteArrayInputStream(item(0)));  // empty basic offset table
            for (int i = 0; i < FRAMES; i++) {
                parts.add(new ByteArrayInputStream(item(FRAME_BYTES)));
                parts.add(new Zeros(FRAME_BYTES));
            }
            parts.add(new ByteArrayInputStream(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0}));
        } else {
            byte[] h = {(byte) 0xE0, 0x7F, 0x10, 0, 'O', 'W', 0, 0, 0, 0, 0, 0};
            h[8] = (byte) PIXEL_BYTES;
            h[9] = (byte) (PIXEL_BYTES >> 8);
            h[10] = (byte) (PIXEL_BYTES >> 16);
            h[11] = (byte) (PIXEL_BYTES >> 24);
            parts.add(new ByteArrayInputStream(h));
            parts.add(new Zeros(PIXEL_BYTES));
        }
        parts.add(new ByteArrayInputStream(trailer.toByteArray()));
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    private static byte[] item(int length) {
        return new byte[] {(byte) 0xFE, (byte) 0xFF, 0, (byte) 0xE0, (byte) length, (byte) (length >> 8),
            (byte) (length >> 16), (byte) (length >> 24)};
    }

    /** {@code n} zero bytes, produced as they are read. */
    static final class Zeros extends InputStream {
        private long left;

        Zeros(long n) {
            this.left = n;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }

        @Override
        public long skip(long n) {
            long s = Math.min(n, left);
            left -= s;
            return s;
        }
    }
}
