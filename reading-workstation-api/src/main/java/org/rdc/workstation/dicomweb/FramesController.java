package org.rdc.workstation.dicomweb;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.pixel.ImagePixel;
import org.rdc.dicom.pixel.RleDecoder;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Choice;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Packaging;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * WADO-RS frames (PS3.18 §10.4.1.1.3, §8.7.3.5.2): {@code multipart/related} with one part per frame
 * of the list, in the order asked, each part's Content-Type naming its transfer syntax. Native frames are
 * streamed from the stored bytes; big endian and RLE frames are converted one frame at a time.
 */
@RestController
@RequestMapping("/dicomweb")
public class FramesController {

    private final DicomWebInstances instances;
    private final InstancePixels pixels;

    public FramesController(DicomWebInstances instances, InstancePixels pixels) {
        this.instances = instances;
        this.pixels = pixels;
    }

    @GetMapping("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}")
    public void frames(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                       @PathVariable String frames, @RequestHeader(value = "Accept", required = false) String accept,
                       HttpServletResponse response) throws IOException {
        List<Integer> numbers = InstancePixels.frameList(frames);
        CatalogScope scope = instances.scope();
        try (InstancePixels.Opened opened = pixels.open(instances.instance(scope, study, series, instance))) {
            numbers.forEach(opened::checkFrame);
            TransferSyntax stored = opened.located().syntax();
            Choice choice = AcceptNegotiation.negotiate(accept, Packaging.MULTIPART, FrameMediaTypes.offers(stored),
                    "frames of instance " + instance + " (stored as " + stored.uid() + ")");
            boolean decode = FrameMediaTypes.EXPLICIT_LE.equals(choice.transferSyntax()) && !stored.uid().equals(choice.transferSyntax());
            String boundary = UUID.randomUUID().toString();
            response.setContentType(choice.contentType(boundary));
            OutputStream out = response.getOutputStream();
            for (int n : numbers) {
                out.write(("--" + boundary + "\r\nContent-Type: " + choice.partContentType() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (decode) {
                    out.write(littleEndian(opened.read(n), opened.frames().pixel(), stored));
                } else {
                    opened.copy(n, out);
                }
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A stored frame as Explicit VR Little Endian pixel data would hold it (PS3.5 8.2 / Annex G). */
    static byte[] littleEndian(byte[] frame, ImagePixel pixel, TransferSyntax stored) throws IOException {
        if (stored.uid().equals(TransferSyntax.RLE_LOSSLESS.uid())) {
            byte[] interleaved = RleDecoder.decode(frame, pixel);
            return pixel.planarConfiguration() == 1 && pixel.samplesPerPixel() > 1 ? planar(interleaved, pixel) : interleaved;
        }
        if (stored.bigEndian() && pixel.bitsAllocated() > 8) {
            int unit = pixel.bitsAllocated() / 8;
            for (int i = 0; i + unit <= frame.length; i += unit) {
                for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                    byte t = frame[a];
                    frame[a] = frame[b];
                    frame[b] = t;
                }
            }
        }
        return frame;
    }

    /** Colour by plane (Planar Configuration 1, PS3.3 C.7.6.3.1.3), as the instance's attributes then say. */
    private static byte[] planar(byte[] interleaved, ImagePixel pixel) {
        int unit = (pixel.bitsAllocated() + 7) / 8;
        int samples = pixel.samplesPerPixel();
        int count = pixel.rows() * pixel.columns();
        byte[] out = new byte[interleaved.length];
        for (int i = 0; i < count; i++) {
            for (int s = 0; s < samples; s++) {
                System.arraycopy(interleaved, (i * samples + s) * unit, out, (s * count + i) * unit, unit);
            }
        }
        return out;
    }
}
