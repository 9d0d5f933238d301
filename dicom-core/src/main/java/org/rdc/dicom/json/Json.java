package org.rdc.dicom.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rdc.dicom.core.DicomParseException;

/**
 * A small JSON (RFC 8259) parser and string quoting, enough for DICOM JSON without a dependency.
 * Objects become {@link LinkedHashMap}, arrays {@link ArrayList}, numbers {@link BigDecimal}. Nesting
 * depth is limited so hostile input cannot exhaust the stack.
 */
public final class Json {

    private static final int MAX_DEPTH = 200;
    /** Decimal exponent limit, well beyond double's 10^308: DICOM numbers never need more. */
    private static final int MAX_MAGNITUDE = 400;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Parses a JSON text; errors are {@link DicomParseException}s carrying the character offset. */
    public static Object parse(String text) throws DicomParseException {
        Json p = new Json(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected content after the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws DicomParseException {
        if (depth > MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH);
        }
        if (pos >= text.length()) {
            throw error("unexpected end of JSON");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                skipWhitespace();
                if (peek() == '}') {
                    pos++;
                    return map;
                }
                while (true) {
                    skipWhitespace();
                    if (peek() != '"') {
                        throw error("expected a member name");
                    }
                    String key = string();
                    skipWhitespace();
                    expect(':');
                    skipWhitespace();
                    map.put(key, value(depth + 1));
                    skipWhitespace();
                    if (peek() == ',') {
                        pos++;
                    } else {
                        expect('}');
                        return map;
                    }
                }
            }
            case '[' -> {
                pos++;
                List<Object> list = new ArrayList<>();
                skipWhitespace();
                if (peek() == ']') {
                    pos++;
                    return list;
                }
                while (true) {
                    skipWhitespace();
                    list.add(value(depth + 1));
                    skipWhitespace();
                    if (peek() == ',') {
                        pos++;
                    } else {
                        expect(']');
                        return list;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return null;
            }
            default -> {
                return number();
            }
        }
    }

    private String string() throws DicomParseException {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    throw error("unterminated escape");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("bad unicode escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad unicode escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            } else if (c < 0x20) {
                throw error("control character in string");
            } else {
                sb.append(c);
            }
        }
    }

    /**
     * A JSON number that remembers how it was written, so that a DS such as "1.0000000e-6" keeps its
     * notation when it goes back into a data set.
     */
    public static final class Number extends BigDecimal {
        private final String text;

        Number(String text) {
            super(text);
            this.text = text;
        }

        public String text() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return super.equals(o);
        }

        @Override
        public int hashCode() {
            return super.hashCode();
        }
    }

    private BigDecimal number() throws DicomParseException {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String s = text.substring(start, pos);
        if (s.isEmpty() || s.length() > 400) {
            throw error("expected a JSON value");
        }
        Number n;
        try {
            n = new Number(s);
        } catch (NumberFormatException e) {
            throw error("bad number " + s);
        }
        // 1e999999999 is valid JSON, but turning it into digits later would take hours (found by fuzzing)
        if (Math.abs((long) n.precision() - n.scale()) > MAX_MAGNITUDE) {
            throw error("number out of range " + s);
        }
        return n;
    }

    private void literal(String word) throws DicomParseException {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) throws DicomParseException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private DicomParseException error(String reason) {
        return new DicomParseException("invalid JSON: " + reason, pos, DicomParseException.NO_TAG);
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
