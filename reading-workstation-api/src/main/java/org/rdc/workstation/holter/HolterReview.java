package org.rdc.workstation.holter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.holter.BeatClass;
import org.rdc.ecg.holter.EctopyPatterns;
import org.rdc.ecg.holter.HolterAnalysis;
import org.rdc.ecg.holter.HolterReader;
import org.rdc.ecg.holter.HolterRecording;
import org.rdc.ecg.holter.RhythmSummary;
import org.rdc.ecg.holter.SampleBlock;
import org.rdc.ecg.intake.HolterAnalysisDocument;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.json.EcgJson;
import org.rdc.ecg.json.HolterJson;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StoredAttachment;
import org.rdc.storage.StorageException;
import org.rdc.storage.catalog.AttachmentAttributes;
import org.rdc.storage.catalog.AttachmentSummary;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.workstation.api.WorkstationException;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Holter study as its reviewer works through it (issue 14 point 5): the stored analysis ({@value HolterIntake#ANALYSIS}),
 * and windows of the recording read from the store where they are, never from the recording's start
 * ({@link HolterRecording#seek} over {@link InstanceStore#channel}). The recording is the upload's
 * {@value HolterIntake#ORIGINAL} attachment, or, for an Ambulatory ECG the gateway stored, that instance. The study is
 * looked up in the caller's scope first: another facility's study is "not found".
 */
final class HolterReview {

    static final double MIN_STRIP_SECONDS = 10;
    static final double MAX_STRIP_SECONDS = 60;
    static final double OVERVIEW_SECONDS_PER_POINT = 0.5;
    static final double EVENT_STRIP_SECONDS = 10;
    private static final int CACHED = 8;

    /**
     * An analysis as read once: the stored JSON (attachment {@code sha256}), the analysis it rebuilds, and its beats with
     * their labels now, which every strip needs (a day is some 100 000).
     */
    record Analysis(String studyUid, String sha256, String facilityId, ObjectNode json, HolterAnalysis analysis, long[] beats,
                    BeatClass[] classes, String letters) {
        double sampleRate() {
            return analysis.sampleRate();
        }

        long frames() {
            return analysis.frames();
        }

        static Analysis of(String studyUid, String sha256, String facilityId, ObjectNode json, HolterAnalysis analysis) {
            BeatClass[] classes = new BeatClass[analysis.beats().size()];
            StringBuilder letters = new StringBuilder(classes.length);
            for (int i = 0; i < classes.length; i++) {
                classes[i] = analysis.label(i);
                letters.append(HolterJson.letter(classes[i]));
            }
            return new Analysis(studyUid, sha256, facilityId, json, analysis, analysis.beats().frames(), classes, letters.toString());
        }
    }

    private final InstanceStore store;
    private final Object relabelling = new Object();
    /** Parsed analyses by attachment SHA-256 (immutable content), so paging a day does not parse a MB of JSON per page. */
    private final Map<String, Analysis> parsed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Analysis> eldest) {
            return size() > CACHED;
        }
    };

    HolterReview(InstanceStore store) {
        this.store = store;
    }

    /** The newest stored analysis without what only rebuilds it (the per-beat columns). */
    ObjectNode summary(CatalogScope scope, String studyUid) {
        return shown(analysis(scope, studyUid).json());
    }

    private static ObjectNode shown(ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        copy.remove(HolterJson.REBUILD);
        return copy;
    }

    /** Fails as {@link #summary} would when the caller cannot see the study or it has no Holter analysis. */
    void requireVisible(CatalogScope scope, String studyUid) {
        analysis(scope, studyUid);
    }

    /**
     * Issue 14 point 5: a reader relabels a template or one beat. The newest analysis, relabelled
     * ({@link HolterAnalysis#relabel}: every count, pattern, episode and finding follows), is stored as a new newest
     * {@value HolterIntake#ANALYSIS} attachment naming the one it {@code follows}; the earlier ones stay as they were.
     * One relabel at a time, so two readers' relabels both land, one after the other. An unknown template or beat is
     * a 400 and nothing is stored.
     *
     * @return the new analysis as {@link #summary} shows it
     */
    ObjectNode relabel(CatalogScope scope, String studyUid, HolterAnalysis.Target target, BeatClass newClass) {
        synchronized (relabelling) {
            Analysis a = analysis(scope, studyUid);
            HolterAnalysis next;
            try {
                next = HolterAnalysis.relabel(a.analysis(), target, newClass);
            } catch (IllegalArgumentException e) {
                throw WorkstationException.invalidCode(target instanceof HolterAnalysis.Target.Template ? "holter-template" : "holter-beat",
                        e.getMessage());
            }
            ObjectNode json = HolterAnalysisDocument.relabelled(a.json(), a.sha256(), next);
            StoredAttachment stored = store.storeAttachment(new AttachmentAttributes(studyUid, HolterIntake.ANALYSIS,
                    "holter-analysis.json", "application/json", a.facilityId()), new ByteArrayInputStream(EcgJson.toBytes(json)));
            synchronized (parsed) {
                parsed.put(stored.sha256(), Analysis.of(studyUid, stored.sha256(), a.facilityId(), json, next));
            }
            return shown(json);
        }
    }

    HolterViews.Strip strip(CatalogScope scope, String studyUid, double startSeconds, double seconds, List<String> leadNames) {
        Analysis a = analysis(scope, studyUid);
        double fs = a.sampleRate();
        double duration = a.frames() / fs;
        if (!(startSeconds >= 0 && startSeconds < duration)) {
            throw WorkstationException.invalidCode("holter-start", "start must be from 0 to below the recording's " + duration
                    + " s, was " + startSeconds);
        }
        if (!(seconds >= MIN_STRIP_SECONDS && seconds <= MAX_STRIP_SECONDS)) {
            throw WorkstationException.invalidCode("holter-seconds", "seconds must be from " + MIN_STRIP_SECONDS + " to "
                    + MAX_STRIP_SECONDS + ", was " + seconds);
        }
        int[] leads = leadIndices(a, leadNames);
        long first = Math.round(startSeconds * fs);
        int count = (int) Math.min(a.frames() - first, Math.round(seconds * fs));
        int[][] samples = read(scope, a, first, count, leads);
        List<HolterViews.LeadSamples> out = new ArrayList<>();
        for (int i = 0; i < leads.length; i++) {
            out.add(new HolterViews.LeadSamples(a.json().path("leads").get(leads[i]).asString(), samples[i]));
        }
        List<HolterViews.Beat> beats = new ArrayList<>();
        for (int b = firstBeatAtOrAfter(a.beats(), first); b < a.beats().length && a.beats()[b] < first + count; b++) {
            beats.add(new HolterViews.Beat(a.beats()[b], a.beats()[b] / fs, String.valueOf(a.letters().charAt(b))));
        }
        return new HolterViews.Strip(studyUid, fs, "uV", first / fs, count / fs, first, count, out, beats);
    }

    HolterViews.Overview overview(CatalogScope scope, String studyUid, int hour, String leadName) {
        Analysis a = analysis(scope, studyUid);
        double fs = a.sampleRate();
        int hours = (int) Math.ceil(a.frames() / fs / 3600);
        if (hour < 0 || hour >= hours) {
            throw WorkstationException.invalidCode("holter-hour", "hour must be from 0 to " + (hours - 1) + " (the recording's "
                    + hours + " hours begun), was " + hour);
        }
        int lead = leadIndices(a, leadName == null ? List.of() : List.of(leadName))[0];
        long first = Math.round(hour * 3600 * fs);
        long count = Math.min(a.frames() - first, Math.round(3600 * fs));
        int perPoint = (int) Math.round(OVERVIEW_SECONDS_PER_POINT * fs);
        int points = (int) ((count + perPoint - 1) / perPoint);
        int[] min = new int[points];
        int[] max = new int[points];
        Arrays.fill(min, Integer.MAX_VALUE);
        Arrays.fill(max, Integer.MIN_VALUE);
        try (HolterRecording rec = open(scope, a)) {
            rec.seek(first);
            SampleBlock block = rec.newBlock();
            while (rec.read(block) && block.firstFrame() < first + count) {
                double[] uv = block.lead(lead);
                for (int i = 0; i < block.frames(); i++) {
                    long f = block.firstFrame() + i - first;
                    if (f >= 0 && f < count) {
                        int p = (int) (f / perPoint);
                        int v = (int) Math.round(uv[i]);
                        min[p] = Math.min(min[p], v);
                        max[p] = Math.max(max[p], v);
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(studyUid, e);
        }
        return new HolterViews.Overview(studyUid, hour, a.json().path("leads").get(lead).asString(), first / fs,
                perPoint / fs, points, min, max);
    }

    HolterViews.Trends trends(CatalogScope scope, String studyUid) {
        Analysis a = analysis(scope, studyUid);
        List<HolterViews.Minute> minutes = summary(a).minuteRates().stream()
                .map(m -> new HolterViews.Minute(m.minute(), Double.isNaN(m.bpm()) ? null : m.bpm())).toList();
        return new HolterViews.Trends(studyUid, a.frames() / a.sampleRate(), minutes);
    }

    HolterViews.Events events(CatalogScope scope, String studyUid) {
        Analysis a = analysis(scope, studyUid);
        double fs = a.sampleRate();
        double threshold = a.analysis().settings().pauseSeconds();
        List<HolterViews.Event> events = new ArrayList<>();
        for (RhythmSummary.Pause p : summary(a).pauses(threshold)) {
            events.add(event(a, "PAUSE", p.fromFrame(), p.seconds(), null, null));
        }
        for (BeatClass c : List.of(BeatClass.VENTRICULAR, BeatClass.SUPRAVENTRICULAR)) {
            EctopyPatterns e = EctopyPatterns.of(a.beats(), a.classes(), c, fs);
            List<EctopyPatterns.Run> tachycardia = e.tachycardiaRuns();
            for (int i = 0; i + 1 < a.classes().length; i++) {
                // couplets: exactly two in a row, as EctopyPatterns counts them
                if (a.classes()[i] == c && a.classes()[i + 1] == c && (i == 0 || a.classes()[i - 1] != c)
                        && (i + 2 == a.classes().length || a.classes()[i + 2] != c)) {
                    events.add(event(a, c.name() + "_COUPLET", a.beats()[i], (a.beats()[i + 1] - a.beats()[i]) / fs, 2, null));
                }
            }
            for (EctopyPatterns.Run r : e.runs()) {
                String type = c.name() + (tachycardia.contains(r) ? "_TACHYCARDIA" : "_RUN");
                events.add(event(a, type, a.beats()[r.first()], (a.beats()[r.last()] - a.beats()[r.first()]) / fs, r.beats(), r.bpm()));
            }
        }
        events.sort(Comparator.comparingLong(HolterViews.Event::frame));
        return new HolterViews.Events(studyUid, events);
    }

    /** The event's strip: {@value #EVENT_STRIP_SECONDS} s starting 2 s before it, kept inside the recording. */
    private static HolterViews.Event event(Analysis a, String type, long frame, double duration, Integer beats, Double bpm) {
        double fs = a.sampleRate();
        double latest = Math.max(0, a.frames() / fs - EVENT_STRIP_SECONDS);
        double strip = Math.max(0, Math.min(latest, frame / fs - 2));
        return new HolterViews.Event(type, frame, frame / fs, duration, beats, bpm, strip);
    }

    private static RhythmSummary summary(Analysis a) {
        return new RhythmSummary(a.beats(), a.classes(), a.sampleRate(), a.frames(), a.analysis().start());
    }

    private int[][] read(CatalogScope scope, Analysis a, long first, int count, int[] leads) {
        int[][] out = new int[leads.length][count];
        try (HolterRecording rec = open(scope, a)) {
            rec.seek(first);
            SampleBlock block = rec.newBlock();
            int got = 0;
            while (got < count && rec.read(block)) {
                for (int i = 0; i < block.frames(); i++) {
                    long f = block.firstFrame() + i - first;
                    if (f >= 0 && f < count) {
                        for (int l = 0; l < leads.length; l++) {
                            out[l][(int) f] = (int) Math.round(block.lead(leads[l])[i]);
                        }
                        got++;
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(a.studyUid(), e);
        }
        return out;
    }

    private HolterRecording open(CatalogScope scope, Analysis a) throws IOException {
        String sha = a.json().path("originalSha256").asString(null);
        StoredObject o;
        if (sha != null) {
            o = store.attachment(a.studyUid(), HolterIntake.ORIGINAL, sha);
        } else {
            String sop = a.json().path("sopInstanceUid").asString();
            o = store.catalog().locate(scope, sop).orElseThrow(() -> new StorageException(StorageException.Kind.NOT_FOUND, "no instance " + sop));
        }
        try {
            return HolterReader.open(a.analysis().format(), store.channel(o));
        } catch (EcgFormatException e) {
            throw new WorkstationException(WorkstationException.Kind.CONFLICT, "holter-unreadable",
                    "the stored recording of " + a.studyUid() + " cannot be decoded: " + e.getMessage());
        }
    }

    private static StorageException unreadable(String studyUid, IOException e) {
        return new StorageException(StorageException.Kind.UNAVAILABLE, "reading the recording of " + studyUid + " failed: " + e, e);
    }

    /** Leads by name in the order asked (none: all); an unknown name is a 400 naming the recording's leads. */
    private static int[] leadIndices(Analysis a, List<String> names) {
        List<String> recorded = a.analysis().leads();
        if (names.isEmpty()) {
            return java.util.stream.IntStream.range(0, recorded.size()).toArray();
        }
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = recorded.indexOf(names.get(i));
            if (out[i] < 0) {
                throw WorkstationException.invalidCode("holter-lead", "lead " + names.get(i) + " is not in the recording, which has "
                        + recorded);
            }
        }
        return out;
    }

    private static int firstBeatAtOrAfter(long[] beats, long frame) {
        int i = Arrays.binarySearch(beats, frame);
        return i >= 0 ? i : -i - 1;
    }

    /**
     * The newest Holter analysis of a study in the caller's scope (the catalog lists attachments oldest first); 404 for
     * another facility's study or none.
     */
    private Analysis analysis(CatalogScope scope, String studyUid) {
        store.catalog().study(scope, studyUid)
                .orElseThrow(() -> new StorageException(StorageException.Kind.NOT_FOUND, "no study " + studyUid));
        List<AttachmentSummary> all = store.catalog().attachments(studyUid, HolterIntake.ANALYSIS);
        if (all.isEmpty()) {
            throw new WorkstationException(WorkstationException.Kind.NOT_FOUND, "no-holter", "study " + studyUid + " has no Holter analysis");
        }
        AttachmentSummary newest = all.get(all.size() - 1);
        synchronized (parsed) {
            Analysis cached = parsed.get(newest.sha256());
            if (cached != null) {
                return cached;
            }
        }
        ObjectNode json;
        try (InputStream in = store.openAttachment(studyUid, HolterIntake.ANALYSIS, newest.sha256())) {
            json = EcgJson.parseObject(in.readAllBytes());
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "cannot read the Holter analysis of " + studyUid + ": " + e, e);
        }
        HolterAnalysis analysis;
        try {
            analysis = HolterAnalysisDocument.read(json);
        } catch (IllegalArgumentException e) {
            throw new WorkstationException(WorkstationException.Kind.CONFLICT, "holter-analysis-unreadable", "the stored Holter analysis "
                    + newest.sha256() + " of " + studyUid + " cannot be read back (" + e.getMessage() + "); analyse the recording again");
        }
        Analysis a = Analysis.of(studyUid, newest.sha256(), newest.facilityId(), json, analysis);
        synchronized (parsed) {
            parsed.put(newest.sha256(), a);
        }
        return a;
    }
}
