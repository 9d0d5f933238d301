package org.rdc.ecg.intake;

import java.util.List;
import org.rdc.ecg.holter.HolterAnalysis;
import org.rdc.ecg.json.HolterJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored analysis of a Holter recording ({@value HolterIntake#ANALYSIS}), one shape: {@link HolterJson#stored}
 * (the report's and the reviewer's fields of {@link HolterJson#analysis}, and what rebuilds the analysis), the
 * critical findings once more under the resting analysis' key {@code criticalFlags} (so the critical-value loop
 * reads either kind of ECG the same way), and which recording it is: {@code studyInstanceUid}, {@code sopInstanceUid},
 * for an upload {@code originalSha256} and {@code uploadId}.
 */
public final class HolterAnalysisDocument {

    /** What names the recording; a relabelled analysis carries them over from the one it follows. */
    static final List<String> IDENTITY = List.of("studyInstanceUid", "sopInstanceUid", "originalSha256", "uploadId");

    private HolterAnalysisDocument() {
    }

    static ObjectNode of(HolterAnalysis a) {
        ObjectNode n = HolterJson.stored(a);
        n.set("criticalFlags", n.path("criticalFindings").deepCopy());
        return n;
    }

    /**
     * The document of {@code relabelled}, the analysis of {@code previous} after a reader's relabel: the same
     * recording (identity fields copied), every figure from the new labels, and {@code follows} naming the
     * attachment it was made from, so the stored history reads in order.
     */
    public static ObjectNode relabelled(JsonNode previous, String previousSha256, HolterAnalysis relabelled) {
        ObjectNode n = of(relabelled);
        for (String field : IDENTITY) {
            JsonNode v = previous.get(field);
            if (v != null && !v.isNull()) {
                n.set(field, v.deepCopy());
            }
        }
        n.put("follows", previousSha256);
        return n;
    }

    /** The analysis a stored document holds, rebuilt ({@link HolterJson#read}). */
    public static HolterAnalysis read(JsonNode stored) {
        return HolterJson.read(stored);
    }
}
