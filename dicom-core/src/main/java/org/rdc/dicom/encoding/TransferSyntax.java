package org.rdc.dicom.encoding;

import java.util.Map;
import org.rdc.dicom.dictionary.UidDictionary;

/**
 * A transfer syntax (PS3.5 section 10 and Annex A): how a data set is encoded. Only three
 * properties change the data set encoding itself (VR explicit or implicit, byte order, deflate);
 * every other syntax is explicit VR little endian with encapsulated pixel data (PS3.5 A.4), so an
 * unknown UID is read as such.
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian, boolean deflated,
                             boolean encapsulated) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false);

    private static final Map<String, TransferSyntax> NATIVE = Map.of(
            IMPLICIT_VR_LITTLE_ENDIAN.uid, IMPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_LITTLE_ENDIAN.uid, EXPLICIT_VR_LITTLE_ENDIAN,
            DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_BIG_ENDIAN.uid, EXPLICIT_VR_BIG_ENDIAN);

    public static final TransferSyntax JPEG_BASELINE = encapsulated("1.2.840.10008.1.2.4.50");
    public static final TransferSyntax JPEG_EXTENDED = encapsulated("1.2.840.10008.1.2.4.51");
    public static final TransferSyntax JPEG_LOSSLESS_SV1 = encapsulated("1.2.840.10008.1.2.4.70");
    public static final TransferSyntax JPEG_LS_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.80");
    public static final TransferSyntax JPEG_2000_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.90");
    public static final TransferSyntax JPEG_2000 = encapsulated("1.2.840.10008.1.2.4.91");
    public static final TransferSyntax RLE_LOSSLESS = encapsulated("1.2.840.10008.1.2.5");
    public static final TransferSyntax HTJ2K = encapsulated("1.2.840.10008.1.2.4.203");

    private static TransferSyntax encapsulated(String uid) {
        return new TransferSyntax(uid, UidDictionary.nameOf(uid), true, false, false, true);
    }

    /** The syntax for a UID; UIDs other than the four native ones are encapsulated explicit VR LE. */
    public static TransferSyntax of(String uid) {
        String trimmed = uid.trim();
        TransferSyntax known = NATIVE.get(trimmed);
        return known != null ? known : encapsulated(trimmed);
    }
}
