package org.rdc.workstation.holter;

import java.util.Locale;
import java.util.Set;
import org.rdc.ecg.holter.BeatClass;
import org.rdc.ecg.holter.HolterAnalysis;
import org.rdc.ecg.json.HolterJson;
import org.rdc.workstation.api.WorkstationException;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/studies/{uid}/holter/relabel}: exactly one of {@code template} (a template id, as
 * {@code templates[].id}) or {@code beat} (a beat index, as the strips' and events' beat references), and
 * {@code class}: an EC57 class by its letter as the strips show it (N S V F Q) or its name as {@code templates[].label}
 * has it (NORMAL, SUPRAVENTRICULAR, VENTRICULAR, FUSION, UNCLASSIFIABLE). Anything else is a 400 saying what is wrong.
 */
record HolterRelabelRequest(HolterAnalysis.Target target, BeatClass beatClass) {

    private static final Set<String> FIELDS = Set.of("template", "beat", "class");

    static HolterRelabelRequest of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw WorkstationException.invalidCode("holter-relabel-body",
                    "the body is a JSON object: {\"template\": id, \"class\": \"N\"} or {\"beat\": index, \"class\": \"V\"}");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw WorkstationException.invalidCode("holter-relabel-body", "unknown field " + field + " (template, beat, class)");
            }
        }
        boolean template = body.has("template");
        boolean beat = body.has("beat");
        if (template == beat) {
            throw WorkstationException.invalidCode("holter-relabel-target", template
                    ? "name either a template or a beat, not both"
                    : "name what to relabel: \"template\" (a template id) or \"beat\" (a beat index)");
        }
        String field = template ? "template" : "beat";
        JsonNode id = body.get(field);
        if (!id.isIntegralNumber() || !id.canConvertToInt()) {
            throw WorkstationException.invalidCode("holter-relabel-target", field + " must be a whole number, was " + id);
        }
        HolterAnalysis.Target target = template ? new HolterAnalysis.Target.Template(id.asInt()) : new HolterAnalysis.Target.Beat(id.asInt());
        return new HolterRelabelRequest(target, beatClass(body.get("class")));
    }

    private static BeatClass beatClass(JsonNode c) {
        if (c == null || !c.isString()) {
            throw WorkstationException.invalidCode("holter-relabel-class", "class must be N, S, V, F or Q (or the class's name), was "
                    + (c == null ? "missing" : c.toString()));
        }
        String v = c.asString().strip();
        if (v.length() == 1) {
            try {
                return HolterJson.ofLetter(v.charAt(0));
            } catch (IllegalArgumentException e) {
                throw WorkstationException.invalidCode("holter-relabel-class", e.getMessage());
            }
        }
        try {
            return BeatClass.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WorkstationException.invalidCode("holter-relabel-class", "no beat class " + v + ": N, S, V, F or Q"
                    + " (NORMAL, SUPRAVENTRICULAR, VENTRICULAR, FUSION, UNCLASSIFIABLE)");
        }
    }
}
