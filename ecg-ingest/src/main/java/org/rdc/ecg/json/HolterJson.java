package org.rdc.ecg.json;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rdc.ecg.analysis.CriticalFlag;
import org.rdc.ecg.holter.BeatClass;
import org.rdc.ecg.holter.BeatTable;
import org.rdc.ecg.holter.DiaryEntry;
import org.rdc.ecg.holter.DiaryEvent;
import org.rdc.ecg.holter.EctopyPatterns;
import org.rdc.ecg.holter.HolterAnalysis;
import org.rdc.ecg.holter.HolterFinding;
import org.rdc.ecg.holter.HolterSettings;
import org.rdc.ecg.holter.HolterSummary;
import org.rdc.ecg.holter.MorphologyTemplate;
import org.rdc.ecg.holter.RhythmSummary;
import org.rdc.ecg.holter.SignalQuality;
import org.rdc.ecg.model.SourceFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of a Holter analysis, built field by field as {@link EcgJson} does, so the shape is a
 * stable contract (documented in ecg-ingest/docs/holter-analysis-json.md). Times are seconds from
 * the recording's first sample ({@code ...S} fields) and, where the recording has a start time,
 * local clock times; beat references are indices into the beat table ({@link #beats}). NaN and
 * missing values are written as null.
 */
public final class HolterJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private HolterJson() {
    }

    /** Everything a report and the reviewer's summary screens need; the per-beat table is {@link #beats}. */
    public static ObjectNode analysis(HolterAnalysis a) {
        HolterSummary s = a.summary();
        double fs = a.sampleRate();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", a.format().name());
        n.put("sampleRateHz", fs);
        ArrayNode leads = n.putArray("leads");
        a.leads().forEach(leads::add);
        n.put("start", a.start() == null ? null : a.start().toString());
        n.put("frames", a.frames());
        n.put("recordedS", round1(s.recordedSeconds()));
        n.put("excludedS", round1(s.excludedSeconds()));
        n.put("analysedS", round1(s.analysedSeconds()));
        ObjectNode beats = n.putObject("beats");
        beats.put("total", s.totalBeats());
        for (BeatClass c : BeatClass.values()) {
            beats.put(c.name(), s.count(c));
        }
        beats.put("artefact", s.artefactBeats());
        ObjectNode hr = n.putObject("heartRate");
        put(hr, "meanBpm", round1(s.meanRateBpm()));
        rate(hr, "min", s.minRate(), a);
        rate(hr, "max", s.maxRate(), a);
        ArrayNode perMinute = hr.putArray("perMinuteBpm");
        s.minuteRates().forEach(m -> add(perMinute, m.bpm()));
        ArrayNode hourly = n.putArray("hourly");
        for (RhythmSummary.HourRow h : s.hourlyTable()) {
            ObjectNode o = hourly.addObject();
            o.put("hour", h.hour());
            o.put("start", h.start() == null ? null : h.start().toString());
            o.put("beats", h.beats());
            put(o, "minBpm", round1(h.minBpm()));
            o.put("minMinute", h.minMinute());
            put(o, "meanBpm", round1(h.meanBpm()));
            put(o, "maxBpm", round1(h.maxBpm()));
            o.put("maxMinute", h.maxMinute());
        }
        ObjectNode pauses = n.putObject("pauses");
        pauses.put("thresholdS", a.settings().pauseSeconds());
        pauses.put("count", s.pauses().size());
        put(pauses, "longestS", round3(s.pauses().stream().mapToDouble(RhythmSummary.Pause::seconds).max().orElse(Double.NaN)));
        ArrayNode pauseList = pauses.putArray("list");
        for (RhythmSummary.Pause p : s.pauses()) {
            ObjectNode o = pauseList.addObject();
            o.put("fromS", seconds(p.fromFrame(), fs));
            o.put("toS", seconds(p.toFrame(), fs));
            o.put("seconds", round3(p.seconds()));
        }
        ectopy(n.putObject("ventricular"), s.ventricularEctopy(), a);
        ectopy(n.putObject("supraventricular"), s.supraventricularEctopy(), a);
        ObjectNode episodes = n.putObject("episodes");
        episodes(episodes.putArray("vt"), s.vtEpisodes(), fs);
        episodes(episodes.putArray("svt"), s.svtEpisodes(), fs);
        episodes(episodes.putArray("af"), s.afEpisodes(), fs);
        ArrayNode st = episodes.putArray("st");
        for (HolterSummary.StEpisode e : s.stEpisodes()) {
            ObjectNode o = st.addObject();
            o.put("lead", a.leads().get(e.lead()));
            o.put("direction", e.elevation() ? "ELEVATION" : "DEPRESSION");
            o.put("fromS", seconds(e.fromFrame(), fs));
            o.put("toS", seconds(e.toFrame(), fs));
            o.put("seconds", round1(e.seconds()));
            o.put("maxDeviationUv", Math.round(e.maxDeviationUv()));
        }
        put(n, "afBurdenPercent", round2(s.afBurdenPercent()));
        RhythmSummary.Hrv h = s.hrv();
        ObjectNode hrv = n.putObject("hrv");
        hrv.put("nnIntervals", h.nnIntervals());
        put(hrv, "sdnnMs", round1(h.sdnnMs()));
        put(hrv, "sdannMs", round1(h.sdannMs()));
        put(hrv, "rmssdMs", round1(h.rmssdMs()));
        put(hrv, "pnn50Percent", round2(h.pnn50Percent()));
        ArrayNode templates = n.putArray("templates");
        for (MorphologyTemplate t : a.templates()) {
            ObjectNode o = templates.addObject();
            o.put("id", t.id());
            o.put("label", a.templateLabel(t.id()).name());
            o.put("automaticLabel", t.automaticLabel().name());
            o.put("relabelled", a.templateRelabels().containsKey(t.id()));
            o.put("members", t.members());
            ObjectNode counts = o.putObject("counts");
            a.templateCounts(t.id()).forEach((c, k) -> counts.put(c.name(), k));
            o.put("qrsMs", Math.round(t.qrsMs()));
            ArrayNode reps = o.putArray("representativeBeats");
            for (int r : t.representatives()) {
                ObjectNode b = reps.addObject();
                b.put("beat", r);
                b.put("atS", seconds(a.beats().frame(r), fs));
            }
        }
        ArrayNode relabels = n.putArray("beatRelabels");
        a.beatRelabels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode o = relabels.addObject();
            o.put("beat", e.getKey());
            o.put("label", e.getValue().name());
        });
        ArrayNode segments = n.putArray("signalSegments");
        for (SignalQuality.Segment g : a.segments()) {
            ObjectNode o = segments.addObject();
            o.put("kind", g.kind().name());
            o.put("fromS", seconds(g.from(), fs));
            o.put("toS", seconds(g.to(), fs));
            ArrayNode on = o.putArray("leads");
            g.leads().forEach(l -> on.add(a.leads().get(l)));
            o.put("excluded", g.excluded());
        }
        ArrayNode diary = n.putArray("diary");
        for (DiaryEvent d : s.diaryEvents()) {
            ObjectNode o = diary.addObject();
            o.put("atS", round3(d.entry().seconds()));
            o.put("time", a.start() == null ? null : a.start().plusNanos(Math.round(d.entry().seconds() * 1e9)).toString());
            o.put("text", d.entry().text());
            put(o, "heartRateBpm", round1(d.heartRateBpm()));
            o.put("nearestBeat", d.nearestBeat());
            ObjectNode around = o.putObject("beatsAround");
            d.beatsAround().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> around.put(e.getKey().name(), e.getValue()));
            ArrayNode during = o.putArray("during");
            d.during().forEach(during::add);
        }
        List<HolterFinding> findings = s.criticalFindings();
        n.put("critical", !findings.isEmpty());
        ArrayNode flags = n.putArray("criticalFindings");
        for (HolterFinding f : findings) {
            CriticalFlag c = f.flag();
            ObjectNode o = flags.addObject();
            o.put("code", c.code());
            o.put("en", c.en());
            o.put("zh", c.zh());
            o.put("value", c.value());
            o.put("threshold", c.threshold());
            o.put("fromS", seconds(f.fromFrame(), fs));
            o.put("toS", seconds(f.toFrame(), fs));
        }
        return n;
    }

    /**
     * The analysis as it is stored ({@code HOLTER_ANALYSIS}): {@link #analysis} and, under {@value #REBUILD}, what
     * {@link #read} needs to rebuild the very same {@link HolterAnalysis}: the beat table as base64 columns (a day
     * is some 100 000 beats), the templates, segments and diary unrounded, and the settings. The relabels so far
     * are read from {@code templates[].relabelled}/{@code label} and {@code beatRelabels}, written once.
     */
    public static ObjectNode stored(HolterAnalysis a) {
        ObjectNode n = analysis(a);
        ObjectNode r = n.putObject(REBUILD);
        r.put("version", 1);
        HolterSettings s = a.settings();
        ObjectNode settings = r.putObject("settings");
        settings.put("pauseSeconds", s.pauseSeconds());
        settings.put("tachycardiaBpm", s.tachycardiaBpm());
        settings.put("sustainedVtSeconds", s.sustainedVtSeconds());
        settings.put("afMinSeconds", s.afMinSeconds());
        settings.put("stDeviationUv", s.stDeviationUv());
        settings.put("stMinSeconds", s.stMinSeconds());
        settings.put("criticalPauseSeconds", s.criticalPauseSeconds());
        settings.put("criticalMinBpm", s.criticalMinBpm());
        settings.put("criticalMaxBpm", s.criticalMaxBpm());
        settings.put("sustainedRateSeconds", s.sustainedRateSeconds());
        settings.put("escapeMaxBpm", s.escapeMaxBpm());
        settings.put("wideQrsMs", s.wideQrsMs());
        BeatTable t = a.beats();
        int size = t.size();
        ObjectNode beats = r.putObject("beats");
        beats.put("count", size);
        ByteBuffer deltas = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer templates = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder labels = new StringBuilder(size);
        BitSet premature = new BitSet(size);
        long previous = 0;
        for (int i = 0; i < size; i++) {
            long delta = t.frame(i) - previous;
            if (delta > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("beat " + i + " is " + delta + " frames after the one before");
            }
            deltas.putInt((int) delta);
            previous = t.frame(i);
            templates.putInt(t.template(i));
            labels.append(letter(t.automaticLabel(i)));
            premature.set(i, t.premature(i));
        }
        beats.put("frameDeltas", base64(deltas));
        beats.put("automaticLabels", labels.toString());
        beats.put("premature", Base64.getEncoder().encodeToString(premature.toByteArray()));
        beats.put("templates", base64(templates));
        ArrayNode st = beats.putArray("stMicrovolts");
        for (int l = 0; l < t.leads(); l++) {
            ByteBuffer b = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < size; i++) {
                b.putFloat(t.stMicrovoltsStored(l, i));
            }
            st.add(base64(b));
        }
        ArrayNode templateList = r.putArray("templates");
        for (MorphologyTemplate m : a.templates()) {
            ObjectNode o = templateList.addObject();
            o.put("id", m.id());
            o.put("members", m.members());
            o.put("automaticLabel", m.automaticLabel().name());
            o.put("qrsMs", m.qrsMs());
            ArrayNode reps = o.putArray("representatives");
            m.representatives().forEach(reps::add);
        }
        ArrayNode segments = r.putArray("segments");
        for (SignalQuality.Segment g : a.segments()) {
            ObjectNode o = segments.addObject();
            o.put("kind", g.kind().name());
            o.put("from", g.from());
            o.put("to", g.to());
            ArrayNode on = o.putArray("leads");
            g.leads().forEach(on::add);
            o.put("excluded", g.excluded());
        }
        ArrayNode diary = r.putArray("diary");
        for (DiaryEntry d : a.diary()) {
            diary.addObject().put("seconds", d.seconds()).put("text", d.text());
        }
        return n;
    }

    /** The field of {@link #stored} that {@link #analysis} has not; the review API leaves it out of what it shows. */
    public static final String REBUILD = "rebuild";

    /**
     * The analysis {@link #stored} wrote, rebuilt: the same beats, templates, segments, settings, diary and relabels,
     * so the same summary, and {@link HolterAnalysis#relabel} goes on from where the reader left off.
     *
     * @throws IllegalArgumentException the JSON is no stored analysis (or an older shape without {@value #REBUILD})
     */
    public static HolterAnalysis read(JsonNode n) {
        JsonNode r = n.path(REBUILD);
        if (!r.isObject() || r.path("version").asInt() != 1) {
            throw new IllegalArgumentException("not a stored Holter analysis: no " + REBUILD + " version 1");
        }
        SourceFormat format = SourceFormat.valueOf(n.path("format").asString());
        double fs = required(n, "sampleRateHz").asDouble();
        List<String> leads = n.path("leads").valueStream().map(JsonNode::asString).toList();
        String startText = n.path("start").asString(null);
        LocalDateTime start = startText == null ? null : LocalDateTime.parse(startText);
        long frames = required(n, "frames").asLong();
        JsonNode s = r.path("settings");
        HolterSettings settings = new HolterSettings(number(s, "pauseSeconds"), number(s, "tachycardiaBpm"),
                number(s, "sustainedVtSeconds"), number(s, "afMinSeconds"), number(s, "stDeviationUv"), number(s, "stMinSeconds"),
                number(s, "criticalPauseSeconds"), number(s, "criticalMinBpm"), number(s, "criticalMaxBpm"),
                number(s, "sustainedRateSeconds"), number(s, "escapeMaxBpm"), number(s, "wideQrsMs"));
        JsonNode b = r.path("beats");
        int size = required(b, "count").asInt();
        ByteBuffer deltas = unbase64(b, "frameDeltas", 4L * size);
        ByteBuffer templateIds = unbase64(b, "templates", 4L * size);
        String letters = b.path("automaticLabels").asString("");
        if (letters.length() != size) {
            throw new IllegalArgumentException("automaticLabels has " + letters.length() + " beats, not " + size);
        }
        BitSet early = BitSet.valueOf(Base64.getDecoder().decode(b.path("premature").asString("")));
        long[] beatFrames = new long[size];
        BeatClass[] labels = new BeatClass[size];
        boolean[] premature = new boolean[size];
        int[] templates = new int[size];
        long previous = 0;
        for (int i = 0; i < size; i++) {
            previous += deltas.getInt();
            beatFrames[i] = previous;
            labels[i] = ofLetter(letters.charAt(i));
            premature[i] = early.get(i);
            templates[i] = templateIds.getInt();
        }
        JsonNode st = b.path("stMicrovolts");
        float[][] stUv = new float[st.size()][size];
        for (int l = 0; l < stUv.length; l++) {
            ByteBuffer column = ByteBuffer.wrap(Base64.getDecoder().decode(st.get(l).asString())).order(ByteOrder.LITTLE_ENDIAN);
            if (column.remaining() != 4L * size) {
                throw new IllegalArgumentException("stMicrovolts of lead " + l + " has " + column.remaining() + " bytes, not " + 4L * size);
            }
            for (int i = 0; i < size; i++) {
                stUv[l][i] = column.getFloat();
            }
        }
        BeatTable table = BeatTable.of(beatFrames, labels, premature, templates, stUv);
        List<MorphologyTemplate> morphologies = new ArrayList<>();
        for (JsonNode t : r.path("templates")) {
            List<Integer> reps = t.path("representatives").valueStream().map(JsonNode::asInt).toList();
            morphologies.add(new MorphologyTemplate(t.path("id").asInt(), t.path("members").asInt(),
                    BeatClass.valueOf(t.path("automaticLabel").asString()), number(t, "qrsMs"), reps));
        }
        List<SignalQuality.Segment> segments = new ArrayList<>();
        for (JsonNode g : r.path("segments")) {
            segments.add(new SignalQuality.Segment(SignalQuality.Kind.valueOf(g.path("kind").asString()), g.path("from").asLong(),
                    g.path("to").asLong(), g.path("leads").valueStream().map(JsonNode::asInt).toList(), g.path("excluded").asBoolean()));
        }
        List<DiaryEntry> diary = new ArrayList<>();
        for (JsonNode d : r.path("diary")) {
            diary.add(new DiaryEntry(number(d, "seconds"), d.path("text").asString()));
        }
        Map<Integer, BeatClass> templateLabels = new HashMap<>();
        for (JsonNode t : n.path("templates")) {
            if (t.path("relabelled").asBoolean()) {
                templateLabels.put(t.path("id").asInt(), BeatClass.valueOf(t.path("label").asString()));
            }
        }
        Map<Integer, BeatClass> beatLabels = new HashMap<>();
        for (JsonNode x : n.path("beatRelabels")) {
            beatLabels.put(x.path("beat").asInt(), BeatClass.valueOf(x.path("label").asString()));
        }
        return HolterAnalysis.restore(format, fs, leads, start, frames, table, morphologies, segments, settings, diary,
                templateLabels, beatLabels);
    }

    /** The EC57 class of its one letter (N S V F Q), as {@link #beats} writes them. */
    public static BeatClass ofLetter(char letter) {
        return switch (letter) {
            case 'N' -> BeatClass.NORMAL;
            case 'S' -> BeatClass.SUPRAVENTRICULAR;
            case 'V' -> BeatClass.VENTRICULAR;
            case 'F' -> BeatClass.FUSION;
            case 'Q' -> BeatClass.UNCLASSIFIABLE;
            default -> throw new IllegalArgumentException("no EC57 beat class " + letter + " (N, S, V, F or Q)");
        };
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("stored Holter analysis has no number " + field);
        }
        return v;
    }

    private static double number(JsonNode n, String field) {
        return required(n, field).asDouble();
    }

    private static String base64(ByteBuffer b) {
        return Base64.getEncoder().encodeToString(b.array());
    }

    private static ByteBuffer unbase64(JsonNode n, String field, long bytes) {
        byte[] raw = Base64.getDecoder().decode(n.path(field).asString(""));
        if (raw.length != bytes) {
            throw new IllegalArgumentException(field + " has " + raw.length + " bytes, not " + bytes);
        }
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The per-beat table for full disclosure and review: parallel arrays, one entry a beat, in frame
     * order: R-peak frame, current label (one letter, N S V F Q, the EC57 classes), template id (-1 none).
     */
    public static ObjectNode beats(HolterAnalysis a) {
        BeatTable t = a.beats();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("sampleRateHz", a.sampleRate());
        ArrayNode frames = n.putArray("frames");
        ArrayNode templates = n.putArray("templates");
        StringBuilder labels = new StringBuilder(t.size());
        for (int i = 0; i < t.size(); i++) {
            frames.add(t.frame(i));
            templates.add(t.template(i));
            labels.append(letter(a.label(i)));
        }
        n.put("labels", labels.toString());
        return n;
    }

    /** The one EC57 letter of a class (N S V F Q). */
    public static char letter(BeatClass c) {
        return switch (c) {
            case NORMAL -> 'N';
            case SUPRAVENTRICULAR -> 'S';
            case VENTRICULAR -> 'V';
            case FUSION -> 'F';
            case UNCLASSIFIABLE -> 'Q';
        };
    }

    private static void ectopy(ObjectNode o, EctopyPatterns e, HolterAnalysis a) {
        o.put("isolated", e.isolated());
        o.put("couplets", e.couplets());
        o.put("runs", e.runs().size());
        o.put("bigeminyEpisodes", e.bigeminy().size());
        o.put("trigeminyEpisodes", e.trigeminy().size());
        ArrayNode runs = o.putArray("runList");
        for (EctopyPatterns.Run r : e.runs()) {
            ObjectNode x = runs.addObject();
            int first = a.summary().beatOfAnalysed(r.first());
            x.put("atS", seconds(a.beats().frame(first), a.sampleRate()));
            x.put("firstBeat", first);
            x.put("beats", r.beats());
            put(x, "bpm", round1(r.bpm()));
        }
    }

    private static void episodes(ArrayNode out, List<HolterSummary.Episode> episodes, double fs) {
        for (HolterSummary.Episode e : episodes) {
            ObjectNode o = out.addObject();
            o.put("fromS", seconds(e.fromFrame(), fs));
            o.put("toS", seconds(e.toFrame(), fs));
            o.put("seconds", round1(e.seconds()));
            o.put("beats", e.beats());
            put(o, "bpm", round1(e.bpm()));
            o.put("sustained", e.sustained());
            o.put("firstBeat", e.firstBeat());
            o.put("lastBeat", e.lastBeat());
        }
    }

    private static void rate(ObjectNode hr, String name, HolterSummary.RateExtreme r, HolterAnalysis a) {
        if (r == null) {
            hr.putNull(name + "Bpm");
            hr.putNull(name + "Minute");
            return;
        }
        hr.put(name + "Bpm", Math.round(r.bpm()));
        hr.put(name + "Minute", r.minute());
        hr.put(name + "Time", a.start() == null ? null : a.start().plusMinutes(r.minute()).toString());
    }

    private static double seconds(long frame, double fs) {
        return round3(frame / fs);
    }

    private static void put(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    private static void add(ArrayNode a, double v) {
        if (Double.isNaN(v)) {
            a.addNull();
        } else {
            a.add(round1(v));
        }
    }

    private static double round1(double x) {
        return Double.isNaN(x) ? x : Math.round(x * 10) / 10.0;
    }

    private static double round2(double x) {
        return Double.isNaN(x) ? x : Math.round(x * 100) / 100.0;
    }

    private static double round3(double x) {
        return Double.isNaN(x) ? x : Math.round(x * 1000) / 1000.0;
    }
}
