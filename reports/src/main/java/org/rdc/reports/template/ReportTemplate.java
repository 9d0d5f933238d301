package org.rdc.reports.template;

import java.util.List;
import java.util.Optional;
import org.rdc.reports.model.Sections;

/**
 * A report template: data, not code (JSON under {@code templates/} as the defaults, more added
 * and versioned by an administrator). {@code id} plus {@code version} is what a report records;
 * a template's versions never change once stored. {@code titleZh}, when given, is the title printed
 * on the report (e.g. 动态心电图检查报告单) instead of the service line's (心电图检查报告单).
 */
public record ReportTemplate(String id, int version, String nameZh, String nameEn, String serviceLine, Match match,
                             Sections defaults, List<FieldDefinition> fields, List<Phrase> phrases, String titleZh) {

    public ReportTemplate {
        fields = fields == null ? List.of() : List.copyOf(fields);
        phrases = phrases == null ? List.of() : List.copyOf(phrases);
        match = match == null ? new Match(null, null, false) : match;
        defaults = defaults == null ? Sections.EMPTY : defaults;
    }

    public Optional<FieldDefinition> field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    public String ref() {
        return id + "@" + version;
    }
}
