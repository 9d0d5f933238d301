package org.rdc.ecg.holter;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rdc.ecg.model.SourceFormat;

/**
 * The result of analysing one Holter recording: what was kept of every beat ({@link BeatTable}),
 * the morphology templates, the noise and lead-off segments, the diary, the reader's relabellings
 * so far, and the {@link HolterSummary} computed from all of them. Immutable: {@link #relabel}
 * returns a new analysis whose every count, pattern, episode and finding follows the new labels.
 */
public final class HolterAnalysis {

    /** What a reader relabels: a whole template or one beat. */
    public sealed interface Target {
        record Template(int id) implements Target {
        }

        record Beat(int index) implements Target {
        }
    }

    private final SourceFormat format;
    private final double sampleRate;
    private final List<String> leads;
    private final LocalDateTime start;
    private final long frames;
    private final BeatTable beats;
    private final List<MorphologyTemplate> templates;
    private final List<SignalQuality.Segment> segments;
    private final HolterSettings settings;
    private final List<DiaryEntry> diary;
    private final Map<Integer, BeatClass> templateLabels;
    private final Map<Integer, BeatClass> beatLabels;
    private final BeatClass[] labels;
    private final HolterSummary summary;

    private HolterAnalysis(SourceFormat format, double sampleRate, List<String> leads, LocalDateTime start, long frames,
            BeatTable beats, List<MorphologyTemplate> templates, List<SignalQuality.Segment> segments, HolterSettings settings,
            List<DiaryEntry> diary, Map<Integer, BeatClass> templateLabels, Map<Integer, BeatClass> beatLabels) {
        this.format = format;
        this.sampleRate = sampleRate;
        this.leads = List.copyOf(leads);
        this.start = start;
        this.frames = frames;
        this.beats = beats;
        this.templates = List.copyOf(templates);
        this.segments = List.copyOf(segments);
        this.settings = settings;
        this.diary = List.copyOf(diary);
        this.templateLabels = Map.copyOf(templateLabels);
        this.beatLabels = Map.copyOf(beatLabels);
        this.labels = labels();
        this.summary = HolterSummary.of(this);
    }

    static HolterAnalysis of(HolterHeader h, long frames, BeatTable beats, MorphologyClusters clusters,
            List<SignalQuality.Segment> segments, HolterSettings settings, List<DiaryEntry> diary) {
        List<MorphologyTemplate> templates = new ArrayList<>();
        for (MorphologyClusters.Template t : clusters.templates()) {
            int[] extent = t.qrsExtent();
            List<Integer> reps = new ArrayList<>();
            for (int r : t.representatives()) {
                reps.add(r);
            }
            templates.add(new MorphologyTemplate(t.id, t.count(), BeatClass.NORMAL, 1000.0 * (extent[1] - extent[0]) / h.sampleRate(), reps));
        }
        // the automatic label of a template is the one most of its members got (early normal-shaped beats count as normal)
        int[][] votes = new int[templates.size()][BeatClass.values().length];
        for (int i = 0; i < beats.size(); i++) {
            int t = beats.template(i);
            if (t != BeatTable.NO_TEMPLATE) {
                BeatClass c = beats.automaticLabel(i) == BeatClass.SUPRAVENTRICULAR ? BeatClass.NORMAL : beats.automaticLabel(i);
                votes[t][c.ordinal()]++;
            }
        }
        for (int t = 0; t < templates.size(); t++) {
            int best = 0;
            for (int c = 1; c < votes[t].length; c++) {
                best = votes[t][c] > votes[t][best] ? c : best;
            }
            MorphologyTemplate m = templates.get(t);
            templates.set(t, new MorphologyTemplate(m.id(), m.members(), BeatClass.values()[best], m.qrsMs(), m.representatives()));
        }
        List<String> leads = h.leads().stream().map(HolterLead::name).toList();
        return new HolterAnalysis(h.format(), h.sampleRate(), leads, h.start(), frames, beats, templates, segments, settings,
                diary, Map.of(), Map.of());
    }

    /**
     * An analysis rebuilt from what was kept of it (a stored analysis read back, {@code HolterJson.read}): the same
     * parts give the same summary, and the relabels so far are applied as {@link #relabel} would have. Template ids
     * must be the templates' positions, as the analyser numbers them; beats must name templates that exist.
     */
    public static HolterAnalysis restore(SourceFormat format, double sampleRate, List<String> leads, LocalDateTime start,
            long frames, BeatTable beats, List<MorphologyTemplate> templates, List<SignalQuality.Segment> segments,
            HolterSettings settings, List<DiaryEntry> diary, Map<Integer, BeatClass> templateLabels, Map<Integer, BeatClass> beatLabels) {
        for (int t = 0; t < templates.size(); t++) {
            if (templates.get(t).id() != t) {
                throw new IllegalArgumentException("template " + t + " has id " + templates.get(t).id());
            }
        }
        for (int i = 0; i < beats.size(); i++) {
            int t = beats.template(i);
            if (t != BeatTable.NO_TEMPLATE && (t < 0 || t >= templates.size())) {
                throw new IllegalArgumentException("beat " + i + " names template " + t + " of " + templates.size());
            }
        }
        templateLabels.keySet().stream().filter(t -> t < 0 || t >= templates.size()).findFirst().ifPresent(t -> {
            throw new IllegalArgumentException("relabel of template " + t + " of " + templates.size());
        });
        beatLabels.keySet().stream().filter(b -> b < 0 || b >= beats.size()).findFirst().ifPresent(b -> {
            throw new IllegalArgumentException("relabel of beat " + b + " of " + beats.size());
        });
        if (beats.leads() != leads.size()) {
            throw new IllegalArgumentException("the beat table has ST for " + beats.leads() + " leads, the recording " + leads.size());
        }
        return new HolterAnalysis(format, sampleRate, leads, start, frames, beats, templates, segments, settings, diary,
                templateLabels, beatLabels);
    }

