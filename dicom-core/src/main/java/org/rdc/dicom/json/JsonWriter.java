package org.rdc.dicom.json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.object.Fragments;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.PersonName;
import org.rdc.dicom.object.Sequence;

/**
 * Writes the DICOM JSON model of PS3.18 Annex F.2. Binary values are InlineBinary (base64 of the
 * little endian value) unless a {@link BulkDataUris} function gives a BulkDataURI for them. IS and DS
 * become JSON numbers, PN an object of component groups, AT the tag as 8 hex digits, SQ an array of
 * data sets. An undefined-length UN read as a sequence is written as SQ, as dcmtk does.
 *
 * <p>Encapsulated pixel data has no native JSON form; inline, it is written as the encapsulated value
 * field (each fragment as an item tag, length and bytes, then the sequence delimiter), which
 * {@link JsonReader} turns back into fragments.
 */
public final class JsonWriter {

    /** Gives the BulkDataURI for a bulk value, or {@code null} to write it inline. */
    @FunctionalInterface
    public interface BulkDataUris {
        /**
         * @param tagPath tags from the top-level element down to this one (items are not counted)
         * @param element the element
         */
        String uriFor(List<Integer> tagPath, DataElement element);
    }

    /** Characters gathered before they are passed to the target writer. */
    private static final int SPILL = 64 * 1024;
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private boolean indent;
    private BulkDataUris bulkDataUris;
    private Writer target;

    /** Line breaks and two-space indentation, like dcm2json's default. */
    public JsonWriter indent(boolean indent) {
        this.indent = indent;
        return this;
    }

    /** Bulk values (see {@link DataSetReader#isBulkData}) get the URI this function gives. */
    public JsonWriter bulkDataUris(BulkDataUris bulkDataUris) {
        this.bulkDataUris = bulkDataUris;
        return this;
    }

