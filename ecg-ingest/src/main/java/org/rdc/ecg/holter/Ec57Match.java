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
        long window = Math.round(WINDOW_SECONDS * sampleRate);
        boolean[] used = new boolean[detected.length];
        int tp = 0;
        int j = 0;
        for (long ref : reference) {
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
                tp++;
            }
        }
        return new Ec57Match(tp, reference.length - tp, detected.length - tp);
    }

    public double sensitivity() {
        return 100.0 * truePositives / (truePositives + falseNegatives);
    }

    public double positivePredictivity() {
        return 100.0 * truePositives / (truePositives + falsePositives);
    }
}
