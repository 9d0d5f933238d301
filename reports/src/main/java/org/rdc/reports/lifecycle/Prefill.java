package org.rdc.reports.lifecycle;

import java.util.List;
import org.rdc.reports.template.ReportTemplate;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Field values known before the reader starts (the ECG intake's automatic analysis), by field key. */
@FunctionalInterface
public interface Prefill {

    ObjectNode values(String studyInstanceUid, ReportTemplate template);

    /**
     * Every one of {@code parts} in turn (e.g. the resting ECG's and the Holter analysis'), each filling the fields
     * whose {@code prefill} it knows; a later part's value for a field an earlier one filled wins.
     */
    static Prefill all(List<Prefill> parts) {
        List<Prefill> copy = List.copyOf(parts);
        return (study, template) -> {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Prefill p : copy) {
                out.setAll(p.values(study, template));
            }
            return out;
        };
    }
}
