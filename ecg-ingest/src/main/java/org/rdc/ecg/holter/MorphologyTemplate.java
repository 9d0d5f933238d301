package org.rdc.ecg.holter;

import java.util.List;

/**
 * One morphology template (cluster) as the analysis found it: its member count (membership never
 * changes, only labels do), the class most of its members got from the classifier (supraventricular
 * beats count as normal-shaped), its QRS duration measured on the template's mean shape, and the
 * indices of a few representative members (the best-matching ones) for the reviewer's strips.
 */
public record MorphologyTemplate(int id, int members, BeatClass automaticLabel, double qrsMs, List<Integer> representatives) {

    public MorphologyTemplate {
        representatives = List.copyOf(representatives);
    }
}
