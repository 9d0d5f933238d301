package org.rdc.ecg.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.StandardLead;

/** Applies {@link StElevationCriteria} to measured J-point ST levels. */
final class StemiCheck {

    private StemiCheck() {
    }

    /** Leads whose J-point elevation meets their threshold, in print order. */
    static List<String> elevatedLeads(Map<String, Double> stUv, StElevationCriteria criteria, Sex sex, Integer age) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : stUv.entrySet()) {
            double threshold = criteria.thresholdUv(e.getKey(), sex, age);
            if (StandardLead.fromLabel(e.getKey()).isPresent() && !Double.isNaN(threshold)
                    && e.getValue() != null && e.getValue() >= threshold) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** The elevated leads that share a contiguous group with enough others; empty if none do. */
    static List<String> contiguous(List<String> elevated, StElevationCriteria criteria) {
        Set<String> hits = new TreeSet<>((a, b) -> Integer.compare(elevated.indexOf(a), elevated.indexOf(b)));
        for (Set<String> group : criteria.contiguousGroups()) {
            List<String> inGroup = elevated.stream().filter(group::contains).toList();
            if (inGroup.size() >= criteria.minLeads()) {
                hits.addAll(inGroup);
            }
        }
        return new ArrayList<>(hits);
    }
}
