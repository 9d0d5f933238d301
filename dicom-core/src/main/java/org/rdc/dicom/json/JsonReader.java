package org.rdc.dicom.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.SpecificCharacterSet;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Fragments;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.PersonName;
import org.rdc.dicom.object.Sequence;
import org.rdc.dicom.object.Values;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.Token;

/**
 * Reads the DICOM JSON model of PS3.18 Annex F.2 into a {@link DataSet}. Text is encoded with the
 * data set's (0008,0005) as it is read. BulkDataURI values are fetched through a caller-supplied
 * {@link BulkDataResolver}. Anything that does not fit the model fails with a {@link DicomParseException}
 * naming the tag.
 */
public final class JsonReader {

    /** Fetches the bytes behind a BulkDataURI (from storage, over HTTP, ...). */
    @FunctionalInterface
    public interface BulkDataResolver {
        byte[] resolve(String uri) throws IOException;
    }

    private static final int ENCAPSULATED_MIN = 16;

    private BulkDataResolver resolver;
    private boolean nonAscii;

    public JsonReader bulkDataResolver(BulkDataResolver resolver) {
        this.resolver = resolver;
        return this;
    }

    /** Reads a JSON object (one data set), or the first data set of a JSON array as QIDO-RS returns them. */
    public DataSet read(String json) throws IOException {
        Object root = Json.parse(json);
        if (root instanceof List<?> list && !list.isEmpty()) {
            root = list.get(0);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new DicomParseException("DICOM JSON must be an object", 0, DicomParseException.NO_TAG);
        }
        DataSet ds = new DataSet();
        // JSON text is Unicode: without a declared (0008,0005) it is stored as UTF-8 and declared so
        ds.setFallbackCharacterSet(SpecificCharacterSet.UTF_8);
        nonAscii = false;
        fill(ds, map);
        if (nonAscii && !ds.contains(Tag.SpecificCharacterSet)) {
            ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        }
        return ds;
    }

    private void fill(DataSet ds, Map<?, ?> map) throws IOException {
        // (0008,0005) first: every other text value is encoded with it
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort((a, b) -> Tag.compare(tagOf(a.getKey()), tagOf(b.getKey())));
        for (Map.Entry<?, ?> entry : entries) {
            int tag = tagOf(entry.getKey());
            if (tag == -1) {
                throw error("member name is not a tag: " + entry.getKey(), DicomParseException.NO_TAG);
            }
            if (!(entry.getValue() instanceof Map<?, ?> attr)) {
                throw error("attribute is not an object", tag);
            }
            element(ds, tag, attr);
        }
    }

    private void element(DataSet ds, int tag, Map<?, ?> attr) throws IOException {
        VR vr = attr.get("vr") instanceof String s ? VR.ofName(s) : null;
        if (vr == null) {
            throw error("missing or unknown vr " + attr.get("vr"), tag);
        }
        Object value = attr.get("Value");
        Object inline = attr.get("InlineBinary");
        Object uri = attr.get("BulkDataURI");
        if (inline != null || uri != null) {
            byte[] bytes = inline != null ? base64(inline, tag) : resolve(uri, tag);
            Fragments fragments = (tag == Tag.PixelData) ? fragments(bytes) : null;
            ds.put(fragments != null ? new DataElement(tag, vr, fragments) : new DataElement(tag, vr, Values.pad(bytes, vr)));
            return;
        }
        if (value == null) {
            if (vr == VR.SQ) {
                ds.newSequence(tag);
            } else {
                ds.put(new DataElement(tag, vr, new byte[0]));
            }
            return;
        }
        if (!(value instanceof List<?> values)) {
            throw error("Value is not an array", tag);
        }
        try {
            switch (vr) {
                case SQ -> {
                    Sequence seq = ds.newSequence(tag);
                    for (Object o : values) {
                        if (!(o instanceof Map<?, ?> itemMap)) {
                            throw error("sequence item is not an object", tag);
                        }
                        Item item = seq.addItem(true);
                        fill(item, itemMap);
                    }
                }
                case PN -> {
                    String[] names = values.stream().map(JsonReader::personName).toArray(String[]::new);
                    noteNonAscii(vr, names);
                    ds.setString(tag, vr, names);
                }
                case IS, DS -> ds.setString(tag, vr, values.stream().map(o -> decimal(o, vr)).toArray(String[]::new));
                case US, SS, UL, SL, SV, UV -> ds.setInt(tag, vr, values.stream()
                        .mapToLong(o -> ((BigDecimal) o).longValueExact()).toArray());
                case FL, FD -> ds.setDouble(tag, vr, values.stream().mapToDouble(o -> ((BigDecimal) o).doubleValue())
                        .toArray());
                case AT -> ds.setInt(tag, vr, values.stream().mapToLong(o -> Long.parseLong((String) o, 16)).toArray());
                default -> {
                    if (!vr.isText()) {
                        throw error("Value is not allowed for VR " + vr, tag);
                    }
                    String[] texts = values.stream().map(o -> o == null ? "" : (String) o).toArray(String[]::new);
                    noteNonAscii(vr, texts);
                    ds.setString(tag, vr, texts);
                }
            }
        } catch (ClassCastException | ArithmeticException | NumberFormatException | NullPointerException e) {
            throw new DicomParseException("value does not fit VR " + vr + ": " + e.getMessage(), 0, tag, e);
        }
    }

