package org.rdc.ecg.format;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.rdc.ecg.model.SourceRef;

/**
 * The uploaded bytes plus what decoders look at to recognise their format: the XML root element
 * for the XML formats, the raw prefix for binary ones. Formats are recognised from content only;
 * file names lie.
 */
public final class EcgContent {

    private final byte[] bytes;
    private final SourceRef source;
    private Optional<String> xmlRoot;

    public EcgContent(byte[] bytes) {
        this.bytes = bytes;
        this.source = new SourceRef(sha256(bytes), bytes.length);
    }

    public byte[] bytes() {
        return bytes;
    }

    public SourceRef source() {
        return source;
    }

    public int length() {
        return bytes.length;
    }

    /**
     * Local name of the root element when the content is XML, found by streaming only up to it.
     * DTD processing is off, so even a hostile document is only looked at, never expanded.
     */
    public Optional<String> xmlRootName() {
        if (xmlRoot == null) {
            xmlRoot = looksLikeXml() ? readRootName() : Optional.empty();
        }
        return xmlRoot;
    }

    /** A short printable description of the first bytes, for "unsupported content" errors. */
    public String describePrefix() {
        int n = Math.min(16, bytes.length);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", bytes[i] & 0xff));
        }
        return sb.toString();
    }

    private boolean looksLikeXml() {
        int i = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            i = 3;
        } else if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE
                || (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF)) {
            return true;
        }
        for (; i < bytes.length && i < 1024; i++) {
            byte b = bytes[i];
            if (b == '<') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0) {
                return false;
            }
        }
        return false;
    }

    private Optional<String> readRootName() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(new ByteArrayInputStream(bytes));
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT) {
                    return Optional.of(r.getLocalName());
                }
            }
            return Optional.empty();
        } catch (XMLStreamException | RuntimeException e) {
            return Optional.empty();
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release for an in-memory stream
                }
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "EcgContent[" + bytes.length + " bytes, " + new String(bytes, 0, Math.min(8, bytes.length),
                StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".") + "...]";
    }
}
