package org.rdc.ecg.model;

import java.util.Optional;

/**
 * One lead's samples in microvolts. The name is the standard label ("aVR", "V1") whenever the
 * source lead is one of {@link StandardLead}, else the source's own label.
 */
public record Lead(String name, double[] samplesUv) {

    public Lead {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("lead name is required");
        }
        if (samplesUv == null) {
            throw new IllegalArgumentException("lead " + name + " has no samples");
        }
    }

    public Optional<StandardLead> standard() {
        return StandardLead.fromLabel(name);
    }

    public int length() {
        return samplesUv.length;
    }
}
