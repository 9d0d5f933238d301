package org.rdc.reports.template;

import java.util.List;

/**
 * Which studies a template suits: its service line, modalities, and body parts / keywords looked
 * for in the study description (what a township device sends, e.g. "胸部正位" or "CHEST PA").
 */
public record Match(List<String> modalities, List<String> keywords) {

    public Match {
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }
}
