package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.List;

/**
 * Ectopic beats of one class grouped as Holter reports count them: isolated beats, couplets (two in a
 * row), runs (three or more in a row; a ventricular run is ventricular tachycardia when its rate is over
 * 100 bpm, the 2017 ISHNE/HRS consensus's definition), and bigeminy / trigeminy episodes (at least three
 * cycles of one normal beat then one ectopic, or two normal then one ectopic).
 */
public final class EctopyPatterns {

    /** Consecutive ectopic beats from index {@code first} to {@code last} inclusive, with their mean rate. */
    public record Run(int first, int last, double bpm) {
        public int beats() {
            return last - first + 1;
        }
    }

    /** An episode of bigeminy or trigeminy: beat indices and the number of cycles. */
    public record Episode(int first, int last, int cycles) {
    }

    public static final int MIN_CYCLES = 3;

    private final int isolated;
    private final int couplets;
    private final List<Run> runs;
    private final List<Episode> bigeminy;
    private final List<Episode> trigeminy;

    private EctopyPatterns(int isolated, int couplets, List<Run> runs, List<Episode> bigeminy, List<Episode> trigeminy) {
        this.isolated = isolated;
        this.couplets = couplets;
        this.runs = runs;
        this.bigeminy = bigeminy;
        this.trigeminy = trigeminy;
    }

    public static EctopyPatterns of(long[] beats, BeatClass[] classes, BeatClass ectopic, double sampleRate) {
        int isolated = 0;
        int couplets = 0;
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] != ectopic) {
                continue;
            }
            int j = i;
            while (j + 1 < classes.length && classes[j + 1] == ectopic) {
                j++;
            }
            int n = j - i + 1;
            if (n == 1) {
                isolated++;
            } else if (n == 2) {
                couplets++;
            } else {
                double seconds = (beats[j] - beats[i]) / sampleRate;
                runs.add(new Run(i, j, 60 * (n - 1) / seconds));
            }
            i = j;
        }
        return new EctopyPatterns(isolated, couplets, runs, episodes(classes, ectopic, 1), episodes(classes, ectopic, 2));
    }

    /** Maximal stretches of the cycle (normal x {@code normals}, then one ectopic) repeated at least MIN_CYCLES times. */
    private static List<Episode> episodes(BeatClass[] classes, BeatClass ectopic, int normals) {
        int period = normals + 1;
        List<Episode> out = new ArrayList<>();
        int i = 0;
        while (i + period <= classes.length) {
            int cycles = 0;
            while (i + (cycles + 1) * period <= classes.length && isCycle(classes, i + cycles * period, normals, ectopic)) {
                cycles++;
            }
            if (cycles >= MIN_CYCLES) {
                out.add(new Episode(i, i + cycles * period - 1, cycles));
                i += cycles * period;
            } else {
                i++;
            }
        }
        return out;
    }

    private static boolean isCycle(BeatClass[] c, int at, int normals, BeatClass ectopic) {
        for (int k = 0; k < normals; k++) {
            if (c[at + k] != BeatClass.NORMAL) {
                return false;
            }
        }
        return c[at + normals] == ectopic;
    }

    public int isolated() {
        return isolated;
    }

    public int couplets() {
        return couplets;
    }

    public List<Run> runs() {
        return runs;
    }

    /** Ventricular tachycardia: runs over 100 bpm (meaningful for the ventricular class). */
    public List<Run> tachycardiaRuns() {
        return runs.stream().filter(r -> r.bpm() > 100).toList();
    }

    public List<Episode> bigeminy() {
        return bigeminy;
    }

    public List<Episode> trigeminy() {
        return trigeminy;
    }
}