    public String write(DataSet dataSet) {
        StringBuilder sb = new StringBuilder(1024); // a QIDO result's size: no regrowth from 16 characters up
        dataSet(dataSet, sb, 0, new ArrayList<>());
        if (indent) {
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes to {@code out} as it goes, so that large binary values are never held as text in full.
     * A writer instance is not meant to be used by two threads at once.
     */
    public void write(DataSet dataSet, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(SPILL * 2);
        target = out;
        try {
            dataSet(dataSet, sb, 0, new ArrayList<>());
            if (indent) {
                sb.append('\n');
            }
            out.append(sb);
            out.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            target = null;
        }
    }

    /** Passes what has accumulated on to the target writer, if there is one. */
    private void spill(StringBuilder sb) {
        if (target != null && sb.length() >= SPILL) {
            try {
                target.append(sb);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sb.setLength(0);
        }
    }

    /** Base64 of what {@code content} writes, appended (and spilled) as it is encoded. */
    private void base64(StringBuilder sb, BinaryContent content) {
        OutputStream chars = new OutputStream() {
            @Override
            public void write(int b) {
                sb.append((char) b);
                spill(sb);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    sb.append((char) b[i]);
                }
                spill(sb);
            }
        };
        sb.append('"');
        try (OutputStream encoder = Base64.getEncoder().wrap(chars)) {
            content.writeTo(encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sb.append('"');
    }

    @FunctionalInterface
    private interface BinaryContent {
        void writeTo(OutputStream out) throws IOException;
    }

    private void dataSet(DataSet ds, StringBuilder sb, int level, List<Integer> path) {
        sb.append('{');
        boolean first = true;
        for (DataElement e : ds) {
            if (Tag.group(e.tag()) == 0x0002 || Tag.isGroupLength(e.tag())) {
                continue;  // meta information and (retired) group lengths are not part of the JSON model
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            newline(sb, level + 1);
            Json.quote(Tag.toHex(e.tag()), sb);
            sb.append(indent ? ": " : ":");
            path.add(e.tag());
            element(ds, e, sb, level + 1, path);
            path.remove(path.size() - 1);
            spill(sb);
        }
        if (!first) {
            newline(sb, level);
        }
        sb.append('}');
    }

    private void element(DataSet ds, DataElement e, StringBuilder sb, int level, List<Integer> path) {
        VR vr = e.isSequence() ? VR.SQ : e.vr();
        sb.append('{');
        newline(sb, level + 1);
        sb.append(indent ? "\"vr\": " : "\"vr\":");
        Json.quote(vr.name(), sb);
        String uri = bulkDataUris != null && (e.bulkData() != null
                || DataSetReader.isBulkData(e.tag(), vr, e.fragments() != null ? Long.MAX_VALUE : e.length()))
                ? bulkDataUris.uriFor(List.copyOf(path), e) : null;
        if (uri != null) {
            member(sb, level, "BulkDataURI");
            Json.quote(uri, sb);
        } else if (e.bulkData() != null) {
            throw new IllegalStateException("value of " + Tag.toString(e.tag())
                    + " was not loaded and no BulkDataURI was given for it");
        } else if (e.sequence() != null) {
            sequence(e.sequence(), sb, level, path);
        } else if (e.fragments() != null) {
            member(sb, level, "InlineBinary");
            base64(sb, out -> encapsulated(e.fragments(), out));
        } else if (e.bytes().length > 0 || e.tag() == Tag.SpecificCharacterSet) {
            if (vr.isBinary() && vr.hasLongLength() && vr != VR.SV && vr != VR.UV) {
                member(sb, level, "InlineBinary");
                base64(sb, out -> out.write(e.bytes()));
            } else {
                values(ds, e, vr, sb, level);
            }
        }
        newline(sb, level);
        sb.append('}');
    }

    private void sequence(Sequence s, StringBuilder sb, int level, List<Integer> path) {
        if (s.isEmpty()) {
            return;
        }
        member(sb, level, "Value");
        sb.append('[');
        for (int i = 0; i < s.size(); i++) {
            Item item = s.get(i);
            if (i > 0) {
                sb.append(',');
            }
            newline(sb, level + 2);
            dataSet(item, sb, level + 2, path);
        }
        newline(sb, level + 1);
        sb.append(']');
    }

    private void values(DataSet ds, DataElement e, VR vr, StringBuilder sb, int level) {
        String[] values = ds.stringsOf(e);
        if (e.tag() == Tag.SpecificCharacterSet) {
            values = new String[] {"ISO_IR 192"};  // the JSON text is Unicode, whatever the source used
        }
        if (vr == VR.PN) {
            for (int i = 0; i < values.length; i++) {
                values[i] = onlyDelimiters(values[i]) ? "" : values[i];  // "^^^^" names nobody
            }
        }
        if (Arrays.stream(values).allMatch(String::isEmpty)) {
            return;
        }
        member(sb, level, "Value");
        sb.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            newline(sb, level + 2);
            value(vr, values[i], sb, level + 2);
        }
        newline(sb, level + 1);
        sb.append(']');
    }

    /** No component at all, only {@code ^} and {@code =} (a loop: a regular expression per name was a hot spot of QIDO). */
    private static boolean onlyDelimiters(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) != '^' && name.charAt(i) != '=') {
                return false;
            }
        }
        return true;
    }

    private void value(VR vr, String v, StringBuilder sb, int level) {
        if (v.isEmpty()) {
            sb.append("null");
            return;
        }
        switch (vr) {
            case PN -> personName(v, sb, level);
            case IS, DS, US, SS, UL, SL, FL, FD, SV, UV -> number(v, sb);
            default -> Json.quote(v, sb);
        }
    }

    /** JSON numbers where the text is one; DS such as "+1." are normalised; non-numbers stay strings. */
    private static void number(String v, StringBuilder sb) {
        String t = v.trim();
        if (JSON_NUMBER.matcher(t).matches()) {
            sb.append(t);
            return;
        }
        try {
            sb.append(new BigDecimal(t).toString());
        } catch (NumberFormatException e) {
            if (t.equals("NaN") || t.contains("Infinity")) {
                Json.quote(t, sb);
            } else {
                Json.quote(v, sb);
            }
        }
    }

    private void personName(String v, StringBuilder sb, int level) {
        PersonName pn = PersonName.parse(v);
        sb.append('{');
        boolean first = true;
        String[][] groups = {{"Alphabetic", pn.alphabetic()}, {"Ideographic", pn.ideographic()},
            {"Phonetic", pn.phonetic()}};
        for (String[] g : groups) {
            if (g[1].isEmpty()) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            newline(sb, level + 1);
            Json.quote(g[0], sb);
            sb.append(indent ? ": " : ":");
            Json.quote(g[1], sb);
        }
        if (!first) {
            newline(sb, level);
        }
        sb.append('}');
    }

    private void member(StringBuilder sb, int level, String name) {
        sb.append(',');
        newline(sb, level + 1);
        sb.append('"').append(name).append(indent ? "\": " : "\":");
    }

    private void newline(StringBuilder sb, int level) {
        if (indent) {
            sb.append('\n');
            sb.append("  ".repeat(level));
        }
    }

    /** The value field of encapsulated pixel data: items and sequence delimiter (PS3.5 A.4), little endian. */
    private static void encapsulated(Fragments f, OutputStream out) throws IOException {
        for (int i = 0; i < f.size(); i++) {
            byte[] b = f.bytes(i);
            if (b == null) {
                throw new IllegalStateException("fragment " + i + " was not loaded");
            }
            itemHeader(out, Tag.Item, b.length);
            out.write(b);
        }
        itemHeader(out, Tag.SequenceDelimitationItem, 0);
    }

    private static void itemHeader(OutputStream out, int tag, long length) throws IOException {
        out.write(Tag.group(tag));
        out.write(Tag.group(tag) >> 8);
        out.write(Tag.element(tag));
        out.write(Tag.element(tag) >> 8);
        out.write((int) length);
        out.write((int) (length >> 8));
        out.write((int) (length >> 16));
        out.write((int) (length >> 24));
    }
}
