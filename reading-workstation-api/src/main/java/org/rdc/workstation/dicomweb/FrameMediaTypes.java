package org.rdc.workstation.dicomweb;

import java.util.ArrayList;
import java.util.List;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Offer;

/**
 * What the frames of an instance can be sent as (PS3.18 §8.7.3.5.2, Table 8.7.3-2): native frames as
 * {@code application/octet-stream} in Explicit VR Little Endian; compressed frames as stored, under their
 * image media type, and under {@code application/octet-stream} with their transfer syntax for clients
 * that ask {@code transfer-syntax=*} (OHIF); RLE frames also decoded, since that is ours to do.
 */
final class FrameMediaTypes {

    static final String OCTET_STREAM = "application/octet-stream";
    static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();

    private FrameMediaTypes() {
    }

    /** The media type Table 8.7.3-2 gives a compressed syntax, and whether the syntax is that type's default. */
    private record Compressed(String mediaType, boolean byDefault) {
    }

    private static List<Compressed> mediaTypes(String ts) {
        return switch (ts) {
            case "1.2.840.10008.1.2.4.50" -> List.of(new Compressed("image/jpeg", true));
            case "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70" ->
                    List.of(new Compressed("image/jpeg", false));
            case "1.2.840.10008.1.2.4.80" -> List.of(new Compressed("image/jls", true));
            case "1.2.840.10008.1.2.4.81" -> List.of(new Compressed("image/jls", false));
            case "1.2.840.10008.1.2.4.90" -> List.of(new Compressed("image/jp2", true));
            case "1.2.840.10008.1.2.4.91" -> List.of(new Compressed("image/jp2", false));
            case "1.2.840.10008.1.2.4.92" -> List.of(new Compressed("image/jpx", true));
            case "1.2.840.10008.1.2.4.93" -> List.of(new Compressed("image/jpx", false));
            case "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203" ->
                    List.of(new Compressed("image/jphc", ts.equals("1.2.840.10008.1.2.4.201")));
            case "1.2.840.10008.1.2.5" -> List.of(new Compressed("image/dicom-rle", true), new Compressed("image/x-dicom-rle", true));
            default -> List.of();
        };
    }

    /** Whether frames stored in this syntax are sent decoded as little endian octets. */
    static boolean decodable(TransferSyntax ts) {
        return !ts.encapsulated() || ts.uid().equals(TransferSyntax.RLE_LOSSLESS.uid());
    }

    static List<Offer> offers(TransferSyntax stored) {
        List<Offer> offers = new ArrayList<>();
        if (!stored.encapsulated()) {
            offers.add(new Offer(OCTET_STREAM, EXPLICIT_LE, true));
            return offers;
        }
        for (Compressed c : mediaTypes(stored.uid())) {
            offers.add(new Offer(c.mediaType(), stored.uid(), c.byDefault()));
        }
        if (decodable(stored)) {
            offers.add(new Offer(OCTET_STREAM, EXPLICIT_LE, true));
        }
        offers.add(new Offer(OCTET_STREAM, stored.uid(), false));
        return offers;
    }
}
