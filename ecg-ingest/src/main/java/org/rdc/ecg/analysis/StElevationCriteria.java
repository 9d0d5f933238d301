package org.rdc.ecg.analysis;

import java.util.List;
import java.util.Set;
import org.rdc.ecg.model.Sex;

/**
 * New ST elevation at the J point in at least {@code minLeads} contiguous leads, with thresholds
 * by lead, sex and age as in the Fourth Universal Definition of Myocardial Infarction (Thygesen
 * et al., ESC/ACC/AHA/WHF 2018, table "ECG manifestations suggestive of acute myocardial
 * ischaemia"): >= 1 mm in all leads other than V2-V3; in V2-V3 >= 2 mm in men >= 40, >= 2.5 mm in
 * men < 40, >= 1.5 mm in women; >= 0.5 mm in V7-V9; >= 0.5 mm in V3R-V4R (>= 1 mm in men < 30).
 * 1 mm = 100 uV at standard gain. When sex is unknown the lowest V2-V3 threshold is used, because
 * a missed critical value costs more than a false alarm a cardiologist dismisses.
 *
 * @param contiguousGroups leads that face the same region; two elevated leads in one group count
 */
public record StElevationCriteria(double generalUv, double v2v3Male40PlusUv, double v2v3MaleUnder40Uv,
                                  double v2v3FemaleUv, double posteriorUv, double rightUv,
                                  double rightMaleUnder30Uv, int minLeads, List<Set<String>> contiguousGroups) {

    public static StElevationCriteria fourthUniversalDefinition() {
        return new StElevationCriteria(100, 200, 250, 150, 50, 50, 100, 2, List.of(
                Set.of("II", "III", "aVF"),
                Set.of("I", "aVL", "V5", "V6"),
                Set.of("V1", "V2", "V3", "V4"),
                Set.of("V3", "V4", "V5"),
                Set.of("V7", "V8", "V9"),
                Set.of("V3R", "V4R")));
    }

    /** Threshold in uV for a lead, or NaN when the lead is not assessed (aVR). */
    public double thresholdUv(String lead, Sex sex, Integer ageYears) {
        switch (lead) {
            case "aVR":
                return Double.NaN;
            case "V2":
            case "V3":
                if (sex == Sex.FEMALE) {
                    return v2v3FemaleUv;
                }
                if (sex == Sex.MALE) {
                    return ageYears != null && ageYears < 40 ? v2v3MaleUnder40Uv : v2v3Male40PlusUv;
                }
                return Math.min(v2v3FemaleUv, Math.min(v2v3Male40PlusUv, v2v3MaleUnder40Uv));
            case "V7":
            case "V8":
            case "V9":
                return posteriorUv;
            case "V3R":
            case "V4R":
                return sex == Sex.MALE && ageYears != null && ageYears < 30 ? rightMaleUnder30Uv : rightUv;
            default:
                return generalUv;
        }
    }
}
