package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups beats by shape as they stream past, the "templates" a Holter reviewer relabels: a beat
 * (100 ms before to 160 ms after its R peak, all leads, each lead's mean removed) joins the template
 * it correlates best with at {@value #JOIN} or more (aligned within {@value #MAX_SHIFT_MS} ms), and
 * the template's mean shape follows its members; otherwise it starts a new template. At most
 * {@value #MAX_TEMPLATES} templates are kept (memory is bounded by that, not by the recording): past
 * that, a beat joins its best match whatever the correlation. A template keeps its mean shape, its
 * member count and the indices of its {@value #REPRESENTATIVES} best-matching members, never their
 * samples; which template each beat joined is kept by the caller.
 */
final class MorphologyClusters {

    static final int MAX_TEMPLATES = 32;
    static final double JOIN = 0.90;
    /** A beat this close to the previous beat's template joins it without comparing the others or shifting. */
    private static final double CLOSE = 0.97;
    static final int REPRESENTATIVES = 5;
    private static final int MAX_SHIFT_MS = 8;
    /** Members averaged exactly up to this count, then with this weight: the shape may drift slowly. */
    private static final int EXACT_MEAN = 64;
    /** Slope below this share of the template's steepest slope is outside the QRS. */
    private static final double QRS_EDGE_SLOPE = 0.15;

    final class Template {
        final int id;
        private final double[] mean;
        private int count;
        private final int[] representatives = new int[REPRESENTATIVES];
        private final double[] representativeCorrelation = new double[REPRESENTATIVES];
        private int representativeCount;
        private int[] extent;

        private Template(int id, double[] first) {
            this.id = id;
            this.mean = first;
        }

        int count() {
            return count;
        }

        /** Indices of the best-matching members, best first. */
        int[] representatives() {
            int[] out = new int[representativeCount];
            System.arraycopy(representatives, 0, out, 0, representativeCount);
            return out;
        }

        /** QRS onset and offset of the mean shape, in samples from the R peak (onset negative). */
        int[] qrsExtent() {
            if (extent == null) {
                extent = measureExtent(mean);
            }
            return extent;
        }

        private void add(int beat, double[] shape, double correlation) {
            count++;
            double w = count <= EXACT_MEAN ? 1.0 / count : 1.0 / EXACT_MEAN;
            if (count > 1) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += w * (shape[i] - mean[i]);
                }
            }
            if ((count & (count - 1)) == 0 || count % 256 == 0) {
                extent = null;
            }
            int at = representativeCount;
            while (at > 0 && representativeCorrelation[at - 1] < correlation) {
                at--;
            }
            if (at < REPRESENTATIVES) {
                int move = Math.min(representativeCount, REPRESENTATIVES - 1) - at;
                System.arraycopy(representatives, at, representatives, at + 1, move);
                System.arraycopy(representativeCorrelation, at, representativeCorrelation, at + 1, move);
                representatives[at] = beat;
                representativeCorrelation[at] = correlation;
                representativeCount = Math.min(REPRESENTATIVES, representativeCount + 1);
            }
        }
    }

    private final int before;
    private final int after;
    private final int maxShift;
    private final List<Template> templates = new ArrayList<>();
    private Template last;

    MorphologyClusters(double fs) {
        this.before = (int) Math.round(0.100 * fs);
        this.after = (int) Math.round(0.160 * fs);
        this.maxShift = (int) Math.round(MAX_SHIFT_MS / 1000.0 * fs);
    }

    /** The template beat {@code index} (R at window index {@code r}) joins; null when too near the window's edge to compare. */
    Template assign(int index, double[][] window, int length, int r) {
        if (r - before - maxShift < 0 || r + after + maxShift >= length) {
            return null;
        }
        double[] shape = shape(window, r);
        // most beats look like the one before: a close match there needs no search
        if (last != null) {
            double c = BeatClassifier.correlation(shape, last.mean);
            if (c >= CLOSE) {
                last.add(index, shape, c);
                return last;
            }
        }
        Template best = null;
        double bestCorrelation = -1;
        for (Template t : templates) {
            double c = BeatClassifier.correlation(shape, t.mean);
            if (c > bestCorrelation) {
                best = t;
                bestCorrelation = c;
            }
        }
        if (best != null) {
            for (int s = -maxShift; s <= maxShift; s++) {
                if (s != 0) {
                    double[] shifted = shape(window, r + s);
                    double c = BeatClassifier.correlation(shifted, best.mean);
                    if (c > bestCorrelation) {
                        bestCorrelation = c;
                        shape = shifted;
                    }
                }
            }
        }
        if (best == null || (bestCorrelation < JOIN && templates.size() < MAX_TEMPLATES)) {
            best = new Template(templates.size(), shape);
            templates.add(best);
            bestCorrelation = 1;
        }
        best.add(index, shape, bestCorrelation);
        last = best;
        return best;
    }

    List<Template> templates() {
        return templates;
    }

    /** The samples of one lead in the shape arrays start at {@code lead * width()}; R is at {@link #before()}. */
    int width() {
        return before + after + 1;
    }

    int before() {
        return before;
    }

    private double[] shape(double[][] window, int r) {
        return BeatClassifier.centred(window, r - before, width());
    }

    /**
     * QRS edges where the all-lead slope falls under a share of its peak, walking outward from the
     * steepest point before and the steepest point after the R peak (the peak itself is flat).
     */
    private int[] measureExtent(double[] mean) {
        int w = width();
        int leads = mean.length / w;
        double[] slope = new double[w];
        for (int k = 1; k < w - 1; k++) {
            for (int l = 0; l < leads; l++) {
                slope[k] += Math.abs(mean[l * w + k + 1] - mean[l * w + k - 1]);
            }
        }
        int steepBefore = before;
        for (int k = before; k >= 1; k--) {
            steepBefore = slope[k] > slope[steepBefore] ? k : steepBefore;
        }
        int steepAfter = before;
        for (int k = before; k <= before + after / 2; k++) {
            steepAfter = slope[k] > slope[steepAfter] ? k : steepAfter;
        }
        double edge = QRS_EDGE_SLOPE * Math.max(slope[steepBefore], slope[steepAfter]);
        int on = steepBefore;
        while (on > 1 && !(slope[on] < edge && slope[on - 1] < edge)) {
            on--;
        }
        int off = steepAfter;
        while (off < w - 2 && !(slope[off] < edge && slope[off + 1] < edge)) {
            off++;
        }
        return new int[] {on - before, off - before};
    }
}
