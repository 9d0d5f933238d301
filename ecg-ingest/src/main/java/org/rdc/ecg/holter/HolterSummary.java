package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a Holter report counts, computed from the beats' current labels (a pure function of
 * a {@link HolterAnalysis}, recomputed on every relabelling): durations with the excluded noise,
 * beat counts by class, rate per minute and hour, pauses, ectopy patterns, VT / SVT / AF / ST
 * episodes, AF burden, HRV, critical findings and the diary events.
 *
 * <p>Rules, where a choice was made: beats inside excluded segments are artefact and are not
 * counted; an interval across an excluded segment is no RR interval. Inside an AF episode an early
 * normal-shaped beat is not a supraventricular ectopic (it is AF conducted), so it counts as normal,
 * and no SVT is called there; AF beats are no NN intervals for HRV (2017 ISHNE/HRS consensus).
 */
public final class HolterSummary {

    /** A run of beats: VT, SVT or AF. {@code firstBeat}/{@code lastBeat} index the analysis' {@link BeatTable}. */
    public record Episode(String kind, int firstBeat, int lastBeat, long fromFrame, long toFrame, double seconds, int beats,
            double bpm, boolean sustained) {
    }

    /** ST deviation of at least the threshold on one lead for at least the minimum time. */
    public record StEpisode(int lead, boolean elevation, long fromFrame, long toFrame, double seconds, double maxDeviationUv) {
    }

    /** The minute of the recording, counted from 0, where a rate was lowest or highest. */
    public record RateExtreme(double bpm, int minute) {
    }

    private final HolterAnalysis analysis;
    private final double fs;
    private final int[] index;
    private final long[] frames;
    private final BeatClass[] labels;
    private final BeatClass[] finalLabels;
    private final BitSet breaks;
    private final double excludedSeconds;
    private final int artefactBeats;
    private final Map<BeatClass, Integer> counts = new EnumMap<>(BeatClass.class);
    private final RhythmSummary rhythm;
    private final List<RhythmSummary.MinuteRate> minuteRates;
    private final List<RhythmSummary.Pause> pauses;
    private final EctopyPatterns ventricular;
    private final EctopyPatterns supraventricular;
    private final List<Episode> vt = new ArrayList<>();
    private final List<Episode> svt = new ArrayList<>();
    private final List<Episode> af = new ArrayList<>();
    private final List<StEpisode> st;
    private final List<HolterFinding> findings;
    private final List<DiaryEvent> diaryEvents;

    private HolterSummary(HolterAnalysis a) {
        this.analysis = a;
        this.fs = a.sampleRate();
        BeatTable table = a.beats();
        List<SignalQuality.Segment> excluded = a.segments().stream().filter(SignalQuality.Segment::excluded).toList();
        this.excludedSeconds = excluded.stream().mapToDouble(s -> s.seconds(fs)).sum();
        int[] kept = new int[table.size()];
        int n = 0;
        int seg = 0;
        BitSet gapBefore = new BitSet();
        long lastKept = -1;
        for (int i = 0; i < table.size(); i++) {
            long f = table.frame(i);
            while (seg < excluded.size() && excluded.get(seg).to() <= f) {
                seg++;
            }
            if (seg < excluded.size() && excluded.get(seg).from() <= f) {
                continue;
            }
            if (n > 0 && seg > 0 && excluded.get(seg - 1).to() > lastKept) {
                gapBefore.set(n);
            }
            kept[n++] = i;
            lastKept = f;
        }
        this.artefactBeats = table.size() - n;
        this.index = Arrays.copyOf(kept, n);
        this.frames = new long[n];
        this.labels = new BeatClass[n];
        BeatClass[] current = a.assignedLabels();
        for (int k = 0; k < n; k++) {
            frames[k] = table.frame(index[k]);
            labels[k] = current[index[k]];
        }
        this.breaks = gapBefore;
        HolterSettings s = a.settings();
        BitSet inAf = new BitSet(n);
        for (int[] e : RrIrregularity.episodes(frames, labels, breaks, fs, s.afMinSeconds())) {
            inAf.set(e[0], e[1] + 1);
            af.add(episode("AF", e[0], e[1], s.afMinSeconds()));
        }
        BeatClass[] hrvClasses = labels.clone();
        for (int k = inAf.nextSetBit(0); k >= 0; k = inAf.nextSetBit(k + 1)) {
            if (labels[k] == BeatClass.SUPRAVENTRICULAR) {
                labels[k] = BeatClass.NORMAL;
            }
            hrvClasses[k] = BeatClass.UNCLASSIFIABLE;
        }
        for (BeatClass c : labels) {
            counts.merge(c, 1, Integer::sum);
        }
        this.finalLabels = current.clone();
        for (int k = 0; k < n; k++) {
            finalLabels[index[k]] = labels[k];
        }
        this.rhythm = new RhythmSummary(frames, hrvClasses, fs, a.frames(), a.start(), breaks);
        this.minuteRates = rhythm.minuteRates();
        this.pauses = rhythm.pauses(s.pauseSeconds());
        this.ventricular = EctopyPatterns.of(frames, labels, BeatClass.VENTRICULAR, fs);
        this.supraventricular = EctopyPatterns.of(frames, labels, BeatClass.SUPRAVENTRICULAR, fs);
        for (EctopyPatterns.Run r : ventricular.runs()) {
            if (r.bpm() > s.tachycardiaBpm()) {
                vt.add(episode("VT", r.first(), r.last(), s.sustainedVtSeconds()));
            }
        }
        for (EctopyPatterns.Run r : supraventricular.runs()) {
            if (r.bpm() > s.tachycardiaBpm()) {
                svt.add(episode("SVT", r.first(), r.last(), s.sustainedVtSeconds()));
            }
        }
        this.st = StEpisodes.of(frames, labels, index, table, breaks, fs, s);
        this.findings = HolterFinding.of(this, s);
        this.diaryEvents = DiaryEvent.of(this, a.diary());
    }

