package org.rdc.dicom.object;

import java.io.IOException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.dictionary.DictionaryEntry;
import org.rdc.dicom.dictionary.ElementDictionary;
import org.rdc.dicom.encoding.ByteOrder;
import org.rdc.dicom.encoding.SpecificCharacterSet;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.ElementHeader;
import org.rdc.dicom.parser.Token;

/**
 * Builds a {@link DataSet} from a {@link DataSetParser}. By default every value is loaded; with
 * {@link #withoutBulkData()} pixel data, waveform data, encapsulated documents and other large
 * binary values are skipped and recorded as {@link BulkData} (offset and length in the stream),
 * so memory stays bounded whatever the size of the instance.
 */
public final class DataSetReader {

    /** Binary values above this size count as bulk data when bulk data is not loaded. */
    private static final long BULK_THRESHOLD = 4096;

    private boolean loadBulkData = true;
    private long bulkThreshold = BULK_THRESHOLD;
    private int stopBeforeTag = -1;
    private SpecificCharacterSet fallback = SpecificCharacterSet.DEFAULT_FALLBACK;
    private SpecificCharacterSet override;

    /** Leaves bulk data in the stream (skipped, or left to the caller's tee) and records where it was. */
    public DataSetReader withoutBulkData() {
        this.loadBulkData = false;
        return this;
    }

    /**
     * Like {@link #withoutBulkData()}, with binary values above {@code threshold} bytes (instead of
     * {@value #BULK_THRESHOLD}) counted as bulk data; pixel, waveform and the other values of
     * {@link #isBulkData} are bulk data whatever their size.
     */
    public DataSetReader withoutBulkData(long threshold) {
        this.bulkThreshold = threshold;
        return withoutBulkData();
    }

    /**
     * Stops at the first top-level element whose tag is not below {@code tag} (for instance pixel data),
     * leaving the parser right after that element's header so the caller can stream the value itself.
     */
    public DataSetReader stopBefore(int tag) {
        this.stopBeforeTag = tag;
        return this;
    }

    /** The character set for text in data without (0008,0005); GB18030 unless set. */
    public DataSetReader fallbackCharacterSet(SpecificCharacterSet fallback) {
        this.fallback = fallback;
        return this;
    }

    /** Decodes text with this character set whatever (0008,0005) says (a facility whose devices declare it wrongly). */
    public DataSetReader overrideCharacterSet(SpecificCharacterSet charset) {
        this.override = charset;
        return this;
    }

    /** Reads the data set from where the parser stands to its end (or to the stop tag). */
    public DataSet read(DataSetParser parser) throws IOException {
        DataSet root = new DataSet();
        root.setFallbackCharacterSet(fallback);
        root.setCharacterSetOverride(override);
        readInto(parser, root, 0);
        return root;
    }

    private void readInto(DataSetParser parser, DataSet target, int depth) throws IOException {
        for (Token t = parser.next(); t != null; t = parser.next()) {
            ElementHeader h = parser.header();
            switch (t) {
                case ITEM_END -> {
                    return;
                }
                case ELEMENT -> {
                    if (stopsAt(depth, h.tag())) {
                        return;
                    }
                    target.put(element(parser, h, target));
                }
                case SEQUENCE_START -> {
                    if (stopsAt(depth, h.tag())) {
                        return;
                    }
                    // implicit VR: it parsed as a sequence, so it is one, whatever the dictionary said (UN)
                    VR vr = h.explicitVr() ? h.vr() : VR.SQ;
                    readSequence(parser, target.newSequence(h.tag(), vr, h.undefinedLength()), depth);
                }
                case FRAGMENTS_START -> {
                    if (stopsAt(depth, h.tag())) {
                        return;
                    }
                    // implicit VR: encapsulated pixel data is OB (PS3.5 A.4), not the dictionary's OW
                    VR vr = h.explicitVr() ? h.vr() : VR.OB;
                    target.put(new DataElement(h.tag(), vr, readFragments(parser)));
                }
                default -> throw new IllegalStateException("parser returned " + t + " inside a data set");
            }
        }
    }

    private boolean stopsAt(int depth, int tag) {
        return depth == 0 && stopBeforeTag != -1 && Tag.compare(tag, stopBeforeTag) >= 0;
    }

    private void readSequence(DataSetParser parser, Sequence sequence, int depth) throws IOException {
        for (Token t = parser.next(); t != Token.SEQUENCE_END; t = parser.next()) {
            if (t != Token.ITEM_START) {
                throw new IllegalStateException("parser returned " + t + " inside a sequence");
            }
            Item item = sequence.addItem(parser.header().undefinedLength());
            readInto(parser, item, depth + 1);
        }
    }

    private Fragments readFragments(DataSetParser parser) throws IOException {
        Fragments fragments = new Fragments();
        for (Token t = parser.next(); t == Token.FRAGMENT; t = parser.next()) {
            ElementHeader h = parser.header();
            if (loadBulkData) {
                fragments.add(parser.readValue());
            } else {
                fragments.add(new BulkData(h.valueOffset(), h.length()));
                parser.skipValue();
            }
        }
        return fragments;
    }

    private DataElement element(DataSetParser parser, ElementHeader h, DataSet target) throws IOException {
        VR vr = h.explicitVr() ? h.vr() : resolveImplicitVr(h.tag(), h.vr(), target);
        if (!loadBulkData && isBulkData(h.tag(), vr, h.length(), bulkThreshold)) {
            BulkData ref = new BulkData(h.valueOffset(), h.length());
            parser.skipValue();
            return new DataElement(h.tag(), vr, ref);
        }
        byte[] value = parser.readValue();
        if (parser.bigEndian()) {
            ByteOrder.swap(value, vr);
        }
        return new DataElement(h.tag(), vr, value);
    }

    /** "US or SS" elements follow Pixel Representation (PS3.5 Annex A.1 note, PS3.3 C.7.6.3.1.4). */
    private static VR resolveImplicitVr(int tag, VR vr, DataSet target) {
        if (vr == VR.US) {
            DictionaryEntry entry = ElementDictionary.lookup(tag);
            if (entry != null && entry.vrText().startsWith("US or SS")) {
                for (DataSet d = target; d != null; d = d.parent()) {
                    if (d.contains(Tag.PixelRepresentation)) {
                        return d.getInt(Tag.PixelRepresentation, 0) == 1 ? VR.SS : VR.US;
                    }
                }
            }
        }
        return vr;
    }

    /** The values PS3.18 calls bulk data: pixel, waveform, spectroscopy, overlay data, documents, large binaries. */
    public static boolean isBulkData(int tag, VR vr, long length) {
        return isBulkData(tag, vr, length, BULK_THRESHOLD);
    }

    private static boolean isBulkData(int tag, VR vr, long length, long threshold) {
        if (tag == Tag.PixelData || tag == Tag.FloatPixelData || tag == Tag.DoubleFloatPixelData
                || tag == Tag.WaveformData || tag == Tag.EncapsulatedDocument || tag == Tag.SpectroscopyData
                || (Tag.group(tag) & 0xFF00) == 0x6000 && Tag.element(tag) == 0x3000) {
            return true;
        }
        return vr.hasLongLength() && vr.isBinary() && length > threshold;
    }
}
