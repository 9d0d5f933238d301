package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A diary entry attached to its moment: the heart rate and the beats by class within
 * {@value #AROUND_SECONDS} s either side, the beat nearest to it, and what was going on then: the
 * episodes it falls in (AF, VT, SVT, PAUSE, ST) or the excluded segment (NOISE, SATURATION,
 * LEAD_OFF), empty when none.
 *
 * @param nearestBeat index into the analysis' {@link BeatTable}, -1 when the recording has no beats
 * @param heartRateBpm NaN when no RR interval lies within the window
 */
public record DiaryEvent(DiaryEntry entry, long frame, int nearestBeat, double heartRateBpm, Map<BeatClass, Integer> beatsAround,
        List<String> during) {

    static final double AROUND_SECONDS = 30;

    public DiaryEvent {
        beatsAround = Map.copyOf(beatsAround);
        during = List.copyOf(during);
    }

    static List<DiaryEvent> of(HolterSummary s, List<DiaryEntry> diary) {
        List<DiaryEvent> out = new ArrayList<>();
        double fs = s.sampleRate();
        long[] f = s.analysedFrames();
        BeatClass[] labels = s.analysedLabels();
        BitSet breaks = s.breaks();
        long around = Math.round(AROUND_SECONDS * fs);
        for (DiaryEntry e : diary) {
            long at = Math.round(e.seconds() * fs);
            Map<BeatClass, Integer> counts = new EnumMap<>(BeatClass.class);
            int from = lowerBound(f, at - around);
            int to = lowerBound(f, at + around + 1);
            long rrSum = 0;
            int rrs = 0;
            for (int k = from; k < to; k++) {
                counts.merge(labels[k], 1, Integer::sum);
                if (k > from && !breaks.get(k)) {
                    rrSum += f[k] - f[k - 1];
                    rrs++;
                }
            }
            List<String> during = new ArrayList<>();
            s.analysis().segments().stream().filter(g -> g.from() <= at && at < g.to()).forEach(g -> during.add(g.kind().name()));
            s.afEpisodes().stream().filter(x -> x.fromFrame() <= at && at <= x.toFrame()).findFirst().ifPresent(x -> during.add("AF"));
            s.vtEpisodes().stream().filter(x -> x.fromFrame() <= at && at <= x.toFrame()).findFirst().ifPresent(x -> during.add("VT"));
            s.svtEpisodes().stream().filter(x -> x.fromFrame() <= at && at <= x.toFrame()).findFirst().ifPresent(x -> during.add("SVT"));
            s.pauses().stream().filter(x -> x.fromFrame() <= at && at <= x.toFrame()).findFirst().ifPresent(x -> during.add("PAUSE"));
            s.stEpisodes().stream().filter(x -> x.fromFrame() <= at && at <= x.toFrame()).findFirst().ifPresent(x -> during.add("ST"));
            out.add(new DiaryEvent(e, at, nearest(s.analysis().beats(), at), rrs == 0 ? Double.NaN : 60.0 * rrs * fs / rrSum,
                    counts, during));
        }
        return out;
    }

    private static int lowerBound(long[] f, long frame) {
        int i = Arrays.binarySearch(f, frame);
        return i >= 0 ? i : -i - 1;
    }

    private static int nearest(BeatTable beats, long frame) {
        int lo = 0;
        int hi = beats.size() - 1;
        if (hi < 0) {
            return -1;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (beats.frame(mid) < frame) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo > 0 && frame - beats.frame(lo - 1) < beats.frame(lo) - frame ? lo - 1 : lo;
    }
}
