package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * ST episodes by the "1 x 1 x 1" rule of ambulatory ST monitoring (2017 ISHNE/HRS consensus,
 * section "ST-segment analysis"): ST deviation of at least 0.1 mV (configurable) against the PR
 * baseline, lasting at least 1 min, two episodes apart by at least 1 min (closer ones merge). The
 * deviation of a normal beat is measured at J + 80 ms (J + 60 ms over 100 bpm) when it streams past;
 * here it is averaged over the last {@value #AVERAGE} normal beats of each lead, so one noisy beat
 * does not start an episode.
 */
final class StEpisodes {

    static final int AVERAGE = 8;

    private StEpisodes() {
    }

    static List<HolterSummary.StEpisode> of(long[] frames, BeatClass[] labels, int[] index, BeatTable table, BitSet breaks,
            double fs, HolterSettings s) {
        List<HolterSummary.StEpisode> out = new ArrayList<>();
        for (int lead = 0; lead < table.leads(); lead++) {
            out.addAll(ofLead(lead, frames, labels, index, table, breaks, fs, s));
        }
        out.sort((a, b) -> Long.compare(a.fromFrame(), b.fromFrame()));
        return out;
    }

    private static List<HolterSummary.StEpisode> ofLead(int lead, long[] frames, BeatClass[] labels, int[] index,
            BeatTable table, BitSet breaks, double fs, HolterSettings s) {
        double[] ring = new double[AVERAGE];
        int filled = 0;
        List<HolterSummary.StEpisode> raw = new ArrayList<>();
        long from = -1;
        long to = -1;
        int sign = 0;
        double peak = 0;
        for (int k = 0; k < frames.length; k++) {
            if (breaks.get(k)) {
                filled = 0;
            }
            double v = table.stMicrovolts(lead, index[k]);
            if (labels[k] != BeatClass.NORMAL || Double.isNaN(v)) {
                continue;
            }
            ring[filled % AVERAGE] = v;
            filled++;
            if (filled < AVERAGE) {
                continue;
            }
            double mean = 0;
            for (double x : ring) {
                mean += x;
            }
            mean /= AVERAGE;
            int now = mean >= s.stDeviationUv() ? 1 : mean <= -s.stDeviationUv() ? -1 : 0;
            if (now != 0 && now == sign && !breaks.get(k)) {
                to = frames[k];
                peak = Math.max(peak, Math.abs(mean));
                continue;
            }
            if (sign != 0) {
                raw.add(new HolterSummary.StEpisode(lead, sign > 0, from, to, (to - from) / fs, peak));
            }
            sign = now;
            from = frames[k];
            to = frames[k];
            peak = Math.abs(mean);
        }
        if (sign != 0) {
            raw.add(new HolterSummary.StEpisode(lead, sign > 0, from, to, (to - from) / fs, peak));
        }
        List<HolterSummary.StEpisode> merged = new ArrayList<>();
        for (HolterSummary.StEpisode e : raw) {
            HolterSummary.StEpisode last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.elevation() == e.elevation() && (e.fromFrame() - last.toFrame()) / fs < s.stMinSeconds()) {
                merged.set(merged.size() - 1, new HolterSummary.StEpisode(lead, e.elevation(), last.fromFrame(), e.toFrame(),
                        (e.toFrame() - last.fromFrame()) / fs, Math.max(last.maxDeviationUv(), e.maxDeviationUv())));
            } else {
                merged.add(e);
            }
        }
        return merged.stream().filter(e -> e.seconds() >= s.stMinSeconds()).toList();
    }
}
