package org.rdc.reports.lifecycle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.holter.HolterReader;
import org.rdc.ecg.holter.HolterRecording;
import org.rdc.ecg.holter.SampleBlock;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.reports.pdf.ReportDocument;
import org.rdc.reports.pdf.StripImage;
import org.rdc.reports.template.HolterPrefill;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageException;
import org.rdc.storage.catalog.AttachmentSummary;
import org.rdc.storage.catalog.StoredObject;
import tools.jackson.databind.JsonNode;

/**
 * The representative strips a Holter report prints (DB37/T 4565-2022, DB22/T 3373-2022: 典型心电图片段): 10 s of the
 * recording at the longest pause, in the slowest and in the fastest minute, and at the first VT, AF or SVT episode,
 * read where they are from the stored recording ({@link HolterRecording#seek}) and
 * drawn by {@link StripImage}; for an Ambulatory ECG the gateway stored, from that instance. A study without a Holter
 * analysis has none.
 */
final class HolterStrips {

    static final String CAPTION = "动态心电图典型片段  25 mm/s  10 mm/mV";
    /** A strip starts this long before its event, as the review's event strips do. */
    private static final double BEFORE_S = 2;

    private HolterStrips() {
    }

    static Optional<ReportDocument.EcgImage> of(InstanceStore store, String study) {
        Optional<JsonNode> found = HolterPrefill.storedAnalysis(store, study);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Optional<StoredObject> source = recording(store, study);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        JsonNode a = found.get();
        HolterPrefill.Figures clock = new HolterPrefill.Figures(a);
        List<Pick> picks = picks(a);
        if (picks.isEmpty()) {
            return Optional.empty();
        }
        double recorded = a.path("recordedS").asDouble();
        int lead = lead(a);
        String leadName = a.path("leads").path(lead).asString("");
        List<StripImage.Strip> strips = new ArrayList<>();
        try (HolterRecording rec = HolterReader.open(SourceFormat.valueOf(a.path("format").asString()),
                store.channel(source.get()))) {
            double fs = rec.header().sampleRate();
            for (Pick p : picks) {
                double from = Math.max(0, Math.min(recorded - StripImage.SECONDS, p.atS() - BEFORE_S));
                long first = Math.round(from * fs);
                strips.add(new StripImage.Strip(p.caption() + "  " + clock.at(from) + " 起", leadName, fs,
                        read(rec, first, (int) Math.round(StripImage.SECONDS * fs), lead)));
            }
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "reading the recording of " + study + " failed: " + e, e);
        } catch (EcgFormatException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored recording of " + study + " cannot be decoded: " + e.getMessage(), e);
        }
        return Optional.of(new ReportDocument.EcgImage(StripImage.png(strips), CAPTION));
    }

    private record Pick(String caption, double atS) {
    }

    /**
     * Where the recording is, as the review reads it: the upload's original ({@value HolterIntake#ORIGINAL}, newest), or
     * the Ambulatory ECG instance the gateway stored, which the analysis names ({@code sopInstanceUid}).
     */
    private static Optional<StoredObject> recording(InstanceStore store, String study) {
        Optional<AttachmentSummary> original = store.catalog().attachments(study, HolterIntake.ORIGINAL).stream()
                .max(Comparator.comparing(AttachmentSummary::createdAt));
        if (original.isPresent()) {
            return Optional.of(store.attachment(study, HolterIntake.ORIGINAL, original.get().sha256()));
        }
        String sop = HolterPrefill.storedAttachment(store, study).map(j -> j.path("sopInstanceUid").asString(null)).orElse(null);
        return sop == null ? Optional.empty() : store.locate(sop);
    }

    private static List<Pick> picks(JsonNode a) {
        List<Pick> out = new ArrayList<>();
        JsonNode longest = null;
        for (JsonNode p : a.path("pauses").path("list")) {
            if (longest == null || p.path("seconds").asDouble() > longest.path("seconds").asDouble()) {
                longest = p;
            }
        }
        if (longest != null) {
            out.add(new Pick(String.format(Locale.ROOT, "最长RR间期 %.2f s", longest.path("seconds").asDouble()),
                    longest.path("fromS").asDouble()));
        }
        JsonNode hr = a.path("heartRate");
        if (hr.path("minMinute").isNumber()) {
            // the middle of the minute whose rate it is
            out.add(new Pick("最慢心率 " + hr.path("minBpm").asLong() + " 次/分", hr.path("minMinute").asLong() * 60 + 30 - StripImage.SECONDS / 2 + BEFORE_S));
        }
        if (hr.path("maxMinute").isNumber()) {
            out.add(new Pick("最快心率 " + hr.path("maxBpm").asLong() + " 次/分", hr.path("maxMinute").asLong() * 60 + 30 - StripImage.SECONDS / 2 + BEFORE_S));
        }
        for (String[] kind : new String[][] {{"vt", "室性心动过速"}, {"af", "心房颤动"}, {"svt", "室上性心动过速"}}) {
            JsonNode e = a.path("episodes").path(kind[0]).path(0);
            if (e.isObject()) {
                out.add(new Pick(kind[1] + "（首阵）", e.path("fromS").asDouble()));
                break;
            }
        }
        return out;
    }

    /** Lead II (MLII on MIT-BIH records) when recorded, else the first. */
    private static int lead(JsonNode a) {
        JsonNode leads = a.path("leads");
        for (int i = 0; i < leads.size(); i++) {
            String n = leads.get(i).asString("").toUpperCase(Locale.ROOT);
            if (n.equals("II") || n.equals("MLII")) {
                return i;
            }
        }
        return 0;
    }

    private static double[] read(HolterRecording rec, long first, int count, int lead) throws IOException {
        double[] out = new double[count];
        rec.seek(first);
        SampleBlock block = rec.newBlock();
        int got = 0;
        while (got < count && rec.read(block)) {
            double[] uv = block.lead(lead);
            for (int i = 0; i < block.frames(); i++) {
                long f = block.firstFrame() + i - first;
                if (f >= 0 && f < count) {
                    out[(int) f] = uv[i];
                    got++;
                }
            }
        }
        return java.util.Arrays.copyOf(out, got);
    }
}
