package org.rdc.workstation.ecg;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.analysis.SignalFilter;
import org.rdc.ecg.format.EcgContent;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.WaveformSet;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageException;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.InstanceSummary;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.storage.catalog.StudyDetail;
import org.rdc.workstation.api.WorkstationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a study's ECG for the viewer: the ECG waveform instance the stored analysis names (every ECG, uploaded or
 * sent by C-STORE, is kept as a DICOM ECG waveform instance, PS3.3 A.34), decoded by ecg-ingest and filtered by the
 * analysis' own {@link SignalFilter}, so that the screen shows what the analysis measured and {@code EcgRenderer}
 * printed. The study is looked up in the caller's scope first: another facility's study is "not found".
 */
final class EcgWaveforms {

    /** The longest stretch one answer carries: a resting ECG is 10 s; a longer recording is read in windows. */
    static final double MAX_SECONDS = 60;

    /** What to read: the filters (null: those the analysis applied) and the window. */
    record Request(FilterSettings filters, double startS, Double seconds) {
    }

    private final InstanceStore store;
    private final DicomWaveformDecoder decoder = new DicomWaveformDecoder();

    EcgWaveforms(InstanceStore store) {
        this.store = store;
    }

    EcgWaveformView read(CatalogScope scope, String studyUid, Request request) {
        StudyDetail study = store.catalog().study(scope, studyUid)
                .orElseThrow(() -> new StorageException(StorageException.Kind.NOT_FOUND, "no study " + studyUid));
        ObjectNode analysis = EcgIntake.storedAnalysis(store, studyUid).orElse(null);
        InstanceSummary instance = ecgInstance(study, analysis);
        EcgRecord record = decode(scope, instance);
        WaveformSet rhythm = record.rhythm();
        double fs = rhythm.sampleRateHz();
        FilterSettings wanted = request.filters() != null ? request.filters() : applied(analysis);
        SignalFilter.Result filtered = SignalFilter.apply(rhythm, wanted);

        int total = rhythm.sampleCount();
        double durationS = total / fs;
        if (request.startS() < 0 || request.startS() >= durationS) {
            throw WorkstationException.invalidCode("ecg-window", "startS must be from 0 to below the recording's "
                    + durationS + " s, was " + request.startS());
        }
        double seconds = request.seconds() != null ? request.seconds() : Math.min(durationS - request.startS(), MAX_SECONDS);
        if (!(seconds > 0) || seconds > MAX_SECONDS) {
            throw WorkstationException.invalidCode("ecg-window", "seconds must be above 0 and at most " + MAX_SECONDS
                    + " (one answer), was " + seconds);
        }
        int first = (int) Math.round(request.startS() * fs);
        int count = (int) Math.min(total - first, Math.round(seconds * fs));
        List<EcgWaveformView.LeadSamples> leads = new ArrayList<>();
        for (Lead l : filtered.filtered().leads()) {
            double[] uv = l.samplesUv();
            int n = Math.max(0, Math.min(count, uv.length - first));
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = (int) Math.round(uv[first + i]);
            }
            leads.add(new EcgWaveformView.LeadSamples(l.name(), out));
        }
        FilterSettings a = filtered.applied();
        return new EcgWaveformView(studyUid, instance.sopInstanceUid(), fs, "uV", durationS, first / fs, count,
                new EcgWaveformView.Filters(a.highPassHz(), a.lowPassHz(), a.notchHz()), leads, analysis);
    }

    /** The instance the analysis was made from; without an analysis (yet), the study's first ECG waveform. */
    private static InstanceSummary ecgInstance(StudyDetail study, ObjectNode analysis) {
        List<InstanceSummary> ecgs = study.series().stream().flatMap(s -> s.instances().stream())
                .filter(i -> EcgIntake.isEcg(i.sopClassUid())).toList();
        String analysed = analysis == null ? null : analysis.path("sopInstanceUid").asString(null);
        return ecgs.stream().filter(i -> i.sopInstanceUid().equals(analysed)).findFirst()
                .or(() -> ecgs.stream().findFirst())
                .orElseThrow(() -> new WorkstationException(WorkstationException.Kind.NOT_FOUND, "no-ecg",
                        "study " + study.study().studyInstanceUid() + " has no ECG waveform"));
    }

    private EcgRecord decode(CatalogScope scope, InstanceSummary instance) {
        String sop = instance.sopInstanceUid();
        StoredObject o = store.catalog().locate(scope, sop)
                .orElseThrow(() -> new StorageException(StorageException.Kind.NOT_FOUND, "no instance " + sop));
        if (o.size() > EcgReader.DEFAULT_MAX_BYTES) {
            throw new WorkstationException(WorkstationException.Kind.CONFLICT, "ecg-too-large", "the ECG " + sop + " is "
                    + o.size() + " bytes, over the " + EcgReader.DEFAULT_MAX_BYTES + " bytes the viewer reads");
        }
        try (InputStream in = store.open(sop)) {
            return decoder.decode(new EcgContent(in.readAllBytes()));
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "reading instance " + sop + " failed: " + e, e);
        } catch (EcgFormatException e) {
            throw new WorkstationException(WorkstationException.Kind.CONFLICT, "ecg-unreadable",
                    "the stored ECG " + sop + " cannot be decoded: " + e.getMessage());
        }
    }

    /** The filters the analysis applied, so that the viewer starts with what the analysis measured and printed. */
    private static FilterSettings applied(ObjectNode analysis) {
        if (analysis == null) {
            return FilterSettings.unknown();
        }
        JsonNode f = analysis.path("filters").path("applied");
        return new FilterSettings(hz(f, "highPassHz"), hz(f, "lowPassHz"), hz(f, "notchHz"));
    }

    private static Double hz(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }
}
