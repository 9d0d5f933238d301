package org.rdc.gateway.scp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.dictionary.ElementDictionary;
import org.rdc.dicom.dictionary.DictionaryEntry;
import org.rdc.dicom.encoding.SpecificCharacterSet;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.ElementHeader;
import org.rdc.dicom.parser.Token;
import org.rdc.gateway.dimse.DataSetTooLargeException;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StoredInstance;
import org.rdc.storage.catalog.InstanceAttributes;

/**
 * Receives one instance into storage as its bytes arrive, whatever carries them (C-STORE data PDVs or a
 * STOW-RS part): writes the Part 10 preamble and a File Meta Information group (PS3.10 7.1) made for it,
 * then every byte of the data set exactly as received, while a {@link DataSetParser} walks the same bytes
 * to check the structure to the end and to pick up the header attributes the catalog needs. Memory is
 * bounded: only short top-level text values of the attributes below are kept, nothing else is loaded.
 */
public final class InstanceReceiver {

    /** Top-level attributes the catalog records (all short text). */
    private static final Set<Integer> WANTED = Set.of(Tag.SpecificCharacterSet, Tag.SOPClassUID, Tag.SOPInstanceUID,
            0x00080020, 0x00080030, 0x00080050, 0x00080060, 0x00081030, 0x0008103E, Tag.PatientName, Tag.PatientID,
            0x00100021, 0x00100030, 0x00100040, 0x00180015, Tag.StudyInstanceUID, Tag.SeriesInstanceUID, 0x00200011,
            0x00200013, Tag.StudyPriorityID, Tag.RequestedProcedurePriority);
    private static final int MAX_WANTED_VALUE = 1024;

    private InstanceReceiver() {
    }

    /** Where the bytes came from. */
    public record Source(String facilityId, String sourceAeTitle, SpecificCharacterSet fallbackCharacterSet) {
    }

    /** The data set failed the structure check or lacks what the catalog needs: C-STORE status 0xC000 / A900. */
    public static final class InvalidDataSetException extends IOException {
        private final boolean mismatch;

        public InvalidDataSetException(String message, boolean mismatch) {
            super(message);
            this.mismatch = mismatch;
        }

        /** True when the data set does not match the SOP class/instance the request named (A900). */
        public boolean mismatch() {
            return mismatch;
        }
    }

