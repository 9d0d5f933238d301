package org.rdc.dicom.encoding;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Specific Character Set (0008,0005): the defined terms of PS3.3 C.12.1.1.2 and the ISO/IEC 2022
 * code extension technique of PS3.5 6.1.2.5.
 *
 * <p>A value is always decoded whole, and only the resulting text is split on {@code \ ^ =}: in
 * GB18030, GBK and the ISO 2022 multi-byte sets the second byte of a character can be 0x5C or 0x5E.
 * Data without (0008,0005), or with an empty or default (ISO_IR 6) value, is decoded with a
 * fallback charset chosen by the caller; {@link #DEFAULT_FALLBACK} is GB18030, which is a
 * superset of ASCII and what devices in mainland China send unlabelled.
 */
public final class SpecificCharacterSet {

    private static final byte ESC = 0x1B;

    /** A code element that an ISO 2022 escape sequence designates into G0 or G1 (PS3.3 Table C.12-3/4). */
    private enum CodeElement {
        ASCII("(B", true, 1, "US-ASCII"),
        JIS_ROMAN("(J", true, 1, "US-ASCII"),
        JIS_KATAKANA(")I", false, 1, "JIS_X0201"),
        JIS_X0208("$B", true, 2, "EUC-JP"),
        JIS_X0212("$(D", true, 2, "EUC-JP"),
        KS_X1001("$)C", false, 2, "EUC-KR"),
        GB2312("$)A", false, 2, "GB2312"),
        LATIN1("-A", false, 1, "ISO-8859-1"),
        LATIN2("-B", false, 1, "ISO-8859-2"),
        LATIN3("-C", false, 1, "ISO-8859-3"),
        LATIN4("-D", false, 1, "ISO-8859-4"),
        CYRILLIC("-L", false, 1, "ISO-8859-5"),
        ARABIC("-G", false, 1, "ISO-8859-6"),
        GREEK("-F", false, 1, "ISO-8859-7"),
        HEBREW("-H", false, 1, "ISO-8859-8"),
        LATIN5("-M", false, 1, "ISO-8859-9"),
        LATIN9("-b", false, 1, "ISO-8859-15"),
        THAI("-T", false, 1, "TIS-620");

        final byte[] escape;
        final boolean g0;
        final int width;
        final Charset charset;

        CodeElement(String escape, boolean g0, int width, String charset) {
            this.escape = escape.getBytes(StandardCharsets.US_ASCII);
            this.g0 = g0;
            this.width = width;
            this.charset = Charset.forName(charset);
        }
    }

    /** Defined terms without code extensions: one charset for the whole value. */
    private static final Map<String, String> SINGLE = Map.ofEntries(
            Map.entry("ISO_IR 6", "US-ASCII"), Map.entry("ISO_IR 100", "ISO-8859-1"),
            Map.entry("ISO_IR 101", "ISO-8859-2"), Map.entry("ISO_IR 109", "ISO-8859-3"),
            Map.entry("ISO_IR 110", "ISO-8859-4"), Map.entry("ISO_IR 144", "ISO-8859-5"),
            Map.entry("ISO_IR 127", "ISO-8859-6"), Map.entry("ISO_IR 126", "ISO-8859-7"),
            Map.entry("ISO_IR 138", "ISO-8859-8"), Map.entry("ISO_IR 148", "ISO-8859-9"),
            Map.entry("ISO_IR 203", "ISO-8859-15"), Map.entry("ISO_IR 13", "JIS_X0201"),
            Map.entry("ISO_IR 166", "TIS-620"), Map.entry("ISO_IR 192", "UTF-8"),
            Map.entry("GB18030", "GB18030"), Map.entry("GBK", "GBK"),
            // not defined terms, but what devices in the field write; each names a subset of the charset used
            Map.entry("GB2312", "GB18030"), Map.entry("ISO_IR 58", "GB18030"), Map.entry("UTF-8", "UTF-8"),
            Map.entry("UTF8", "UTF-8"));

    /** ISO 2022 defined terms and the code elements they designate initially (PS3.3 Table C.12-3, C.12-4). */
    private static final Map<String, CodeElement[]> EXTENDED = Map.ofEntries(
            Map.entry("ISO 2022 IR 6", new CodeElement[] {CodeElement.ASCII, null}),
            Map.entry("ISO 2022 IR 100", new CodeElement[] {CodeElement.ASCII, CodeElement.LATIN1}),
            Map.entry("ISO 2022 IR 101", new CodeElement[] {CodeElement.ASCII, CodeElement.LATIN2}),
            Map.entry("ISO 2022 IR 109", new CodeElement[] {CodeElement.ASCII, CodeElement.LATIN3}),
            Map.entry("ISO 2022 IR 110", new CodeElement[] {CodeElement.ASCII, CodeElement.LATIN4}),
            Map.entry("ISO 2022 IR 144", new CodeElement[] {CodeElement.ASCII, CodeElement.CYRILLIC}),
            Map.entry("ISO 2022 IR 127", new CodeElement[] {CodeElement.ASCII, CodeElement.ARABIC}),
            Map.entry("ISO 2022 IR 126", new CodeElement[] {CodeElement.ASCII, CodeElement.GREEK}),
            Map.entry("ISO 2022 IR 138", new CodeElement[] {CodeElement.ASCII, CodeElement.HEBREW}),
            Map.entry("ISO 2022 IR 148", new CodeElement[] {CodeElement.ASCII, CodeElement.LATIN5}),
            Map.entry("ISO 2022 IR 203", new CodeElement[] {CodeElement.ASCII, CodeElement.LATIN9}),
            Map.entry("ISO 2022 IR 13", new CodeElement[] {CodeElement.JIS_ROMAN, CodeElement.JIS_KATAKANA}),
            Map.entry("ISO 2022 IR 166", new CodeElement[] {CodeElement.ASCII, CodeElement.THAI}),
            Map.entry("ISO 2022 IR 87", new CodeElement[] {CodeElement.JIS_X0208, null}),
            Map.entry("ISO 2022 IR 159", new CodeElement[] {CodeElement.JIS_X0212, null}),
            Map.entry("ISO 2022 IR 149", new CodeElement[] {null, CodeElement.KS_X1001}),
            Map.entry("ISO 2022 IR 58", new CodeElement[] {null, CodeElement.GB2312}));

    // after the tables above: static initialisation runs in order
    /** The fallback shipped by default: GB18030 (what unlabelled Chinese data usually is). */
    public static final SpecificCharacterSet DEFAULT_FALLBACK = fallback(Charset.forName("GB18030"));
    public static final SpecificCharacterSet UTF_8 = of("ISO_IR 192");

    private final String[] terms;
    private final Charset single;
    private final CodeElement initialG0;
    private final CodeElement initialG1;
    private final List<CodeElement> designations;

    private SpecificCharacterSet(String[] terms, Charset single, CodeElement g0, CodeElement g1,
                                 List<CodeElement> designations) {
        this.terms = terms;
        this.single = single;
        this.initialG0 = g0;
        this.initialG1 = g1;
        this.designations = designations;
    }

    /** A character set that decodes everything with one charset, used for data without (0008,0005). */
    public static SpecificCharacterSet fallback(Charset charset) {
        return new SpecificCharacterSet(new String[0], charset, null, null, List.of());
    }

    /**
     * The character set for the values of (0008,0005). Empty or default values yield {@code null}, meaning
     * "use the fallback"; unknown terms are treated the same way, since guessing is all that is left.
     */
    public static SpecificCharacterSet of(String... values) {
        String[] terms = Arrays.stream(values).map(v -> v == null ? "" : v.trim().toUpperCase(Locale.ROOT))
                .toArray(String[]::new);
        if (terms.length == 0 || (terms.length == 1 && (terms[0].isEmpty() || terms[0].equals("ISO_IR 6")))) {
            return null;
        }
        boolean extended = Arrays.stream(terms).anyMatch(t -> t.startsWith("ISO 2022"));
        if (!extended) {
            String name = SINGLE.get(terms[0]);
            return name == null ? null : new SpecificCharacterSet(terms, Charset.forName(name), null, null, List.of());
        }
        List<CodeElement> designations = new ArrayList<>();
        CodeElement g0 = CodeElement.ASCII;
        CodeElement g1 = null;
        for (int i = 0; i < terms.length; i++) {
            String t = terms[i].isEmpty() ? "ISO 2022 IR 6" : terms[i];
            CodeElement[] ce = EXTENDED.get(t);
            if (ce == null) {
                continue;
            }
            if (i == 0) {
                g0 = ce[0] == null ? CodeElement.ASCII : ce[0];
                g1 = ce[1];
            }
            for (CodeElement c : ce) {
                if (c != null && !designations.contains(c)) {
                    designations.add(c);
                }
            }
        }
        return new SpecificCharacterSet(terms, null, g0, g1, designations);
    }

    public String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    public String decode(byte[] bytes, int offset, int length) {
        if (single != null) {
            return new String(bytes, offset, length, single);
        }
        return decodeIso2022(bytes, offset, offset + length);
    }

    private String decodeIso2022(byte[] b, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        CodeElement runSet = null;
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c == ESC) {
                CodeElement designated = matchEscape(b, i + 1, to);
                if (designated != null) {
                    if (designated.g0) {
                        g0 = designated;
                    } else {
                        g1 = designated;
                    }
                    i += 1 + designated.escape.length;
                    continue;
                }
            }
            CodeElement set = c < 0x80 ? g0 : g1;
            if (set == null || (c < 0x21 && c != 0x20) || c == 0x7F || c == ESC) {
                set = CodeElement.ASCII;  // controls and undesignated G1 bytes are taken as they are
            }
            if (set != runSet) {
                flush(out, run, runSet);
                runSet = set;
            }
            if (set.width == 2) {
                if (i + 1 >= to) {
                    break;  // half a character at the end of the value: dropped
                }
                if (set == CodeElement.JIS_X0212) {
                    run.write(0x8F);
                }
                run.write(b[i] | 0x80);
                run.write(b[i + 1] | 0x80);
                i += 2;
            } else {
                run.write(set == CodeElement.ASCII || set == CodeElement.JIS_ROMAN ? b[i] : b[i] | 0x80);
                i++;
            }
        }
        flush(out, run, runSet);
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream run, CodeElement set) {
        if (run.size() > 0) {
            out.append(new String(run.toByteArray(), set.charset));
            run.reset();
        }
    }

    private static CodeElement matchEscape(byte[] b, int from, int to) {
        for (CodeElement ce : CodeElement.values()) {
            byte[] e = ce.escape;
            if (from + e.length <= to && Arrays.equals(b, from, from + e.length, e, 0, e.length)) {
                return ce;
            }
        }
        return null;
    }

    /**
     * Encodes text. With code extensions the text is written with the escape sequences of
     * PS3.5 6.1.2.5.3, returning to the initial sets before each {@code ^ = \} and line break.
     */
    public byte[] encode(String text, boolean personName) {
        if (single != null) {
            return text.getBytes(single);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 2);
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean delimiter = cp == '\\' || cp == '\r' || cp == '\n' || cp == '\f'
                    || (personName && (cp == '^' || cp == '='));
            if (cp < 0x80) {
                if (g0.width == 2) {
                    out.writeBytes(escape(CodeElement.ASCII));
                    g0 = CodeElement.ASCII;
                }
                out.write(cp);
                if (delimiter) {
                    g1 = initialG1;
                }
                continue;
            }
            String ch = new String(Character.toChars(cp));
            CodeElement target = null;
            byte[] encoded = null;
            for (CodeElement ce : candidates(g0, g1)) {
                encoded = encodeIn(ce, ch);
                if (encoded != null) {
                    target = ce;
                    break;
                }
            }
            if (target == null) {
                out.write('?');
                continue;
            }
            if (target.g0 && target != g0) {
                out.writeBytes(escape(target));
                g0 = target;
            } else if (!target.g0 && target != g1) {
                out.writeBytes(escape(target));
                g1 = target;
            }
            for (byte x : encoded) {
                out.write(target.g0 ? x & 0x7F : x | 0x80);
            }
        }
        if (g0.width == 2) {
            out.writeBytes(escape(CodeElement.ASCII));
        }
        return out.toByteArray();
    }

    /** The active sets first, so that no escape is written when none is needed. */
    private List<CodeElement> candidates(CodeElement g0, CodeElement g1) {
        List<CodeElement> list = new ArrayList<>();
        if (g1 != null) {
            list.add(g1);
        }
        if (g0 != null && g0.width == 2) {
            list.add(g0);
        }
        for (CodeElement ce : designations) {
            if (!list.contains(ce) && ce != CodeElement.ASCII && ce != CodeElement.JIS_ROMAN) {
                list.add(ce);
            }
        }
        return list;
    }

    private static byte[] encodeIn(CodeElement ce, String ch) {
        CharsetEncoder encoder = ce.charset.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                .onMalformedInput(CodingErrorAction.REPORT);
        try {
            ByteBuffer bb = encoder.encode(CharBuffer.wrap(ch));
            byte[] bytes = new byte[bb.remaining()];
            bb.get(bytes);
            if (ce == CodeElement.JIS_X0212) {
                return bytes.length == 3 && (bytes[0] & 0xFF) == 0x8F ? Arrays.copyOfRange(bytes, 1, 3) : null;
            }
            if (bytes.length != ce.width || (bytes[0] & 0x80) == 0 || (bytes[0] & 0xFF) == 0x8E
                    || (bytes[0] & 0xFF) == 0x8F) {
                return null;
            }
            return bytes;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] escape(CodeElement ce) {
        byte[] e = new byte[ce.escape.length + 1];
        e[0] = ESC;
        System.arraycopy(ce.escape, 0, e, 1, ce.escape.length);
        return e;
    }

    @Override
    public String toString() {
        return terms.length == 0 ? "fallback " + single.name() : String.join("\\", terms);
    }
}
