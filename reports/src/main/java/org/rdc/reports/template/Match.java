package org.rdc.reports.template;

import java.util.List;

/**
 * Which studies a template suits: its service line, modalities, and body parts / keywords looked
 * for in the study description (what a township device sends, e.g. "胸部正位" or "CHEST PA").
 * {@code keywordRequired}: the template suits only a study whose description names one of its
 * keywords, never one matched by modality alone (a Holter recording is always described as one;
 * an ECG without a description is a resting ECG).
 */
public record Match(List<String> modalities, List<String> keywords, boolean keywordRequired) {

    public Match {
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }
}
