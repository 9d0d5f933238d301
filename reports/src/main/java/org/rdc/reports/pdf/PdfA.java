package org.rdc.reports.pdf;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.GregorianCalendar;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;

/**
 * What makes the document PDF/A-2b (ISO 19005-2:2011) beyond embedded fonts and no transparency:
 * the XMP metadata stream with the pdfaid identification (§6.6.2.1) and the same values as the
 * document information dictionary (§6.6.2.3.1), and an sRGB output intent (§6.2.3) so the
 * DeviceRGB colours used are defined. The sRGB profile is the JDK's own.
 */
final class PdfA {

    static final int PART = 2;
    static final String CONFORMANCE = "B";
    static final String PRODUCER = "RDC reports (Apache PDFBox)";

    private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    private PdfA() {
    }

    static void apply(PDDocument doc, String title, OffsetDateTime created, String identifier) throws IOException {
        GregorianCalendar calendar = GregorianCalendar.from(created.toZonedDateTime());
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(title);
        info.setCreator(PRODUCER);
        info.setProducer(PRODUCER);
        info.setCreationDate(calendar);
        info.setModificationDate(calendar);

        PDDocumentCatalog catalog = doc.getDocumentCatalog();
        catalog.setLanguage("zh-CN");
        PDMetadata metadata = new PDMetadata(doc);
        try (OutputStream out = metadata.getCOSObject().createOutputStream()) {
            out.write(xmp(title, created, identifier).getBytes(StandardCharsets.UTF_8));
        }
        metadata.getCOSObject().setItem(COSName.TYPE, COSName.METADATA);
        metadata.getCOSObject().setItem(COSName.SUBTYPE, COSName.getPDFName("XML"));
        catalog.setMetadata(metadata);

        PDOutputIntent intent = new PDOutputIntent(doc, new ByteArrayInputStream(SRGB));
        intent.setInfo("sRGB IEC61966-2.1");
        intent.setOutputCondition("sRGB IEC61966-2.1");
        intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
        intent.setRegistryName("http://www.color.org");
        catalog.addOutputIntent(intent);
    }

    /** XMP (ISO 16684-1) in the form ISO 19005-2 §6.6.2.1 requires: no packet padding rules, UTF-8. */
    static String xmp(String title, OffsetDateTime created, String identifier) {
        String date = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(created.withNano(0));
        StringBuilder s = new StringBuilder();
        s.append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
                .append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
                .append("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
                .append("<rdf:Description rdf:about=\"\"\n")
                .append("  xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n")
                .append("  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n")
                .append("  xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n")
                .append("  xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n")
                .append("<pdfaid:part>").append(PART).append("</pdfaid:part>\n")
                .append("<pdfaid:conformance>").append(CONFORMANCE).append("</pdfaid:conformance>\n")
                .append("<dc:format>application/pdf</dc:format>\n")
                .append("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">").append(escape(title))
                .append("</rdf:li></rdf:Alt></dc:title>\n");
        if (identifier != null) {
            s.append("<dc:identifier>").append(escape(identifier)).append("</dc:identifier>\n");
        }
        s.append("<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li></rdf:Bag></dc:language>\n")
                .append("<xmp:CreatorTool>").append(PRODUCER).append("</xmp:CreatorTool>\n")
                .append("<xmp:CreateDate>").append(date).append("</xmp:CreateDate>\n")
                .append("<xmp:ModifyDate>").append(date).append("</xmp:ModifyDate>\n")
                .append("<pdf:Producer>").append(PRODUCER).append("</pdf:Producer>\n")
                .append("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
        return s.toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    // XML 1.0 has no place for most control characters.
                    if (c >= 0x20 || c == '\t' || c == '\n') {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }
}
