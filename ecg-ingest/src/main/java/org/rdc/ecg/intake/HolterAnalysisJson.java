package org.rdc.ecg.intake;

import java.util.List;
import org.rdc.ecg.holter.BeatClass;
import org.rdc.ecg.holter.EctopyPatterns;
import org.rdc.ecg.holter.HolterHeader;
import org.rdc.ecg.holter.HolterLead;
import org.rdc.ecg.holter.RhythmSummary;
import org.rdc.ecg.json.EcgJson;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored analysis of a Holter recording ({@value HolterIntake#ANALYSIS}): what the streaming
 * detector and classifier found and what {@link RhythmSummary} and {@link EctopyPatterns} make of it,
 * plus every beat (frame and one-letter EC57 class), which the review needs for full disclosure and
 * relabelling. Values that are not defined (no NN interval, a minute without beats) are null.
 */
final class HolterAnalysisJson {

    /** Pauses listed one by one up to this many; the count and the longest are always complete. */
    static final int MAX_LISTED_PAUSES = 1000;

    private HolterAnalysisJson() {
    }

    static ObjectNode of(HolterHeader h, long frames, long[] beats, BeatClass[] classes, double pauseSeconds) {
        RhythmSummary summary = new RhythmSummary(beats, classes, h.sampleRate(), frames, h.start());
        ObjectNode n = EcgJson.object();
        n.put("format", h.format().name());
        n.put("sampleRateHz", h.sampleRate());
        ArrayNode leads = n.putArray("leads");
        h.leads().stream().map(HolterLead::name).forEach(leads::add);
        n.put("frames", frames);
        n.put("durationSeconds", frames / h.sampleRate());
        if (h.start() != null) {
            n.put("start", h.start().toString());
        }
        ObjectNode counts = n.putObject("beats");
        counts.put("total", beats.length);
        for (BeatClass c : BeatClass.values()) {
            counts.put(c.name().toLowerCase(java.util.Locale.ROOT), java.util.Arrays.stream(classes).filter(x -> x == c).count());
        }
        rate(n.putObject("heartRate"), summary.minuteRates());
        List<RhythmSummary.Pause> pauses = summary.pauses(pauseSeconds);
        ObjectNode p = n.putObject("pauses");
        p.put("thresholdSeconds", pauseSeconds);
        p.put("count", pauses.size());
        num(p, "longestSeconds", pauses.stream().mapToDouble(RhythmSummary.Pause::seconds).max().orElse(Double.NaN));
        ArrayNode list = p.putArray("list");
        pauses.stream().limit(MAX_LISTED_PAUSES).forEach(x -> list.addObject().put("fromFrame", x.fromFrame())
                .put("toFrame", x.toFrame()).put("seconds", x.seconds()));
        ArrayNode hourly = n.putArray("hourly");
        for (RhythmSummary.HourRow r : summary.hourlyTable()) {
            ObjectNode row = hourly.addObject();
            row.put("hour", r.hour());
            if (r.start() != null) {
                row.put("start", r.start().toString());
            }
            row.put("beats", r.beats());
            num(row, "minBpm", r.minBpm());
            row.put("minMinute", r.minMinute());
            num(row, "meanBpm", r.meanBpm());
            num(row, "maxBpm", r.maxBpm());
            row.put("maxMinute", r.maxMinute());
        }
        RhythmSummary.Hrv hrv = summary.hrv();
        ObjectNode v = n.putObject("hrv");
        v.put("nnIntervals", hrv.nnIntervals());
        num(v, "sdnnMs", hrv.sdnnMs());
        num(v, "sdannMs", hrv.sdannMs());
        num(v, "rmssdMs", hrv.rmssdMs());
        num(v, "pnn50Percent", hrv.pnn50Percent());
        ectopy(n.putObject("ventricular"), EctopyPatterns.of(beats, classes, BeatClass.VENTRICULAR, h.sampleRate()));
        ectopy(n.putObject("supraventricular"), EctopyPatterns.of(beats, classes, BeatClass.SUPRAVENTRICULAR, h.sampleRate()));
        ArrayNode frameList = n.putArray("beatFrames");
        StringBuilder letters = new StringBuilder(classes.length);
        for (int i = 0; i < beats.length; i++) {
            frameList.add(beats[i]);
            letters.append(switch (classes[i]) {  // EC57 table 1 letters
                case NORMAL -> 'N';
                case SUPRAVENTRICULAR -> 'S';
                case VENTRICULAR -> 'V';
                case FUSION -> 'F';
                case UNCLASSIFIABLE -> 'Q';
            });
        }
        n.put("beatClasses", letters.toString());
        return n;
    }

    private static void rate(ObjectNode r, List<RhythmSummary.MinuteRate> minutes) {
        RhythmSummary.MinuteRate min = null;
        RhythmSummary.MinuteRate max = null;
        double sum = 0;
        int counted = 0;
        for (RhythmSummary.MinuteRate m : minutes) {
            if (Double.isNaN(m.bpm())) {
                continue;
            }
            counted++;
            sum += m.bpm();
            min = min == null || m.bpm() < min.bpm() ? m : min;
            max = max == null || m.bpm() > max.bpm() ? m : max;
        }
        num(r, "minBpm", min == null ? Double.NaN : min.bpm());
        if (min != null) {
            r.put("minMinute", min.minute());
        }
        num(r, "meanBpm", counted == 0 ? Double.NaN : sum / counted);
        num(r, "maxBpm", max == null ? Double.NaN : max.bpm());
        if (max != null) {
            r.put("maxMinute", max.minute());
        }
    }

    private static void ectopy(ObjectNode n, EctopyPatterns e) {
        n.put("isolated", e.isolated());
        n.put("couplets", e.couplets());
        n.put("runs", e.runs().size());
        n.put("tachycardiaRuns", e.tachycardiaRuns().size());
        n.put("bigeminyEpisodes", e.bigeminy().size());
        n.put("trigeminyEpisodes", e.trigeminy().size());
    }

    private static void num(ObjectNode n, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }
}
