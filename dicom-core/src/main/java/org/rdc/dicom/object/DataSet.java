package org.rdc.dicom.object;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.dictionary.ElementDictionary;
import org.rdc.dicom.encoding.SpecificCharacterSet;

/**
 * A data set in memory (PS3.5 section 7): data elements in ascending tag order. Text is decoded on
 * access with the effective Specific Character Set: this data set's (0008,0005), else the enclosing
 * one's (PS3.5 7.5.3), else the fallback given to the top-level data set.
 *
 * <p>Binary values are kept little endian; text values keep their bytes, so reading and writing an
 * object without changes reproduces it exactly.
 */
public class DataSet implements Iterable<DataElement> {

    private final TreeMap<Integer, DataElement> elements = new TreeMap<>(Integer::compareUnsigned);
    private final DataSet parent;
    private SpecificCharacterSet fallback = SpecificCharacterSet.DEFAULT_FALLBACK;
    private SpecificCharacterSet override;
    private DataElement parsedCharsetElement;
    private SpecificCharacterSet parsedCharset;

    public DataSet() {
        this(null);
    }

    DataSet(DataSet parent) {
        this.parent = parent;
    }

    /** The data set enclosing this item, or {@code null} at the top level. */
    public DataSet parent() {
        return parent;
    }

    // ---- elements

    public DataElement get(int tag) {
        return elements.get(tag);
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    public DataElement remove(int tag) {
        return elements.remove(tag);
    }

    public void put(DataElement element) {
        elements.put(element.tag(), element);
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public Collection<DataElement> elements() {
        return Collections.unmodifiableCollection(elements.values());
    }

    @Override
    public Iterator<DataElement> iterator() {
        return elements().iterator();
    }

    /** Elements of one group, e.g. group 2 for the file meta information. */
    public List<DataElement> group(int group) {
        return new ArrayList<>(elements.subMap(Tag.of(group, 0), true, Tag.of(group, 0xFFFF), true).values());
    }

    public byte[] getBytes(int tag) {
        DataElement e = get(tag);
        return e == null ? null : e.bytes();
    }

    public Sequence getSequence(int tag) {
        DataElement e = get(tag);
        return e == null ? null : e.sequence();
    }

    // ---- character set

    /** The fallback for data without (0008,0005); only meaningful on the top-level data set. */
    public void setFallbackCharacterSet(SpecificCharacterSet fallback) {
        this.fallback = fallback;
    }

    /**
     * Decodes all text of this top-level data set and its items with {@code charset}, whatever (0008,0005)
     * says: for devices known to declare a wrong character set. {@code null} restores the declared one.
     */
    public void setCharacterSetOverride(SpecificCharacterSet charset) {
        this.override = charset;
    }

    /** The character set that applies to the text of this data set. */
    public SpecificCharacterSet characterSet() {
        DataSet root = this;
        while (root.parent != null) {
            root = root.parent;
        }
        if (root.override != null) {
            return root.override;
        }
        DataElement e = get(Tag.SpecificCharacterSet);
        if (e != null && e.bytes() != null) {
            if (e != parsedCharsetElement) {
                // elements are immutable, so the parsed terms stay valid until the element is replaced
                String[] terms = splitValues(new String(e.bytes(), StandardCharsets.ISO_8859_1), VR.CS);
                parsedCharset = SpecificCharacterSet.of(terms);
                parsedCharsetElement = e;
            }
            if (parsedCharset != null) {
                return parsedCharset;
            }
        }
        return parent != null ? parent.characterSet() : fallback;
    }

    // ---- text

    /** The first value as text, or {@code null} if absent or empty. */
    public String getString(int tag) {
        String[] values = getStrings(tag);
        return values.length == 0 || values[0].isEmpty() ? null : values[0];
    }

    /** All values of a text element (split after decoding), binary numbers formatted, or an empty array. */
    public String[] getStrings(int tag) {
        DataElement e = get(tag);
        if (e == null || e.bytes() == null || e.bytes().length == 0) {
            return new String[0];
        }
        return stringsOf(e);
    }

    /** The values of an element as text: decoded and split for text VRs, formatted numbers for binary ones. */
    public String[] stringsOf(DataElement e) {
        byte[] b = e.bytes();
        if (b == null || b.length == 0) {
            return new String[0];
        }
        VR vr = e.vr();
        if (vr.isText()) {
            return splitValues(decode(b, vr), vr);
        }
        return Values.format(b, vr);
    }

    /** Decodes a whole text value: only then may it be split on delimiters (PS3.5 6.1.2.5). */
    public String decode(byte[] b, VR vr) {
        if (vr == VR.UI) {
            return new String(b, StandardCharsets.US_ASCII);
        }
        return characterSet().decode(b);
    }

    static String[] splitValues(String text, VR vr) {
        if (vr.isSingleValuedText()) {
            return new String[] {trim(text, vr)};
        }
        String[] parts = text.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = trim(parts[i], vr);
        }
        return parts;
    }

    /** Trailing padding is never significant; leading spaces are not for these VRs (PS3.5 Table 6.2-1). */
    private static String trim(String s, VR vr) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        if (vr == VR.AE || vr == VR.CS || vr == VR.DS || vr == VR.IS || vr == VR.LO || vr == VR.SH
                || vr == VR.DA || vr == VR.TM || vr == VR.DT || vr == VR.AS || vr == VR.UI || vr == VR.PN) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }

