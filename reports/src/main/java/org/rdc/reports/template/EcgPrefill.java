package org.rdc.reports.template;

import java.util.Optional;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.json.EcgJson;
import org.rdc.reports.ReportException;
import org.rdc.reports.lifecycle.Prefill;
import org.rdc.storage.InstanceStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pre-fills a template's {@code ecg.*} fields from the automatic analysis the ECG intake stored
 * with the study (attachment {@value EcgIntake#ANALYSIS}, the newest one): {@code ecg.rhythm} the
 * rhythm code, {@code ecg.statements} the statements in Chinese, any other {@code ecg.<name>} the
 * measurement of that name, rounded to whole units. A value the template would refuse (outside its
 * range, a rhythm it does not list) is left empty for the reader; no analysis, nothing pre-filled.
 */
public final class EcgPrefill implements Prefill {

    private static final String PREFIX = "ecg.";

    private final InstanceStore store;

    public EcgPrefill(InstanceStore store) {
        this.store = store;
    }

    @Override
    public ObjectNode values(String studyInstanceUid, ReportTemplate template) {
        ObjectNode out = EcgJson.object();
        if (template.fields().stream().noneMatch(f -> f.prefill() != null && f.prefill().startsWith(PREFIX))) {
            return out;
        }
        Optional<ObjectNode> analysis = EcgIntake.storedAnalysis(store, studyInstanceUid);
        if (analysis.isEmpty()) {
            return out;
        }
        for (FieldDefinition f : template.fields()) {
            if (f.prefill() == null || !f.prefill().startsWith(PREFIX)) {
                continue;
            }
            String name = f.prefill().substring(PREFIX.length());
            JsonNode value = switch (name) {
                case "rhythm" -> analysis.get().get("rhythm");
                case "statements" -> statements(analysis.get());
                default -> rounded(analysis.get().get(name));
            };
            if (value == null || value.isNull()) {
                continue;
            }
            ObjectNode one = EcgJson.object();
            one.set(f.key(), value);
            try {
                FieldValues.check(template, one);
                out.set(f.key(), value);
            } catch (ReportException e) {
                // the reader fills it in: the analysis gave a value this template does not accept
            }
        }
        return out;
    }

    private static JsonNode statements(ObjectNode analysis) {
        ArrayNode list = EcgJson.object().arrayNode();
        JsonNode s = analysis.get("statements");
        if (s != null) {
            for (JsonNode st : s) {
                JsonNode zh = st.get("zh");
                if (zh != null && zh.isString()) {
                    list.add(zh.asString());
                }
            }
        }
        return list;
    }

    private static JsonNode rounded(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return null;
        }
        return EcgJson.object().numberNode(Math.round(n.asDouble()));
    }
}
