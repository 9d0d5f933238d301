package org.rdc.reports.template;

import java.util.List;

/**
 * One structured field of a template. {@code prefill} names where a value comes from before the
 * reader sees it (e.g. {@code ecg.heartRateBpm}: the ECG intake's automatic analysis); the reader
 * confirms or changes it.
 */
public record FieldDefinition(String key, String nameZh, String nameEn, FieldType type, String unit, Double min, Double max,
                              List<Choice> choices, Integer maxLength, boolean required, String prefill) {

    public FieldDefinition {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public String label() {
        return key + " (" + nameZh + " / " + nameEn + ")";
    }
}
