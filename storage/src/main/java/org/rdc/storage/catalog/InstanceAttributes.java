package org.rdc.storage.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import org.rdc.dicom.uid.Uids;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;

/**
 * What the catalog records about one received instance: the header attributes a reading
 * workflow needs, already decoded to Unicode, and where it came from. Travels with the bytes
 * through the spool so a restart can rebuild the catalog row.
 *
 * <p>{@code requestedPriority} is the sender's marking as received: Requested Procedure Priority
 * (0040,1003), at top level or in the Request Attributes Sequence (0040,0275), else the retired
 * Study Priority ID (0032,000C). The worklist maps it to a reading priority.
 *
 * <p>{@code issuerOfPatientId} is the Issuer of Patient ID (0010,0021) as sent, or the issuer the
 * sending facility is configured with; {@code residentId} is the 居民身份证号 exactly as found where
 * the facility's devices put it (not yet checked: the catalog checks it, see {@link ResidentIdNumber}),
 * or null.
 */
public record InstanceAttributes(
        String patientId,
        String issuerOfPatientId,
        String patientName,
        String patientSex,
        LocalDate patientBirthDate,
        String studyInstanceUid,
        String accessionNumber,
        LocalDate studyDate,
        String studyTime,
        String studyDescription,
        String seriesInstanceUid,
        String modality,
        String bodyPartExamined,
        Integer seriesNumber,
        String seriesDescription,
        String sopClassUid,
        String sopInstanceUid,
        Integer instanceNumber,
        String transferSyntaxUid,
        String facilityId,
        String sourceAeTitle,
        String requestedPriority,
        String residentId) {

    /**
     * First byte of the spool descriptor. 1: the first 21 fields, still read after an upgrade; 2 is an
     * attachment ({@link AttachmentAttributes#FORMAT}); 3: adds requestedPriority; 4: adds residentId.
     */
    static final int FORMAT = 4;

    /** Without an alliance identity. */
    public InstanceAttributes(String patientId, String issuerOfPatientId, String patientName, String patientSex,
                              LocalDate patientBirthDate, String studyInstanceUid, String accessionNumber, LocalDate studyDate,
                              String studyTime, String studyDescription, String seriesInstanceUid, String modality,
                              String bodyPartExamined, Integer seriesNumber, String seriesDescription, String sopClassUid,
                              String sopInstanceUid, Integer instanceNumber, String transferSyntaxUid, String facilityId,
                              String sourceAeTitle, String requestedPriority) {
        this(patientId, issuerOfPatientId, patientName, patientSex, patientBirthDate, studyInstanceUid, accessionNumber,
                studyDate, studyTime, studyDescription, seriesInstanceUid, modality, bodyPartExamined, seriesNumber,
                seriesDescription, sopClassUid, sopInstanceUid, instanceNumber, transferSyntaxUid, facilityId, sourceAeTitle,
                requestedPriority, null);
    }

    public InstanceAttributes {
        requireUid("Study Instance UID (0020,000D)", studyInstanceUid);
        requireUid("Series Instance UID (0020,000E)", seriesInstanceUid);
        requireUid("SOP Instance UID (0008,0018)", sopInstanceUid);
        requireUid("SOP Class UID (0008,0016)", sopClassUid);
        if (requestedPriority != null) {
            requestedPriority = requestedPriority.strip();
            requestedPriority = requestedPriority.isEmpty() ? null
                    : requestedPriority.substring(0, Math.min(requestedPriority.length(), MAX_PRIORITY_LENGTH));
        }
    }

    /** SH and CS hold 16 characters; a careless sender's longer value is kept up to the column's 64, then cut, never refused. */
    static final int MAX_PRIORITY_LENGTH = 64;

    private static void requireUid(String name, String uid) {
        if (uid == null || uid.isBlank()) {
            throw new StorageException(Kind.INVALID, name + " is missing");
        }
        if (!Uids.isValid(uid)) {
            throw new StorageException(Kind.INVALID, name + " is not a valid UID: '" + uid + "'");
        }
    }

    /** The object key: content-addressed, so identical bytes share a key and a new version never overwrites an old one. */
    public String objectKey(String sha256) {
        return "dicom/" + studyInstanceUid + "/" + seriesInstanceUid + "/" + sopInstanceUid + "/" + sha256 + ".dcm";
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            for (Object v : new Object[] {patientId, issuerOfPatientId, patientName, patientSex, patientBirthDate,
                    studyInstanceUid, accessionNumber, studyDate, studyTime, studyDescription, seriesInstanceUid, modality,
                    bodyPartExamined, seriesNumber, seriesDescription, sopClassUid, sopInstanceUid, instanceNumber,
                    transferSyntaxUid, facilityId, sourceAeTitle, requestedPriority, residentId}) {
                out.writeBoolean(v != null);
                if (v != null) {
                    out.writeUTF(v.toString());
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static InstanceAttributes fromBytes(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            int format = in.readUnsignedByte();
            int fields = switch (format) {
                case 1 -> 21;
                case 3 -> 22;
                case FORMAT -> 23;
                default -> throw new StorageException(Kind.INVALID, "unknown instance attribute format " + format);
            };
            String[] v = new String[23];
            for (int i = 0; i < fields; i++) {
                v[i] = in.readBoolean() ? in.readUTF() : null;
            }
            return new InstanceAttributes(v[0], v[1], v[2], v[3], date(v[4]), v[5], v[6], date(v[7]), v[8], v[9], v[10],
                    v[11], v[12], integer(v[13]), v[14], v[15], v[16], integer(v[17]), v[18], v[19], v[20], v[21], v[22]);
        } catch (IOException e) {
            throw new StorageException(Kind.INVALID, "corrupt instance attributes: " + e, e);
        }
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    private static Integer integer(String s) {
        return s == null ? null : Integer.valueOf(s);
    }
}
