package org.rdc.ecg.format.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.rdc.ecg.EcgFormatException;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DeclHandler;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses uploaded ECG XML without trusting it.
 *
 * <p>No declaration of any kind is accepted: an element, attribute or entity declaration in a
 * DOCTYPE fails the parse before anything is expanded, which stops XXE and billion-laughs. A bare
 * {@code <!DOCTYPE RestingECG SYSTEM "restecg.dtd">} without an internal subset is tolerated
 * because GE MUSE writes one into every export; the external DTD is never fetched or read. Size is
 * bounded by the caller (the reader's byte limit) and here by element count and depth.
 */
public final class SafeXml {

    static final int MAX_DEPTH = 64;
    static final int MAX_ELEMENTS = 500_000;

    private SafeXml() {
    }

    /**
     * @param what names the document in error messages, e.g. "HL7 aECG"
     */
    public static XmlElement parse(byte[] content, String what) throws EcgFormatException {
        TreeBuilder builder = new TreeBuilder();
        try {
            SAXParser parser = factory().newSAXParser();
            parser.setProperty("http://xml.org/sax/properties/declaration-handler", builder);
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            parser.getXMLReader().setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity or DTD \"" + systemId + "\" refused");
            });
            parser.parse(new InputSource(new ByteArrayInputStream(content)), builder);
        } catch (SAXParseException e) {
            throw new EcgFormatException(what + " document rejected at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new EcgFormatException(what + " document rejected: " + e.getMessage(), e);
        } catch (IOException | ParserConfigurationException e) {
            throw new EcgFormatException(what + " document could not be read: " + e.getMessage(), e);
        }
        if (builder.root == null) {
            throw new EcgFormatException(what + " document has no root element");
        }
        return builder.root;
    }

    private static SAXParserFactory factory() throws ParserConfigurationException, SAXException {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f;
    }

    private static final class TreeBuilder extends DefaultHandler implements DeclHandler {
        private final Deque<XmlElement> open = new ArrayDeque<>();
        private XmlElement root;
        private int count;
        private Locator locator;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (++count > MAX_ELEMENTS) {
                throw fail("more than " + MAX_ELEMENTS + " elements");
            }
            if (open.size() >= MAX_DEPTH) {
                throw fail("elements nested deeper than " + MAX_DEPTH);
            }
            XmlElement e = new XmlElement(localName == null || localName.isEmpty() ? qName : localName,
                    XmlElement.attributes(atts));
            if (open.isEmpty()) {
                root = e;
            } else {
                open.peek().add(e);
            }
            open.push(e);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!open.isEmpty()) {
                open.peek().appendText(ch, start, length);
            }
        }

        @Override
        public void elementDecl(String name, String model) throws SAXException {
            throw fail("DTD declarations are not accepted (element " + name + ")");
        }

        @Override
        public void attributeDecl(String eName, String aName, String type, String mode, String value)
                throws SAXException {
            throw fail("DTD declarations are not accepted (attribute " + eName + "/" + aName + ")");
        }

        @Override
        public void internalEntityDecl(String name, String value) throws SAXException {
            throw fail("entity declarations are not accepted (entity " + name + ")");
        }

        @Override
        public void externalEntityDecl(String name, String publicId, String systemId) throws SAXException {
            throw fail("external entities are not accepted (entity " + name + " -> " + systemId + ")");
        }

        private SAXException fail(String why) {
            return locator == null ? new SAXException(why) : new SAXParseException(why, locator);
        }
    }
}
