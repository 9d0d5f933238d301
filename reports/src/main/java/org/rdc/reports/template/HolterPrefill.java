package org.rdc.reports.template;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.json.EcgJson;
import org.rdc.reports.ReportException;
import org.rdc.reports.lifecycle.Prefill;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageException;
import org.rdc.storage.catalog.AttachmentSummary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pre-fills a template's {@code holter.*} fields from the Holter analysis the intake stored with the study (the newest
 * {@value HolterIntake#ANALYSIS} attachment), reading only what {@code org.rdc.ecg.json.HolterJson#analysis} writes (its
 * documented contract, ecg-ingest/docs/holter-analysis-json.md): the contents a Holter report lists (DB37/T 4565-2022,
 * DB22/T 3373-2022) — recording times and durations, beats, heart rate extremes with their times, pauses, ectopy,
 * episodes, AF burden, HRV, ST episodes and the hourly table. Times are printed on the recording's clock (its start
 * and end {@code yyyy-MM-dd HH:mm:ss}, events {@code MM-dd HH:mm[:ss]}), or as time into the recording when it has no
 * start time. Heart rates are whole beats
 * per minute; the other figures are as the analysis rounded them. A value the template would refuse is left empty
 * for the reader; no analysis, nothing pre-filled.
 */
public final class HolterPrefill implements Prefill {

    private static final String PREFIX = "holter.";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    /** An event's time: the year is the recording start's, and the short form fits a field's column. */
    private static final DateTimeFormatter EVENT_SECONDS = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter EVENT_MINUTES = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final InstanceStore store;

    public HolterPrefill(InstanceStore store) {
        this.store = store;
    }

    @Override
    public ObjectNode values(String studyInstanceUid, ReportTemplate template) {
        ObjectNode out = EcgJson.object();
        if (template.fields().stream().noneMatch(f -> f.prefill() != null && f.prefill().startsWith(PREFIX))) {
            return out;
        }
        Optional<JsonNode> analysis = storedAnalysis(store, studyInstanceUid);
        if (analysis.isEmpty()) {
            return out;
        }
        Figures figures = new Figures(analysis.get());
        for (FieldDefinition f : template.fields()) {
            if (f.prefill() == null || !f.prefill().startsWith(PREFIX)) {
                continue;
            }
            JsonNode value = figures.value(f.prefill().substring(PREFIX.length()));
            if (value == null || value.isNull()) {
                continue;
            }
            ObjectNode one = EcgJson.object();
            one.set(f.key(), value);
            try {
                FieldValues.check(template, one);
                out.set(f.key(), value);
            } catch (ReportException e) {
                // the reader fills it in: the analysis gave a value this template does not accept
            }
        }
        return out;
    }

    /**
     * The newest Holter analysis of a study as {@code HolterJson#analysis} wrote it, or empty when it has none. The
     * attachment is that object (with what rebuilds the analysis, {@code HolterJson#stored}); one stored by an earlier
     * intake, which carried it under {@code analysis}, is read from there.
     *
     * @throws StorageException UNAVAILABLE when it cannot be read
     */
    public static Optional<JsonNode> storedAnalysis(InstanceStore store, String studyUid) {
        return storedAttachment(store, studyUid).map(json -> {
            JsonNode inner = json.get("analysis");
            return inner != null && inner.isObject() ? inner : json;
        });
    }