    public PersonName getPersonName(int tag) {
        String s = getString(tag);
        return s == null ? null : PersonName.parse(s);
    }

    // ---- numbers

    /** The first value as an int, or {@code defaultValue} when absent, empty or not a number (IS "1A"). */
    public int getInt(int tag, int defaultValue) {
        try {
            long[] v = getLongs(tag);
            return v.length == 0 ? defaultValue : (int) v[0];
        } catch (NumberFormatException notANumber) {
            return defaultValue;
        }
    }

    /**
     * Integer values of US, SS, UL, SL, SV, UV, AT, IS (and of OB/OW words, by their unit size).
     *
     * @throws NumberFormatException naming the element when a text value is not a number
     */
    public long[] getLongs(int tag) {
        DataElement e = get(tag);
        if (e == null || e.bytes() == null) {
            return new long[0];
        }
        if (e.vr().isText()) {
            return Arrays.stream(stringsOf(e)).filter(s -> !s.isEmpty()).mapToLong(s -> (long) number(e, s)).toArray();
        }
        return Values.longs(e.bytes(), e.vr());
    }

    public double[] getDoubles(int tag) {
        DataElement e = get(tag);
        if (e == null || e.bytes() == null) {
            return new double[0];
        }
        if (e.vr().isText()) {
            return Arrays.stream(stringsOf(e)).filter(s -> !s.isEmpty()).mapToDouble(s -> number(e, s)).toArray();
        }
        return Values.doubles(e.bytes(), e.vr());
    }

    private static double number(DataElement e, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException ex) {
            throw new NumberFormatException(Tag.toString(e.tag()) + " " + e.vr() + " value \"" + text + "\" is not a number");
        }
    }

    // ---- building

    /** Sets a text element; values are joined with {@code \}, encoded with this data set's character set and padded. */
    public DataSet setString(int tag, VR vr, String... values) {
        String text = String.join("\\", values);
        byte[] b = vr.usesSpecificCharacterSet() ? characterSet().encode(text, vr == VR.PN)
                : text.getBytes(StandardCharsets.US_ASCII);
        put(new DataElement(tag, vr, Values.pad(b, vr)));
        return this;
    }

    /** Sets a text element with the dictionary's VR. */
    public DataSet setString(int tag, String... values) {
        return setString(tag, ElementDictionary.vrOf(tag), values);
    }

    /** Sets binary integers (US, SS, UL, SL, SV, UV, AT) or text integers (IS). */
    public DataSet setInt(int tag, VR vr, long... values) {
        if (vr.isText()) {
            return setString(tag, vr, Arrays.stream(values).mapToObj(Long::toString).toArray(String[]::new));
        }
        put(new DataElement(tag, vr, Values.encodeLongs(values, vr)));
        return this;
    }

    public DataSet setDouble(int tag, VR vr, double... values) {
        if (vr.isText()) {
            return setString(tag, vr, Arrays.stream(values).mapToObj(Values::formatDecimal).toArray(String[]::new));
        }
        put(new DataElement(tag, vr, Values.encodeDoubles(values, vr)));
        return this;
    }

    /** Sets a binary value as given (little endian), padding an odd length with 0x00. */
    public DataSet setBytes(int tag, VR vr, byte[] value) {
        put(new DataElement(tag, vr, Values.pad(value, vr)));
        return this;
    }

    /** Replaces the element with a new, empty sequence of undefined length and returns it. */
    public Sequence newSequence(int tag) {
        Sequence s = new Sequence(this, true);
        put(new DataElement(tag, VR.SQ, s));
        return s;
    }

    /** Adds a sequence as the parser found it (defined or undefined length, VR SQ or UN). */
    Sequence newSequence(int tag, VR vr, boolean undefinedLength) {
        Sequence s = new Sequence(this, undefinedLength);
        put(new DataElement(tag, vr, s));
        return s;
    }

    @Override
    public String toString() {
        return "DataSet" + elements.values();
    }
}
