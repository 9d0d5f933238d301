package org.rdc.ecg.holter;

/**
 * Beat-by-beat comparison of detected against reference beats as ANSI/AAMI EC57:2012 section 4.2
 * prescribes: a detected beat matches a reference beat within 150 ms of it (each used once, the
 * nearest first); unmatched reference beats are false negatives, unmatched detections false
 * positives. Gross statistics: Se = TP / (TP + FN), +P = TP / (TP + FP).
 */
public record Ec57Match(int truePositives, int falseNegatives, int falsePositives) {

    public static final double WINDOW_SECONDS = 0.150;

    /** Both arrays in ascending frame order. */
    public static Ec57Match of(long[] reference, long[] detected, double sampleRate) {
        int[] pair = pairs(reference, detected, sampleRate);
        int tp = (int) java.util.Arrays.stream(pair).filter(k -> k >= 0).count();
        return new Ec57Match(tp, reference.length - tp, detected.length - tp);
    }

    /**
     * Statistics for one beat class (EC57 4.2.3, e.g. VEB): TP are matched beats of that class in both,
     * FN reference beats of the class detected as another class or missed, FP beats detected as the
     * class where the reference has another class (detections matching no reference beat are counted
     * by the QRS statistics, not here).
     */
    public static Ec57Match ofClass(long[] reference, BeatClass[] referenceClass, long[] detected, BeatClass[] detectedClass,
            BeatClass target, double sampleRate) {
        int[] pair = pairs(reference, detected, sampleRate);
        int tp = 0;
        int fn = 0;
        int fp = 0;
        for (int i = 0; i < reference.length; i++) {
            boolean isTarget = referenceClass[i] == target;
            boolean found = pair[i] >= 0 && detectedClass[pair[i]] == target;
            if (isTarget && found) {
                tp++;
            } else if (isTarget) {
                fn++;
            } else if (found) {
                fp++;
            }
        }
        return new Ec57Match(tp, fn, fp);
    }

    /** For each reference beat, the index of its matched detection or -1. */
    private static int[] pairs(long[] reference, long[] detected, double sampleRate) {
        long window = Math.round(WINDOW_SECONDS * sampleRate);
        boolean[] used = new boolean[detected.length];
        int[] pair = new int[reference.length];
        int j = 0;
        for (int i = 0; i < reference.length; i++) {
            long ref = reference[i];
            while (j < detected.length && detected[j] < ref - window) {
                j++;
            }
            int best = -1;
            for (int k = j; k < detected.length && detected[k] <= ref + window; k++) {
                if (!used[k] && (best < 0 || Math.abs(detected[k] - ref) < Math.abs(detected[best] - ref))) {
                    best = k;
                }
            }
            if (best >= 0) {
                used[best] = true;
            }
            pair[i] = best;
        }
        return pair;
    }

    /** NaN when there is nothing to detect. */
    public double sensitivity() {
        return 100.0 * truePositives / (truePositives + falseNegatives);
    }

    /** NaN when nothing was detected. */
    public double positivePredictivity() {
        return 100.0 * truePositives / (truePositives + falsePositives);
    }
}
