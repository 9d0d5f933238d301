package org.rdc.dicom.file;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetWriter;

/**
 * Writes DICOM files (PS3.10 section 7.1): 128-byte preamble, "DICM", File Meta Information in
 * explicit VR little endian with a correct group length, and the data set.
 */
public final class Part10Writer {

    /** Identifies this implementation in (0002,0012), a UID under 2.25 derived once from a fixed UUID. */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.235225377046431236213227498402370207047";
    public static final String IMPLEMENTATION_VERSION_NAME = "RDC_DICOM_0.1";

    private Part10Writer() {
    }

    /** Writes a new file for a data set, with meta information made from its SOP Class and Instance UIDs. */
    public static void write(Path path, DataSet dataSet, TransferSyntax syntax) throws IOException {
        write(path, new DicomFile(null, createMeta(dataSet, syntax), dataSet, syntax));
    }

    public static void write(Path path, DicomFile file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024)) {
            write(out, file);
        }
    }

    /**
     * Writes preamble, meta information and data set. The meta information of {@code file} is written
     * as given (its group length recomputed), with (0002,0010) set to {@code file.transferSyntax()}.
     */
    public static void write(OutputStream out, DicomFile file) throws IOException {
        DataSet meta = file.meta() != null ? file.meta() : createMeta(file.dataSet(), file.transferSyntax());
        meta.setString(Tag.TransferSyntaxUID, VR.UI, file.transferSyntax().uid());
        writeFileHeader(out, file.preamble(), meta);
        new DataSetWriter(file.transferSyntax()).write(file.dataSet(), out);
        out.flush();
    }

    /**
     * Writes preamble, "DICM" and the meta information only. A data set received as bytes (a C-STORE)
     * can then be copied after it unchanged, which makes a valid file without decoding the data set;
     * {@link #createMeta(String, String, TransferSyntax)} gives the meta information for it.
     *
     * @param preamble 128 bytes, or {@code null} for zeros
     */
    public static void writeFileHeader(OutputStream out, byte[] preamble, DataSet meta) throws IOException {
        if (!meta.contains(Tag.FileMetaInformationGroupLength)) {
            meta.put(new DataElement(Tag.FileMetaInformationGroupLength, VR.UL, new byte[4]));
        }
        out.write(preamble != null ? preamble : new byte[128]);
        out.write(new byte[] {'D', 'I', 'C', 'M'});
        new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(meta, out);
    }

    /** File Meta Information for a data set (PS3.10 Table 7.1-1). */
    public static DataSet createMeta(DataSet dataSet, TransferSyntax syntax) {
        return createMeta(nullToEmpty(dataSet.getString(Tag.SOPClassUID)),
                nullToEmpty(dataSet.getString(Tag.SOPInstanceUID)), syntax);
    }

    /** File Meta Information for an instance known by its UIDs, e.g. from the C-STORE request (PS3.10 Table 7.1-1). */
    public static DataSet createMeta(String sopClassUid, String sopInstanceUid, TransferSyntax syntax) {
        DataSet meta = new DataSet();
        meta.put(new DataElement(Tag.FileMetaInformationGroupLength, VR.UL, new byte[4]));
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, syntax.uid());
        meta.setString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME);
        return meta;
    }

    /** The file as bytes, for tests and small objects. */
    public static byte[] toBytes(DicomFile file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, file);
        return out.toByteArray();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