    static HolterSummary of(HolterAnalysis a) {
        return new HolterSummary(a);
    }

    /** {@code first}/{@code last} index the analysed beats; the episode is given in the analysis' beat indices. */
    private Episode episode(String kind, int first, int last, double sustainedSeconds) {
        double seconds = (frames[last] - frames[first]) / fs;
        double bpm = last > first ? 60 * (last - first) / seconds : Double.NaN;
        return new Episode(kind, index[first], index[last], frames[first], frames[last], seconds, last - first + 1, bpm,
                seconds >= sustainedSeconds);
    }

    BeatClass label(int beat) {
        return finalLabels[beat];
    }

    public HolterAnalysis analysis() {
        return analysis;
    }

    public double recordedSeconds() {
        return analysis.frames() / fs;
    }

    public double excludedSeconds() {
        return excludedSeconds;
    }

    /** Recorded minus excluded (noise, saturation, every lead off). */
    public double analysedSeconds() {
        return recordedSeconds() - excludedSeconds;
    }

    /** Beats counted (outside excluded segments). */
    public int totalBeats() {
        return frames.length;
    }

    /** Beats the detector found inside excluded segments: not counted anywhere else. */
    public int artefactBeats() {
        return artefactBeats;
    }

    public int count(BeatClass c) {
        return counts.getOrDefault(c, 0);
    }

    public List<RhythmSummary.MinuteRate> minuteRates() {
        return minuteRates;
    }

    public List<RhythmSummary.HourRow> hourlyTable() {
        return rhythm.hourlyTable();
    }

    public RhythmSummary.Hrv hrv() {
        return rhythm.hrv();
    }

    /** Lowest minute rate; null without any. */
    public RateExtreme minRate() {
        return extreme(true);
    }

    public RateExtreme maxRate() {
        return extreme(false);
    }

    /** Mean of the minute rates (each analysed minute weighs the same); NaN without any. */
    public double meanRateBpm() {
        return minuteRates.stream().mapToDouble(RhythmSummary.MinuteRate::bpm).filter(b -> !Double.isNaN(b)).average()
                .orElse(Double.NaN);
    }

    private RateExtreme extreme(boolean lowest) {
        RateExtreme out = null;
        for (RhythmSummary.MinuteRate m : minuteRates) {
            if (!Double.isNaN(m.bpm()) && (out == null || (lowest ? m.bpm() < out.bpm() : m.bpm() > out.bpm()))) {
                out = new RateExtreme(m.bpm(), m.minute());
            }
        }
        return out;
    }

    /** Pauses of at least the configured length, outside excluded segments. */
    public List<RhythmSummary.Pause> pauses() {
        return pauses;
    }

    public EctopyPatterns ventricularEctopy() {
        return ventricular;
    }

    public EctopyPatterns supraventricularEctopy() {
        return supraventricular;
    }

    public List<Episode> vtEpisodes() {
        return vt;
    }

    public List<Episode> svtEpisodes() {
        return svt;
    }

    public List<Episode> afEpisodes() {
        return af;
    }

    /** Time in AF over analysed time, in percent. */
    public double afBurdenPercent() {
        double seconds = af.stream().mapToDouble(Episode::seconds).sum();
        return analysedSeconds() > 0 ? 100 * seconds / analysedSeconds() : Double.NaN;
    }

    public List<StEpisode> stEpisodes() {
        return st;
    }

    public List<HolterFinding> criticalFindings() {
        return findings;
    }

    public List<DiaryEvent> diaryEvents() {
        return diaryEvents;
    }

    /**
     * The beat-table index of the k-th analysed beat: {@link EctopyPatterns} runs and episodes index
     * the analysed beats (those outside excluded segments), in frame order.
     */
    public int beatOfAnalysed(int k) {
        return index[k];
    }

    // the analysed beats, for the findings and the diary, which are computed over the same series
    long[] analysedFrames() {
        return frames;
    }

    BeatClass[] analysedLabels() {
        return labels;
    }

    int[] analysedIndex() {
        return index;
    }

    BitSet breaks() {
        return breaks;
    }

    double sampleRate() {
        return fs;
    }
}
