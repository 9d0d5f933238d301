package org.rdc.gateway.scu;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;

/** What a sender needs to know about a DICOM file: SOP class/instance, transfer syntax, where the data set starts. */
public final class DicomFiles {

    private DicomFiles() {
    }

    public record Info(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, long dataSetOffset) {
    }

    /** Reads the File Meta Information (PS3.10 7.1), or the data set itself when a file has none. */
    public static Info inspect(Path file) throws IOException {
        long length = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            Part10Reader.Part10Stream s = new Part10Reader().open(in, length);
            DataSet meta = s.meta();
            String ts = s.transferSyntax().uid();
            String cls = meta == null ? null : meta.getString(Tag.MediaStorageSOPClassUID);
            String inst = meta == null ? null : meta.getString(Tag.MediaStorageSOPInstanceUID);
            long offset = s.transferSyntax().deflated() ? metaEnd(file) : s.parser().position();
            // The data set's own UIDs win over the meta information's (they should agree; when they do not,
            // a receiver checks the request against the data set).
            DataSet ds = new DataSetReader().withoutBulkData().stopBefore(0x00080019).read(s.parser());
            cls = ds.getString(Tag.SOPClassUID) != null ? ds.getString(Tag.SOPClassUID) : cls;
            inst = ds.getString(Tag.SOPInstanceUID) != null ? ds.getString(Tag.SOPInstanceUID) : inst;
            if (cls == null || inst == null) {
                throw new IOException(file + ": no SOP Class UID or SOP Instance UID");
            }
            return new Info(cls, inst, ts, offset);
        }
    }

    /** End of the meta group from its group length (the deflated syntax hides the parser's file position). */
    private static long metaEnd(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(144);
            ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            if (head.length < 144 || b.getShort(132) != 2 || b.getShort(134) != 0) {
                throw new IOException(file + ": deflated file without (0002,0000) group length");
            }
            return 144 + (b.getInt(140) & 0xFFFFFFFFL);
        }
    }

    /** The data set bytes exactly as in the file. */
    public static InputStream dataSetStream(Path file, Info info) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        in.skipNBytes(info.dataSetOffset());
        return in;
    }
}