    private void noteNonAscii(VR vr, String[] texts) {
        if (vr.usesSpecificCharacterSet()) {
            for (String t : texts) {
                if (t.chars().anyMatch(c -> c > 0x7F)) {
                    nonAscii = true;
                }
            }
        }
    }

    private static String personName(Object o) {
        if (o == null) {
            return "";
        }
        Map<?, ?> m = (Map<?, ?>) o;
        return new PersonName(str(m.get("Alphabetic")), str(m.get("Ideographic")), str(m.get("Phonetic"))).toString();
    }

    private static String str(Object o) {
        return o == null ? "" : (String) o;
    }

    private static String decimal(Object o, VR vr) {
        if (o == null) {
            return "";
        }
        if (o instanceof String s) {
            return s;  // NaN and the like, written as strings
        }
        BigDecimal d = (BigDecimal) o;
        if (vr == VR.IS) {
            return d.toBigIntegerExact().toString();
        }
        String text = d instanceof Json.Number n ? n.text() : d.toString();  // "0.1500" stays "0.1500"
        return text.length() <= 16 ? text : Values.formatDecimal(d.doubleValue());
    }

    private byte[] resolve(Object uri, int tag) throws IOException {
        if (!(uri instanceof String s)) {
            throw error("BulkDataURI is not a string", tag);
        }
        if (resolver == null) {
            throw error("BulkDataURI " + s + " but no resolver was given", tag);
        }
        return resolver.resolve(s);
    }

    private static byte[] base64(Object inline, int tag) throws DicomParseException {
        if (!(inline instanceof String s)) {
            throw error("InlineBinary is not a string", tag);
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new DicomParseException("InlineBinary is not base64", 0, tag, e);
        }
    }

    /**
     * Pixel data written by {@link JsonWriter} from encapsulated pixel data is the encapsulated value
     * field: items ending with a sequence delimiter. Anything else is native pixel data.
     */
    private static Fragments fragments(byte[] b) {
        if (b.length < ENCAPSULATED_MIN || (b[0] & 0xFF) != 0xFE || (b[1] & 0xFF) != 0xFF || b[2] != 0
                || (b[3] & 0xFF) != 0xE0) {
            return null;
        }
        int n = b.length;
        if ((b[n - 8] & 0xFF) != 0xFE || (b[n - 7] & 0xFF) != 0xFF || (b[n - 6] & 0xFF) != 0xDD
                || (b[n - 5] & 0xFF) != 0xE0) {
            return null;
        }
        try {
            Fragments f = new Fragments();
            DataSetParser parser = encapsulatedParser(b);
            if (parser.next() != Token.FRAGMENTS_START) {
                return null;
            }
            for (Token t = parser.next(); t == Token.FRAGMENT; t = parser.next()) {
                f.add(parser.readValue());
            }
            return parser.next() == null ? f : null;
        } catch (IOException notEncapsulated) {
            return null;
        }
    }

    /** The parser reads fragments only after a pixel data header, so one is put in front. */
    private static DataSetParser encapsulatedParser(byte[] items) {
        byte[] header = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] all = new byte[header.length + items.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(items, 0, all, header.length, items.length);
        return new DataSetParser(new ByteArrayInputStream(all), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, all.length);
    }

    private static int tagOf(Object key) {
        if (!(key instanceof String s) || s.length() != 8) {
            return -1;
        }
        try {
            return (int) Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static DicomParseException error(String reason, int tag) {
        return new DicomParseException("invalid DICOM JSON: " + reason, 0, tag);
    }
}
