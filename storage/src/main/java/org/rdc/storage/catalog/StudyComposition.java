package org.rdc.storage.catalog;

import java.util.List;

/** A study's instances counted by series modality and SOP class, the largest part first. */
public record StudyComposition(List<Part> parts) {

    public StudyComposition {
        parts = List.copyOf(parts);
    }

    /** {@code modality} as the series carries it (may be null). */
    public record Part(String modality, String sopClassUid, int instances) {
    }

    public int instances() {
        return parts.stream().mapToInt(Part::instances).sum();
    }
}