    /**
     * The newest {@value HolterIntake#ANALYSIS} attachment of a study as stored (the analysis and what the intake
     * adds around it, e.g. the {@code sopInstanceUid} of an Ambulatory ECG the gateway stored), or empty.
     *
     * @throws StorageException UNAVAILABLE when it cannot be read
     */
    public static Optional<ObjectNode> storedAttachment(InstanceStore store, String studyUid) {
        Optional<AttachmentSummary> newest = store.catalog().attachments(studyUid, HolterIntake.ANALYSIS).stream()
                .max(Comparator.comparing(AttachmentSummary::createdAt));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode json;
        try (InputStream in = store.openAttachment(studyUid, HolterIntake.ANALYSIS, newest.get().sha256())) {
            json = EcgJson.parseObject(in.readAllBytes());
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "cannot read the Holter analysis of " + studyUid + ": " + e, e);
        }
        return Optional.of(json);
    }

    /** The report's figures from one analysis, by the name after {@code holter.}. */
    public static final class Figures {
        private final JsonNode a;
        private final LocalDateTime start;

        public Figures(JsonNode analysis) {
            this.a = analysis;
            this.start = parse(analysis.path("start").asString(null));
        }

        JsonNode value(String name) {
            return switch (name) {
                case "recordingStart" -> start == null ? null : text(SECONDS.format(start));
                case "recordingEnd" -> start == null || !a.path("recordedS").isNumber() ? null
                        : text(SECONDS.format(start.plusNanos(Math.round(a.path("recordedS").asDouble() * 1e9))));
                case "recordedDuration" -> duration(a.path("recordedS"));
                case "analysedDuration" -> duration(a.path("analysedS"));
                case "excludedDuration" -> duration(a.path("excludedS"));
                case "totalBeats" -> number(a.path("beats").path("total"));
                case "meanHr" -> whole(a.path("heartRate").path("meanBpm"));
                case "minHr" -> whole(a.path("heartRate").path("minBpm"));
                case "minHrTime" -> minute(a.path("heartRate").path("minMinute"));
                case "maxHr" -> whole(a.path("heartRate").path("maxBpm"));
                case "maxHrTime" -> minute(a.path("heartRate").path("maxMinute"));
                case "pauseThreshold" -> number(a.path("pauses").path("thresholdS"));
                case "pauseCount" -> number(a.path("pauses").path("count"));
                case "longestRr" -> number(a.path("pauses").path("longestS"));
                case "longestRrTime" -> longestPause();
                case "ventricularBeats" -> number(a.path("beats").path("VENTRICULAR"));
                case "supraventricularBeats" -> number(a.path("beats").path("SUPRAVENTRICULAR"));
                case "ventricularIsolated" -> number(a.path("ventricular").path("isolated"));
                case "ventricularCouplets" -> number(a.path("ventricular").path("couplets"));
                case "ventricularRuns" -> number(a.path("ventricular").path("runs"));
                case "ventricularBigeminy" -> number(a.path("ventricular").path("bigeminyEpisodes"));
                case "ventricularTrigeminy" -> number(a.path("ventricular").path("trigeminyEpisodes"));
                case "supraventricularIsolated" -> number(a.path("supraventricular").path("isolated"));
                case "supraventricularCouplets" -> number(a.path("supraventricular").path("couplets"));
                case "supraventricularRuns" -> number(a.path("supraventricular").path("runs"));
                case "supraventricularBigeminy" -> number(a.path("supraventricular").path("bigeminyEpisodes"));
                case "supraventricularTrigeminy" -> number(a.path("supraventricular").path("trigeminyEpisodes"));
                case "vtEpisodes" -> count(a.path("episodes").path("vt"));
                case "svtEpisodes" -> count(a.path("episodes").path("svt"));
                case "afEpisodes" -> count(a.path("episodes").path("af"));
                case "stEpisodes" -> count(a.path("episodes").path("st"));
                case "afBurden" -> number(a.path("afBurdenPercent"));
                case "sdnn" -> number(a.path("hrv").path("sdnnMs"));
                case "sdann" -> number(a.path("hrv").path("sdannMs"));
                case "rmssd" -> number(a.path("hrv").path("rmssdMs"));
                case "pnn50" -> number(a.path("hrv").path("pnn50Percent"));
                case "stList" -> stList();
                case "hourly" -> hourly();
                default -> null;  // a name this pre-fill does not know: the reader fills the field
            };
        }

        /** When the longest pause began: the first listed pause of the longest length. */
        private JsonNode longestPause() {
            JsonNode longest = null;
            for (JsonNode p : a.path("pauses").path("list")) {
                if (p.path("seconds").isNumber() && (longest == null || p.path("seconds").asDouble() > longest.path("seconds").asDouble())) {
                    longest = p;
                }
            }
            return longest == null ? null : text(at(longest.path("fromS").asDouble()));
        }

        /** One line an ST episode: lead, elevation or depression, its largest deviation, when and how long. */
        private JsonNode stList() {
            ArrayNode list = EcgJson.object().arrayNode();
            for (JsonNode e : a.path("episodes").path("st")) {
                String kind = "ELEVATION".equals(e.path("direction").asString()) ? "抬高" : "压低";
                list.add(String.format(Locale.ROOT, "%s ST段%s 最大 %.2f mV，%s 起，持续 %s", e.path("lead").asString(), kind,
                        Math.abs(e.path("maxDeviationUv").asDouble()) / 1000, at(e.path("fromS").asDouble()),
                        hms(e.path("seconds").asDouble())));
            }
            return list;
        }

        /** The hourly table, one line an hour begun: when, beats, slowest / mean / fastest minute rate. */
        private JsonNode hourly() {
            ArrayNode list = EcgJson.object().arrayNode();
            for (JsonNode h : a.path("hourly")) {
                LocalDateTime from = parse(h.path("start").asString(null));
                String when = from == null ? "第 " + (h.path("hour").asInt() + 1) + " 小时"
                        : CLOCK.format(from) + "-" + CLOCK.format(from.plusHours(1));
                list.add(when + "  " + h.path("beats").asLong() + " 次  " + bpm(h.path("minBpm")) + "/" + bpm(h.path("meanBpm"))
                        + "/" + bpm(h.path("maxBpm")));
            }
            return list;
        }

        /** A minute of the recording (HolterJson's {@code ...Minute}) on the recording's clock. */
        private JsonNode minute(JsonNode m) {
            if (!m.isNumber()) {
                return null;
            }
            long minute = m.asLong();
            return text(start == null ? "记录第 " + hms(minute * 60.0) : EVENT_MINUTES.format(start.plusMinutes(minute)));
        }

        /** A time into the recording on its clock ({@code MM-dd HH:mm:ss}), or as time into it without a start. */
        public String at(double seconds) {
            return start == null ? "记录第 " + hms(seconds) : EVENT_SECONDS.format(start.plusNanos(Math.round(seconds * 1e9)));
        }

        private static JsonNode duration(JsonNode seconds) {
            return seconds.isNumber() ? text(hms(seconds.asDouble())) : null;
        }

        /** Hours (any number), minutes and seconds, rounded to the second: 23:58:12. */
        public static String hms(double seconds) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }

        private static String bpm(JsonNode n) {
            return n.isNumber() ? Long.toString(Math.round(n.asDouble())) : "-";
        }

        private static JsonNode number(JsonNode n) {
            return n.isNumber() ? n : null;
        }

        private static JsonNode whole(JsonNode n) {
            return n.isNumber() ? EcgJson.object().numberNode(Math.round(n.asDouble())) : null;
        }

        private static JsonNode count(JsonNode array) {
            return array.isArray() ? EcgJson.object().numberNode(array.size()) : null;
        }

        private static JsonNode text(String s) {
            return EcgJson.object().stringNode(s);
        }

        private static LocalDateTime parse(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            try {
                return LocalDateTime.parse(s);
            } catch (DateTimeParseException e) {
                return null;  // not a clock time: times are then given into the recording
            }
        }
    }
}
