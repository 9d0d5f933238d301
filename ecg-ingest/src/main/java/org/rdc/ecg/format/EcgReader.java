package org.rdc.ecg.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.aecg.AecgDecoder;
import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import org.rdc.ecg.format.muse.MuseXmlDecoder;
import org.rdc.ecg.format.scp.ScpEcgDecoder;
import org.rdc.ecg.format.sierra.SierraXmlDecoder;
import org.rdc.ecg.model.EcgRecord;

/**
 * Entry point for intake: bytes in, one {@link EcgRecord} out, the format recognised from the
 * content. Immutable; {@link #with(EcgDecoder)} adds a decoder (e.g. DICOM waveforms).
 */
public final class EcgReader {

    /** A resting 12-lead ECG is well under 1 MB in any format; 32 MB leaves room for long rhythms. */
    public static final int DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

    private final List<EcgDecoder> decoders;
    private final int maxBytes;

    private EcgReader(List<EcgDecoder> decoders, int maxBytes) {
        this.decoders = List.copyOf(decoders);
        this.maxBytes = maxBytes;
    }

    /** DICOM ECG waveforms, HL7 aECG, SCP-ECG, Philips Sierra XML and GE MUSE XML. */
    public static EcgReader standard() {
        return new EcgReader(List.of(new DicomWaveformDecoder(), new ScpEcgDecoder(), new AecgDecoder(),
                new SierraXmlDecoder(), new MuseXmlDecoder()), DEFAULT_MAX_BYTES);
    }

    public EcgReader with(EcgDecoder decoder) {
        List<EcgDecoder> all = new ArrayList<>(decoders);
        all.add(decoder);
        return new EcgReader(all, maxBytes);
    }

    public EcgReader withMaxBytes(int limit) {
        return new EcgReader(decoders, limit);
    }

    public int maxBytes() {
        return maxBytes;
    }

    public EcgRecord read(byte[] content) throws EcgFormatException {
        if (content.length > maxBytes) {
            throw new EcgFormatException(EcgFormatException.Kind.TOO_LARGE, "ECG content is " + content.length + " bytes, over the limit of "
                    + maxBytes + " bytes");
        }
        return read(new EcgContent(content));
    }

    /** Reads at most the byte limit; the stream is not closed. */
    public EcgRecord read(InputStream in) throws EcgFormatException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new EcgFormatException(EcgFormatException.Kind.TOO_LARGE, "ECG content exceeds the limit of " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
        return read(out.toByteArray());
    }

    public EcgRecord read(EcgContent content) throws EcgFormatException {
        if (content.length() == 0) {
            throw new EcgFormatException("ECG content is empty");
        }
        for (EcgDecoder d : decoders) {
            if (d.accepts(content)) {
                return d.decode(content);
            }
        }
        String seen = content.xmlRootName().map(r -> "XML with root element <" + r + ">")
                .orElse("content starting with bytes " + content.describePrefix());
        throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, "unsupported ECG format: " + seen + " is none of "
                + decoders.stream().map(d -> d.format().displayName()).toList());
    }
}