    /**
     * The analysis with a template or one beat relabelled, everything recomputed. A template
     * relabelled normal gives its early members the supraventricular class (a normal-shaped early
     * beat is a supraventricular ectopic); any other class applies to every member. A beat's own
     * label wins over its template's. Beats in excluded (noise) segments stay artefact (class Q)
     * and out of every count, whatever their label.
     */
    public static HolterAnalysis relabel(HolterAnalysis analysis, Target target, BeatClass newClass) {
        if (newClass == null) {
            throw new IllegalArgumentException("relabel " + target + ": no class given");
        }
        Map<Integer, BeatClass> templateLabels = new HashMap<>(analysis.templateLabels);
        Map<Integer, BeatClass> beatLabels = new HashMap<>(analysis.beatLabels);
        if (target instanceof Target.Template t) {
            if (t.id() < 0 || t.id() >= analysis.templates.size()) {
                throw new IllegalArgumentException("no template " + t.id() + " (the analysis has " + analysis.templates.size() + ")");
            }
            templateLabels.put(t.id(), newClass);
        } else if (target instanceof Target.Beat b) {
            if (b.index() < 0 || b.index() >= analysis.beats.size()) {
                throw new IllegalArgumentException("no beat " + b.index() + " (the analysis has " + analysis.beats.size() + ")");
            }
            beatLabels.put(b.index(), newClass);
        }
        return new HolterAnalysis(analysis.format, analysis.sampleRate, analysis.leads, analysis.start, analysis.frames,
                analysis.beats, analysis.templates, analysis.segments, analysis.settings, analysis.diary, templateLabels, beatLabels);
    }

    /** The same beats and labels summarised with other thresholds (no new pass over the samples). */
    public HolterAnalysis withSettings(HolterSettings other) {
        return new HolterAnalysis(format, sampleRate, leads, start, frames, beats, templates, segments, other, diary,
                templateLabels, beatLabels);
    }

    private BeatClass[] labels() {
        BeatClass[] out = new BeatClass[beats.size()];
        List<SignalQuality.Segment> excluded = segments.stream().filter(SignalQuality.Segment::excluded).toList();
        int seg = 0;
        for (int i = 0; i < out.length; i++) {
            BeatClass own = beatLabels.get(i);
            BeatClass template = templateLabels.get(beats.template(i));
            long f = beats.frame(i);
            while (seg < excluded.size() && excluded.get(seg).to() <= f) {
                seg++;
            }
            if (seg < excluded.size() && excluded.get(seg).from() <= f) {
                out[i] = BeatClass.UNCLASSIFIABLE;
            } else if (own != null) {
                out[i] = own;
            } else if (template == BeatClass.NORMAL) {
                out[i] = beats.premature(i) ? BeatClass.SUPRAVENTRICULAR : BeatClass.NORMAL;
            } else {
                out[i] = template != null ? template : beats.automaticLabel(i);
            }
        }
        return out;
    }

    /**
     * The class of each beat now: the classifier's, or the reader's where relabelled; artefact (Q)
     * in excluded segments; normal for early normal-shaped beats inside AF (see {@link HolterSummary}).
     */
    public BeatClass label(int beat) {
        return summary.label(beat);
    }

    /** The labels before the rhythm is known (no AF rule yet), from which the summary starts. */
    BeatClass[] assignedLabels() {
        return labels;
    }

    /** A template's label now: the reader's, or the automatic one. */
    public BeatClass templateLabel(int id) {
        return templateLabels.getOrDefault(id, templates.get(id).automaticLabel());
    }

    public Map<Integer, BeatClass> templateRelabels() {
        return templateLabels;
    }

    public Map<Integer, BeatClass> beatRelabels() {
        return beatLabels;
    }

    /** Beats of each template now carrying each class. */
    public Map<BeatClass, Integer> templateCounts(int id) {
        Map<BeatClass, Integer> out = new EnumMap<>(BeatClass.class);
        for (int i = 0; i < labels.length; i++) {
            if (beats.template(i) == id) {
                out.merge(label(i), 1, Integer::sum);
            }
        }
        return out;
    }

    public SourceFormat format() {
        return format;
    }

    public double sampleRate() {
        return sampleRate;
    }

    public List<String> leads() {
        return leads;
    }

    /** Null when the recording did not say when it started. */
    public LocalDateTime start() {
        return start;
    }

    public long frames() {
        return frames;
    }

    public BeatTable beats() {
        return beats;
    }

    public List<MorphologyTemplate> templates() {
        return templates;
    }

    public List<SignalQuality.Segment> segments() {
        return segments;
    }

    public HolterSettings settings() {
        return settings;
    }

    public List<DiaryEntry> diary() {
        return diary;
    }

    public HolterSummary summary() {
        return summary;
    }
}
