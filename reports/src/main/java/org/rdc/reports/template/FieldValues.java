package org.rdc.reports.template;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.rdc.reports.ReportException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks structured field values against their template. Every refusal is INVALID with a code
 * that says what is wrong: {@code field-unknown} (not in the template), {@code field-type} (a
 * value of another shape), {@code field-range} (a number outside min..max), {@code field-choice}
 * (a code not among the choices), {@code field-length}, and at signing {@code field-required}.
 * A JSON null clears a field.
 */
public final class FieldValues {

    private static final int DEFAULT_MAX_LENGTH = 2000;

    private FieldValues() {
    }

    public static void check(ReportTemplate t, ObjectNode values) {
        for (Iterator<Map.Entry<String, JsonNode>> it = values.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDefinition f = t.field(e.getKey()).orElseThrow(() -> ReportException.invalid("field-unknown",
                    "template " + t.ref() + " has no field '" + e.getKey() + "'"));
            if (!e.getValue().isNull()) {
                checkValue(f, e.getValue());
            }
        }
    }

    /** Before signing: every required field has a value. */
    public static void checkComplete(ReportTemplate t, ObjectNode values) {
        for (FieldDefinition f : t.fields()) {
            JsonNode v = values.get(f.key());
            if (f.required() && (v == null || v.isNull() || (v.isString() && v.asString().isBlank()))) {
                throw ReportException.invalid("field-required", "field " + f.label() + " is required before signing");
            }
        }
    }

    private static void checkValue(FieldDefinition f, JsonNode v) {
        switch (f.type()) {
            case TEXT -> {
                if (!v.isString()) {
                    throw type(f, "a text", v);
                }
                length(f, v.asString());
            }
            case NUMBER -> {
                if (!v.isNumber()) {
                    throw type(f, "a number" + (f.unit() == null ? "" : " in " + f.unit()), v);
                }
                double d = v.asDouble();
                if ((f.min() != null && d < f.min()) || (f.max() != null && d > f.max())) {
                    throw ReportException.invalid("field-range", "field " + f.label() + " must be within " + f.min() + ".." + f.max()
                            + (f.unit() == null ? "" : " " + f.unit()) + ", got " + v);
                }
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw type(f, "true or false", v);
                }
            }
            case CHOICE -> {
                if (!v.isString()) {
                    throw type(f, "one code of " + codes(f), v);
                }
                choice(f, v.asString());
            }
            case MULTI_CHOICE -> {
                if (!v.isArray()) {
                    throw type(f, "a list of codes of " + codes(f), v);
                }
                Set<String> seen = new HashSet<>();
                for (JsonNode c : v) {
                    if (!c.isString()) {
                        throw type(f, "a list of codes of " + codes(f), v);
                    }
                    choice(f, c.asString());
                    if (!seen.add(c.asString())) {
                        throw ReportException.invalid("field-choice", "field " + f.label() + " lists " + c.asString() + " twice");
                    }
                }
            }
            case TEXT_LIST -> {
                if (!v.isArray()) {
                    throw type(f, "a list of texts", v);
                }
                for (JsonNode c : v) {
                    if (!c.isString()) {
                        throw type(f, "a list of texts", v);
                    }
                    length(f, c.asString());
                }
            }
        }
    }

    private static void length(FieldDefinition f, String s) {
        int max = f.maxLength() == null ? DEFAULT_MAX_LENGTH : f.maxLength();
        if (s.length() > max) {
            throw ReportException.invalid("field-length", "field " + f.label() + " is longer than " + max + " characters");
        }
    }

    private static void choice(FieldDefinition f, String code) {
        if (f.choices().stream().noneMatch(c -> c.code().equals(code))) {
            throw ReportException.invalid("field-choice", "field " + f.label() + " must be one of " + codes(f) + ", got '" + code + "'");
        }
    }

    private static String codes(FieldDefinition f) {
        return f.choices().stream().map(Choice::code).toList().toString();
    }

    private static ReportException type(FieldDefinition f, String expected, JsonNode got) {
        return ReportException.invalid("field-type", "field " + f.label() + " must be " + expected + ", got "
                + got.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(got.toString()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
