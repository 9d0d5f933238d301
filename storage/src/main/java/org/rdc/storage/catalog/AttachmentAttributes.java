package org.rdc.storage.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.rdc.dicom.uid.Uids;
import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;

/**
 * What the catalog records about a file attached to a study: its kind (e.g. ECG_ORIGINAL,
 * ECG_ANALYSIS, ECG_RENDER), a name and a content type. Travels through the spool with the bytes,
 * like {@link InstanceAttributes}, whose spool format it shares the first byte with.
 */
public record AttachmentAttributes(String studyInstanceUid, String kind, String name, String contentType,
                                   String facilityId) {

    /** First byte of the spool descriptor; instances use {@link InstanceAttributes#FORMAT}. */
    static final int FORMAT = 2;

    public AttachmentAttributes {
        if (!Uids.isValid(studyInstanceUid)) {
            throw new StorageException(Kind.INVALID, "attachment needs a valid Study Instance UID, got '" + studyInstanceUid + "'");
        }
        if (kind == null || !kind.matches("[A-Z][A-Z0-9_]{0,31}")) {
            throw new StorageException(Kind.INVALID, "attachment kind must be an upper-case word of at most 32 characters, got '" + kind + "'");
        }
        if (contentType == null || contentType.isBlank() || contentType.length() > 100) {
            throw new StorageException(Kind.INVALID, "attachment needs a content type of at most 100 characters");
        }
        if (name != null && name.length() > 255) {
            throw new StorageException(Kind.INVALID, "attachment name longer than 255 characters");
        }
    }

    /** Content-addressed, like instances: the same bytes share a key, nothing is ever overwritten. */
    public String objectKey(String sha256) {
        return "attachments/" + studyInstanceUid + "/" + kind.toLowerCase(java.util.Locale.ROOT) + "/" + sha256;
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            for (String v : new String[] {studyInstanceUid, kind, name, contentType, facilityId}) {
                out.writeBoolean(v != null);
                if (v != null) {
                    out.writeUTF(v);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AttachmentAttributes fromBytes(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new StorageException(Kind.INVALID, "not an attachment descriptor (format " + format + ")");
            }
            String[] v = new String[5];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readBoolean() ? in.readUTF() : null;
            }
            return new AttachmentAttributes(v[0], v[1], v[2], v[3], v[4]);
        } catch (IOException e) {
            throw new StorageException(Kind.INVALID, "corrupt attachment descriptor: " + e, e);
        }
    }

    /** Which kind of spool descriptor this is: instance or attachment. */
    public static boolean isAttachment(byte[] descriptor) {
        return descriptor.length > 0 && (descriptor[0] & 0xff) == FORMAT;
    }
}
