package org.rdc.reports.template;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.rdc.reports.ReportException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and checks a template definition (the files under {@code templates/} and what an
 * administrator uploads). A definition that is not complete and consistent is refused with
 * {@code template-invalid} and a message naming the part that is wrong.
 */
public final class TemplateJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,63}");
    private static final Set<String> SECTIONS = Set.of("findings", "impression", "recommendation");

    private TemplateJson() {
    }

    public static ReportTemplate parse(String json) {
        ReportTemplate t;
        try {
            t = MAPPER.readValue(json, ReportTemplate.class);
        } catch (JacksonException e) {
            throw invalid("not a template definition: " + e.getOriginalMessage());
        }
        check(t);
        return t;
    }

    public static String write(ReportTemplate t) {
        return MAPPER.writeValueAsString(t);
    }

    static void check(ReportTemplate t) {
        if (t.id() == null || !ID.matcher(t.id()).matches()) {
            throw invalid("id must be 1-64 lower-case letters, digits and '-': " + t.id());
        }
        if (t.version() < 1) {
            throw invalid(t.id() + ": version must be 1 or more");
        }
        if (blank(t.nameZh()) || blank(t.nameEn())) {
            throw invalid(t.id() + ": nameZh and nameEn are required");
        }
        if (blank(t.serviceLine())) {
            throw invalid(t.id() + ": serviceLine is required (RADIOLOGY, ULTRASOUND, ECG)");
        }
        Set<String> keys = new HashSet<>();
        for (FieldDefinition f : t.fields()) {
            if (f.key() == null || !KEY.matcher(f.key()).matches() || !keys.add(f.key())) {
                throw invalid(t.id() + ": field key missing, malformed or repeated: " + f.key());
            }
            if (f.type() == null || blank(f.nameZh()) || blank(f.nameEn())) {
                throw invalid(t.id() + ": field " + f.key() + " needs type, nameZh and nameEn");
            }
            boolean choices = f.type() == FieldType.CHOICE || f.type() == FieldType.MULTI_CHOICE;
            if (choices != !f.choices().isEmpty()) {
                throw invalid(t.id() + ": field " + f.key() + (choices ? " needs choices" : " has choices but is " + f.type()));
            }
            Set<String> codes = new HashSet<>();
            for (Choice c : f.choices()) {
                if (blank(c.code()) || blank(c.zh()) || blank(c.en()) || !codes.add(c.code())) {
                    throw invalid(t.id() + ": a choice of " + f.key() + " lacks code, zh or en, or repeats a code: " + c.code());
                }
            }
            if (f.min() != null && f.max() != null && f.min() > f.max()) {
                throw invalid(t.id() + ": field " + f.key() + " has min above max");
            }
            if ((f.min() != null || f.max() != null || f.unit() != null) && f.type() != FieldType.NUMBER) {
                throw invalid(t.id() + ": field " + f.key() + " has a unit or range but is " + f.type());
            }
        }
        if (t.titleZh() != null && (t.titleZh().isBlank() || t.titleZh().length() > 40)) {
            throw invalid(t.id() + ": titleZh, when given, must be 1-40 characters");
        }
        for (Phrase p : t.phrases()) {
            if (!SECTIONS.contains(p.section()) || blank(p.zh())) {
                throw invalid(t.id() + ": a phrase needs section (findings, impression, recommendation) and zh: " + p);
            }
        }
        if (t.phrases().isEmpty()) {
            throw invalid(t.id() + ": a template needs its normal phrases (常用语)");
        }
    }

    static List<String> sectionNames() {
        return List.copyOf(SECTIONS);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ReportException invalid(String message) {
        return ReportException.invalid("template-invalid", message);
    }
}
