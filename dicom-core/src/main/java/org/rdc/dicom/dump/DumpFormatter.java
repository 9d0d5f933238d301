package org.rdc.dicom.dump;

import java.util.Locale;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.dictionary.DictionaryEntry;
import org.rdc.dicom.dictionary.ElementDictionary;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Fragments;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;

/**
 * A human-readable listing in the layout of dcmtk's dcmdump: one line per element with tag, VR,
 * value, length, VM and keyword, nested items indented. Text is shown decoded (Unicode), binary
 * values as numbers or hex, long values cut to keep lines readable.
 */
public final class DumpFormatter {

    private static final int VALUE_WIDTH = 40;
    private static final int MAX_VALUE_CHARS = 64;

    public String format(DicomFile file) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n# Dicom-File-Format\n");
        if (file.meta() != null) {
            sb.append("\n# Dicom-Meta-Information-Header\n# Used TransferSyntax: Explicit VR Little Endian\n");
            dataSet(file.meta(), sb, 0);
        }
        sb.append("\n# Dicom-Data-Set\n# Used TransferSyntax: ").append(file.transferSyntax().name()).append('\n');
        dataSet(file.dataSet(), sb, 0);
        return sb.toString();
    }

    public String format(DataSet dataSet) {
        StringBuilder sb = new StringBuilder();
        dataSet(dataSet, sb, 0);
        return sb.toString();
    }

    private void dataSet(DataSet ds, StringBuilder sb, int depth) {
        for (DataElement e : ds) {
            element(ds, e, sb, depth);
        }
    }

    private void element(DataSet ds, DataElement e, StringBuilder sb, int depth) {
        String keyword = keyword(e.tag());
        if (e.sequence() != null) {
            Sequence s = e.sequence();
            line(sb, depth, e.tag(), "SQ", "(Sequence with " + (s.undefinedLength() ? "undefined" : "explicit")
                    + " length #=" + s.size() + ")", s.undefinedLength() ? "u/l" : "", 1, keyword);
            for (Item item : s.items()) {
                line(sb, depth + 1, Tag.Item, "na", "(Item with " + (item.undefinedLength() ? "undefined" : "explicit")
                        + " length #=" + item.size() + ")", item.undefinedLength() ? "u/l" : "", 1, "Item");
                dataSet(item, sb, depth + 2);
                if (item.undefinedLength()) {
                    line(sb, depth + 1, Tag.ItemDelimitationItem, "na", "(ItemDelimitationItem)", "0", 0,
                            "ItemDelimitationItem");
                }
            }
            if (s.undefinedLength()) {
                line(sb, depth, Tag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0,
                        "SequenceDelimitationItem");
            }
        } else if (e.fragments() != null) {
            Fragments f = e.fragments();
            line(sb, depth, e.tag(), e.vr().name(), "(PixelSequence #=" + f.size() + ")", "u/l", 1, keyword);
            for (int i = 0; i < f.size(); i++) {
                byte[] b = f.bytes(i);
                String value = b == null ? "(not loaded)" : b.length == 0 ? "(no value available)" : hex(b, 1);
                line(sb, depth + 1, Tag.Item, "pi", value, Long.toString(f.length(i)), 1, "Item");
            }
            line(sb, depth, Tag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0,
                    "SequenceDelimitationItem");
        } else if (e.bulkData() != null) {
            line(sb, depth, e.tag(), e.vr().name(), "(not loaded: offset " + e.bulkData().offset() + ")",
                    Long.toString(e.bulkData().length()), 1, keyword);
        } else {
            byte[] b = e.bytes();
            String[] values = ds.stringsOf(e);
            String shown;
            if (b.length == 0) {
                shown = "(no value available)";
            } else if (e.vr() == VR.OB || e.vr() == VR.UN || e.vr() == VR.OW || e.vr() == VR.OL || e.vr() == VR.OF
                    || e.vr() == VR.OD || e.vr() == VR.OV) {
                shown = hex(b, e.vr() == VR.OW ? 2 : 1);
            } else if (e.vr().isText()) {
                shown = "[" + String.join("\\", values) + "]";
            } else {
                shown = String.join("\\", values);
            }
            int vm = e.vr() == VR.OB || e.vr() == VR.UN || e.vr() == VR.OW ? (b.length == 0 ? 0 : 1) : values.length;
            line(sb, depth, e.tag(), e.vr().name(), shown, Long.toString(b.length), vm, keyword);
        }
    }

    private static String keyword(int tag) {
        String k = ElementDictionary.keywordOf(tag);
        if (k.isEmpty()) {
            return Tag.isPrivate(tag) ? "PrivateTag" : "Unknown Tag & Data";
        }
        DictionaryEntry entry = ElementDictionary.lookup(tag);
        return entry != null && entry.retired() ? "RETIRED_" + k : k;
    }

    private static void line(StringBuilder sb, int depth, int tag, String vr, String value, String length, int vm,
                             String keyword) {
        String v = value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS - 3) + "..." : value;
        StringBuilder l = new StringBuilder();
        l.append("  ".repeat(depth));
        l.append(String.format(Locale.ROOT, "(%04x,%04x) ", Tag.group(tag), Tag.element(tag)));
        l.append(vr).append(' ').append(v);
        int pad = VALUE_WIDTH + 2 * depth + 15 - l.length();
        l.append(" ".repeat(Math.max(1, pad)));
        l.append(String.format(Locale.ROOT, "# %3s, %d %s", length, vm, keyword));
        sb.append(l).append('\n');
    }

    /** Hex bytes or 16-bit words (little endian in memory) separated by backslashes, cut after a few. */
    private static String hex(byte[] b, int unit) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + unit <= b.length && sb.length() < MAX_VALUE_CHARS; i += unit) {
            if (i > 0) {
                sb.append('\\');
            }
            if (unit == 2) {
                sb.append(String.format("%02x%02x", b[i + 1], b[i]));
            } else {
                sb.append(String.format("%02x", b[i]));
            }
        }
        return sb.toString();
    }
}