    /**
     * Writes the Part 10 header into {@code out}: preamble, "DICM", File Meta Information with the given
     * transfer syntax, SOP class and instance, our implementation UID and the source AE title.
     */
    public static void writeHeader(OutputStream out, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                   String sourceAeTitle) throws IOException {
        DataSet meta = new DataSet();
        meta.put(new DataElement(Tag.FileMetaInformationGroupLength, VR.UL, new byte[4]));
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntaxUid);
        meta.setString(Tag.ImplementationClassUID, VR.UI, Part10Writer.IMPLEMENTATION_CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, Part10Writer.IMPLEMENTATION_VERSION_NAME);
        if (sourceAeTitle != null && !sourceAeTitle.isBlank()) {
            meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, sourceAeTitle);
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream(512);
        header.write(new byte[128]);
        header.write(new byte[] {'D', 'I', 'C', 'M'});
        new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(meta, header);
        header.writeTo(out);
    }

    /**
     * Parses the data set from {@code data} to its end. {@code data} must already copy every byte it
     * delivers or skips into the storage writer (see {@code DimseChannel.DataInput}); the parser's reads
     * decide nothing about what is stored. Returns the header attributes.
     *
     * @param expectedSopClass    the SOP class the request named, checked against the data set when it has one
     * @param expectedSopInstance the SOP instance the request named (C-STORE), or null (STOW-RS)
     */
    public static DataSet parse(InputStream data, TransferSyntax ts, long maxInflatedBytes,
                                SpecificCharacterSet fallback) throws IOException {
        InputStream in = ts.deflated()
                ? new LimitedInputStream(new InflaterInputStream(data, new Inflater(true), 16 * 1024), maxInflatedBytes)
                : data;
        DataSetParser parser = new DataSetParser(in, ts, 0, -1);
        DataSet header = new DataSet();
        header.setFallbackCharacterSet(fallback);
        int topLevelSequence = 0;
        byte[] requestedPriority = null;
        for (Token t = parser.next(); t != null; t = parser.next()) {
            if (t == Token.SEQUENCE_START && parser.depth() == 1) {
                topLevelSequence = parser.header().tag();
            } else if (t == Token.ELEMENT && parser.depth() == 0) {
                ElementHeader h = parser.header();
                if (WANTED.contains(h.tag()) && h.length() >= 0 && h.length() <= MAX_WANTED_VALUE) {
                    VR vr = h.vr() != null ? h.vr() : dictionaryVr(h.tag());
                    header.put(new DataElement(h.tag(), vr, parser.readValue()));
                }
            } else if (t == Token.ELEMENT && parser.depth() == 2 && topLevelSequence == Tag.RequestAttributesSequence
                    && parser.header().tag() == Tag.RequestedProcedurePriority && requestedPriority == null
                    && parser.header().length() >= 0 && parser.header().length() <= MAX_WANTED_VALUE) {
                // a modality that took the order from its worklist may carry the request's priority here instead (PS3.3 C.7.3.1)
                requestedPriority = parser.readValue();
            }
        }
        if (header.get(Tag.RequestedProcedurePriority) == null && requestedPriority != null) {
            header.put(new DataElement(Tag.RequestedProcedurePriority, VR.SH, requestedPriority));
        }
        return header;
    }

    private static VR dictionaryVr(int tag) {
        DictionaryEntry e = ElementDictionary.lookup(tag);
        return e == null ? VR.LO : e.vr();
    }

    /** Builds what the catalog records from the parsed header; missing UIDs fail here. */
    public static InstanceAttributes attributes(DataSet h, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                                Source source) throws InvalidDataSetException {
        String dsClass = h.getString(Tag.SOPClassUID);
        String dsInstance = h.getString(Tag.SOPInstanceUID);
        if (dsInstance != null && sopInstanceUid != null && !dsInstance.equals(sopInstanceUid)) {
            throw new InvalidDataSetException("SOP Instance UID in the data set (" + dsInstance
                    + ") differs from the request's (" + sopInstanceUid + ")", true);
        }
        if (dsClass != null && sopClassUid != null && !dsClass.equals(sopClassUid)) {
            throw new InvalidDataSetException("SOP Class UID in the data set (" + dsClass + ") differs from the request's ("
                    + sopClassUid + ")", true);
        }
        try {
            return new InstanceAttributes(h.getString(Tag.PatientID), h.getString(0x00100021), personName(h),
                    h.getString(0x00100040), date(h.getString(0x00100030)), h.getString(Tag.StudyInstanceUID),
                    h.getString(0x00080050), date(h.getString(0x00080020)), h.getString(0x00080030),
                    h.getString(0x00081030), h.getString(Tag.SeriesInstanceUID), h.getString(0x00080060),
                    h.getString(0x00180015), integer(h, 0x00200011), h.getString(0x0008103E),
                    sopClassUid != null ? sopClassUid : dsClass, sopInstanceUid != null ? sopInstanceUid : dsInstance,
                    integer(h, 0x00200013), transferSyntaxUid, source.facilityId(), source.sourceAeTitle(),
                    requestedPriority(h));
        } catch (org.rdc.storage.StorageException e) {
            throw new InvalidDataSetException(e.getMessage(), false);
        }
    }

    /** Requested Procedure Priority (0040,1003), else the retired Study Priority ID (0032,000C), as the sender wrote it. */
    private static String requestedPriority(DataSet h) {
        String p = h.getString(Tag.RequestedProcedurePriority);
        return p != null && !p.isBlank() ? p : h.getString(Tag.StudyPriorityID);
    }

    private static String personName(DataSet h) {
        DataElement e = h.get(Tag.PatientName);
        if (e == null || e.bytes() == null || e.bytes().length == 0) {
            return null;
        }
        // the whole value, decoded first (all component groups: alphabetic=ideographic=phonetic)
        String v = h.decode(e.bytes(), VR.PN).trim();
        return v.isEmpty() ? null : (v.length() > 400 ? v.substring(0, 400) : v);
    }

    private static LocalDate date(String s) {
        if (s == null || s.length() < 8) {
            return null;
        }
        try {
            return LocalDate.parse(s.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Integer integer(DataSet h, int tag) {
        String s = h.getString(tag);
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The C-STORE status (PS3.4 B.2.3), and STOW-RS Failure Reason (PS3.18 10.5.3), for an instance storage did not
     * take: A700 "Refused: Out of resources" when it may be sent again later; 0124H "Refused: Not authorized" (a PS3.7
     * C.5 general status) for UIDs of another facility's data; C000 "Error: Cannot understand" for anything else,
     * such as a series or instance that contradicts what its facility stored (the reason goes in the comment).
     */
    public static int failureStatus(org.rdc.storage.StorageException e) {
        return switch (e.kind()) {
            case OUT_OF_RESOURCES, UNAVAILABLE -> Dimse.OUT_OF_RESOURCES;
            case OTHER_FACILITY -> Dimse.NOT_AUTHORIZED;
            default -> Dimse.CANNOT_UNDERSTAND;
        };
    }

    /** Receives one instance from {@code data} into {@code store}: header, data set, parse, commit. */
    public static StoredInstance receive(InstanceStore.Incoming incoming, InputStream data, String sopClassUid,
                                         String sopInstanceUid, String transferSyntaxUid, long maxInflatedBytes,
                                         Source source) throws IOException {
        DataSet header = parse(data, TransferSyntax.of(transferSyntaxUid), maxInflatedBytes, source.fallbackCharacterSet());
        InstanceAttributes a = attributes(header, sopClassUid, sopInstanceUid, transferSyntaxUid, source);
        return incoming.commit(a);
    }

    /** Stops a stream at a byte budget (inflated size of a deflated data set). */
    static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private long left;
        private final long limit;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                if (in.read() < 0) {
                    return -1;
                }
                throw new DataSetTooLargeException("deflated data set inflates to more than " + limit + " bytes");
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(n, 16 * 1024)];
            int r = read(scratch, 0, scratch.length);
            return Math.max(r, 0);
        }
    }
}
