package org.rdc.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.rdc.gateway.scu.DicomFiles;
import org.rdc.storage.InstanceStore;

/** Reads back what the gateway stored and splits it into our File Meta Information and the data set as received. */
public final class StoredBytes {

    private StoredBytes() {
    }

    public static byte[] stored(InstanceStore store, String sopInstanceUid) throws IOException {
        try (InputStream in = store.open(sopInstanceUid)) {
            return in.readAllBytes();
        }
    }

    /** The data set part of a stored Part 10 file (after the meta group, whose length is its first element). */
    public static byte[] dataSet(byte[] part10) {
        if (part10.length < 144 || part10[128] != 'D' || part10[131] != 'M') {
            throw new AssertionError("stored object is not a Part 10 file");
        }
        long metaLength = ByteBuffer.wrap(part10).order(ByteOrder.LITTLE_ENDIAN).getInt(140) & 0xFFFFFFFFL;
        return Arrays.copyOfRange(part10, (int) (144 + metaLength), part10.length);
    }

    /**
     * dcmtk drops a top-level (FFFC,FFFC) Data Set Trailing Padding when it sends a data set; the bytes
     * before it are sent as they are in the file.
     */
    public static byte[] withoutTrailingPadding(byte[] dataSet, String ts) throws IOException {
        org.rdc.dicom.parser.DataSetParser p = org.rdc.dicom.parser.DataSetParser.open(
                new java.io.ByteArrayInputStream(dataSet), org.rdc.dicom.encoding.TransferSyntax.of(ts));
        if (org.rdc.dicom.encoding.TransferSyntax.of(ts).deflated()) {
            return dataSet;
        }
        for (org.rdc.dicom.parser.Token t = p.next(); t != null; t = p.next()) {
            if (p.depth() == 0 && t == org.rdc.dicom.parser.Token.ELEMENT && p.header().tag() == 0xFFFCFFFC) {
                return Arrays.copyOf(dataSet, (int) p.header().offset());
            }
        }
        return dataSet;
    }

    public static byte[] inflate(byte[] deflated) throws IOException {
        try (InputStream in = new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(deflated),
                new java.util.zip.Inflater(true))) {
            return in.readAllBytes();
        }
    }

    /** The data set bytes of a file exactly as in the file. */
    public static byte[] fileDataSet(Path file) throws IOException {
        DicomFiles.Info info = DicomFiles.inspect(file);
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, (int) info.dataSetOffset(), all.length);
    }
}
