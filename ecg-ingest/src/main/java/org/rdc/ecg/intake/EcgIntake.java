package org.rdc.ecg.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.iod.ResidentIdLocation;
import org.rdc.dicom.object.DataSet;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.CriticalFlag;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.format.EcgContent;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import org.rdc.ecg.format.dicom.DicomWaveformWriter;
import org.rdc.ecg.format.dicom.WaveformTags;
import org.rdc.ecg.json.EcgJson;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.ecg.render.Layout;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageException;
import org.rdc.storage.StoredInstance;
import org.rdc.storage.catalog.AttachmentAttributes;
import org.rdc.storage.catalog.AttachmentSummary;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.catalog.RecordOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every ECG's way into the reading workflow, whichever door it came through.
 *
 * <p>{@link #ingest} takes an upload (HTTP intake): the content is decoded, analysed and rendered
 * first, and only then stored, so a file that cannot be read changes nothing. A non-DICOM upload
 * gets a DICOM identity: a 12-lead ECG Waveform object built from the record, with study, series
 * and SOP Instance UIDs derived from the facility and the SHA-256 of the uploaded bytes
 * ({@link RecordUids}), so the same content sent twice by a facility is the same record. It is stored like any instance (modality ECG,
 * the device's facility, the device as source), with the uploaded bytes as attachment
 * {@value #ORIGINAL}, the analysis JSON as {@value #ANALYSIS}, the 3x4 screen rendering as
 * {@value #RENDER}; the {@link Listener} hears of critical flags, then the study is marked ready
 * ({@value #READY_REASON}). A DICOM ECG upload is stored as it is, under its own UIDs.
 *
 * <p>{@link #ingestStoredInstance} is for DICOM ECGs the gateway has already stored, run from a
 * durable {@link EcgAnalysisJobs} job: it adds the analysis and rendering and tells the listener;
 * readiness stays with the gateway (Storage Commitment or the quiet period), as for any DICOM study,
 * and the worklist router holds the study until the job has run.
 */
public final class EcgIntake {

    private static final Logger log = LoggerFactory.getLogger(EcgIntake.class);

    public static final String ORIGINAL = "ECG_ORIGINAL";
    public static final String ANALYSIS = "ECG_ANALYSIS";
    public static final String RENDER = "ECG_RENDER";
    public static final String READY_REASON = "ECG_UPLOAD";

    /**
     * Told about every newly analysed ECG before its study is marked ready, so that a critical one
     * is routed first (the worklist's routing hint). For an upload a failure is logged only; for
     * {@link #ingestStoredInstance} (an analysis job) it is told on every run and a failure fails the job.
     */
    @FunctionalInterface
    public interface Listener {
        void analysed(EcgResult result);

        /** The study of an upload has just been marked ready (the router may look at once). */
        default void ready(String studyInstanceUid) {
        }

        Listener NONE = r -> { };
    }

    private final InstanceStore store;
    private final EcgReader reader;
    private final EcgAnalyzer analyzer = new EcgAnalyzer();
    private final AnalysisSettings settings;
    private final EcgRenderer renderer;
    private final EcgMetrics metrics;
    private final Listener listener;
    private final DicomWaveformDecoder dicom = new DicomWaveformDecoder();

    public EcgIntake(InstanceStore store, EcgReader reader, AnalysisSettings settings, EcgRenderer renderer,
                     EcgMetrics metrics, Listener listener) {
        this.store = store;
        this.reader = reader;
        this.settings = settings;
        this.renderer = renderer;
        this.metrics = metrics;
        this.listener = listener == null ? Listener.NONE : listener;
    }

    /** Whether the gateway should hand an instance of this SOP class to {@link #ingestStoredInstance}. */
    public static boolean isEcg(String sopClassUid) {
        return DicomWaveformDecoder.isEcgSopClass(sopClassUid);
    }

    public EcgMetrics metrics() {
        return metrics;
    }

    public int maxBytes() {
        return reader.maxBytes();
    }

    /**
     * Takes one uploaded ECG from an authenticated device. Returns once everything is durable and
     * in the catalog.
     *
     * @throws EcgFormatException  the content is unsupported, broken or too large (nothing stored)
     * @throws StorageException    storage is unavailable or full (the upload may be retried), or a DICOM ECG's
     *                             UIDs belong to another facility's data (OTHER_FACILITY) or contradict its study
     *                             (CONFLICT): nothing stored
     */
    public EcgResult ingest(byte[] original, Device device) throws EcgFormatException {
        long start = System.nanoTime();
        try {
            EcgResult r = DicomWaveformDecoder.isPart10(original) ? ingestDicom(original, device) : ingestFile(original, device);
            metrics.upload(r.created(), r.format().name());
            metrics.intakeNanos(System.nanoTime() - start);
            log.info("ECG {} from {}/{}: {} {} study {} ({} bytes, sha256 {}){}", r.created() ? "stored" : "already stored",
                    device.facilityId(), device.deviceId(), r.format().displayName(), r.sopInstanceUid(), r.studyInstanceUid(),
                    original.length, r.originalSha256(), r.critical() ? ", CRITICAL " + r.criticalFlags() : "");
            return r;
        } catch (EcgFormatException e) {
            metrics.failure(switch (e.kind()) {
                case UNSUPPORTED -> EcgMetrics.Failure.UNSUPPORTED_FORMAT;
                case TOO_LARGE -> EcgMetrics.Failure.TOO_LARGE;
                case INVALID -> EcgMetrics.Failure.INVALID_CONTENT;
            });
            log.info("ECG from {}/{} refused ({} bytes): {}", device.facilityId(), device.deviceId(), original.length, e.getMessage());
            throw e;
        } catch (StorageException e) {
            boolean refused = e.kind() == StorageException.Kind.OTHER_FACILITY || e.kind() == StorageException.Kind.CONFLICT;
            metrics.failure(refused ? EcgMetrics.Failure.UID_CONFLICT : EcgMetrics.Failure.STORAGE_UNAVAILABLE);
            log.warn("ECG from {}/{} not stored: {}", device.facilityId(), device.deviceId(), e.getMessage());
            throw e;
        }
    }

    private EcgResult ingestFile(byte[] original, Device device) throws EcgFormatException {
        checkSize(original);
        EcgContent content = new EcgContent(original);
        String sha = content.source().sha256Hex();
        RecordUids uids = RecordUids.of(device.facilityId(), sha);
        Optional<EcgResult> known = alreadyIngested(uids, sha);
        if (known.isPresent()) {
            return known.get();
        }
        EcgRecord record = timed("decode", () -> reader.read(content));
        Derived d = derive(record);
        DataSet ds = DicomWaveformWriter.build(record, new DicomWaveformWriter.Identity(uids.study(), uids.series(),
                uids.sopInstance(), device.facilityId(), device.deviceId()));
        byte[] dcm = DicomWaveformWriter.toPart10(ds);
        long t = System.nanoTime();
        StoredInstance si;
        try (EcgAnalysisJobs.AnalysedUpload analysed = EcgAnalysisJobs.analysedUpload()) {
            si = store.store(attributes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), device), new ByteArrayInputStream(dcm));
        }
        store.storeAttachment(new AttachmentAttributes(uids.study(), ORIGINAL, originalName(record.format()),
                contentType(record.format()), device.facilityId()), new ByteArrayInputStream(original));
        EcgResult result = storeDerived(uids.study(), uids.series(), uids.sopInstance(), si.outcome() == RecordOutcome.NEW,
                record, sha, d, device.facilityId());
        store.catalog().markReady(uids.study(), READY_REASON);
        metrics.stageNanos("store", System.nanoTime() - t);
        announceReady(uids.study());
        return result;
    }

    /** A DICOM ECG sent over HTTP: stored as it is, under its own UIDs. */
    private EcgResult ingestDicom(byte[] original, Device device) throws EcgFormatException {
        checkSize(original);
        EcgContent content = new EcgContent(original);
        DicomFile file = DicomWaveformDecoder.read(original);
        DataSet ds = file.dataSet();
        EcgRecord record = timed("decode", () -> dicom.decode(ds, content.source()));
        InstanceAttributes attrs;
        try {
            attrs = attributes(ds, file.transferSyntax().uid(), device);
        } catch (StorageException e) {
            throw new EcgFormatException("DICOM ECG cannot be catalogued: " + e.getMessage(), e);
        }
        Derived d = derive(record);
        long t = System.nanoTime();
        StoredInstance si;
        try (EcgAnalysisJobs.AnalysedUpload analysed = EcgAnalysisJobs.analysedUpload()) {
            si = store.store(attrs, new ByteArrayInputStream(original));
        }
        EcgResult result = storeDerived(attrs.studyInstanceUid(), attrs.seriesInstanceUid(), attrs.sopInstanceUid(),
                si.outcome() == RecordOutcome.NEW, record, content.source().sha256Hex(), d, device.facilityId());
        store.catalog().markReady(attrs.studyInstanceUid(), READY_REASON);
        metrics.stageNanos("store", System.nanoTime() - t);
        announceReady(attrs.studyInstanceUid());
        return result;
    }

    /**
     * Analyses a DICOM ECG the gateway has stored (C-STORE) and attaches the analysis and rendering
     * to its study. Idempotent: the same instance twice stores nothing new.
     *
     * @throws StorageException   NOT_FOUND when the catalog has no such instance, or storage is unavailable
     * @throws EcgFormatException the instance is not a readable ECG waveform
     */
    public EcgResult ingestStoredInstance(String sopInstanceUid) throws EcgFormatException {
        long start = System.nanoTime();
        long size = store.locate(sopInstanceUid).map(o -> o.size()).orElseThrow(() ->
                new StorageException(StorageException.Kind.NOT_FOUND, "no instance " + sopInstanceUid));
        if (size > reader.maxBytes()) {
            throw new EcgFormatException(EcgFormatException.Kind.TOO_LARGE, "DICOM ECG " + sopInstanceUid + " is " + size
                    + " bytes, over the analysis limit of " + reader.maxBytes() + " bytes");
        }
        byte[] bytes;
        try (InputStream in = store.open(sopInstanceUid)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "reading instance " + sopInstanceUid + " failed: " + e, e);
        }
        EcgContent content = new EcgContent(bytes);
        DataSet ds = DicomWaveformDecoder.read(bytes).dataSet();
        EcgRecord record = timed("decode", () -> dicom.decode(ds, content.source()));
        String facility = store.catalog().facilityOfInstance(sopInstanceUid).orElse(null);
        Derived d = derive(record);
        String study = ds.getString(Tag.StudyInstanceUID);
        EcgResult r = storeDerived(study, ds.getString(Tag.SeriesInstanceUID), sopInstanceUid, null, record,
                content.source().sha256Hex(), d, facility);
        metrics.intakeNanos(System.nanoTime() - start);
        log.info("ECG {} of study {} (stored by the gateway) analysed{}", sopInstanceUid, study,
                r.critical() ? ": CRITICAL " + r.criticalFlags() : "");
        return r;
    }

    private record Derived(EcgAnalysis analysis, ObjectNode json, byte[] png) {
    }

    private Derived derive(EcgRecord record) {
        long t = System.nanoTime();
        EcgAnalysis a = analyzer.analyze(record, settings);
        long analysed = System.nanoTime();
        metrics.analysisNanos(analysed - t);
        ObjectNode json = EcgJson.analysis(record, a);
        byte[] png = renderer.render(record, a, Layout.THREE_BY_FOUR_RHYTHM, 25, 10, EcgRenderer.SCREEN_DPI);
        metrics.stageNanos("render", System.nanoTime() - analysed);
        return new Derived(a, json, png);
    }

    /** @param instanceNew whether this intake stored the instance; null when the gateway did (then: whether the analysis is new) */
    private EcgResult storeDerived(String study, String series, String sop, Boolean instanceNew, EcgRecord record,
                                   String sha, Derived d, String facility) {
        d.json().put("studyInstanceUid", study);
        d.json().put("sopInstanceUid", sop);
        boolean analysisNew = store.storeAttachment(new AttachmentAttributes(study, ANALYSIS, "analysis.json",
                "application/json", facility), new ByteArrayInputStream(EcgJson.toBytes(d.json()))).added();
        store.storeAttachment(new AttachmentAttributes(study, RENDER, "ecg-3x4-25mms-10mmmv.png", "image/png", facility),
                new ByteArrayInputStream(d.png()));
        List<String> flags = d.analysis().criticalFlags().stream().map(CriticalFlag::code).toList();
        boolean created = instanceNew != null ? instanceNew : analysisNew;
        EcgResult result = new EcgResult(study, series, sop, created, record.format(), facility, sha, d.json(), flags);
        if (created || analysisNew) {
            flags.forEach(metrics::criticalFlag);
        }
        if (instanceNew == null) {
            // An analysis job: the listener hears every run (a critical hint is idempotent) and its failure fails the
            // job, so a critical flag is never lost to a crash between the attachment and the hint.
            listener.analysed(result);
        } else if (created || analysisNew) {
            try {
                listener.analysed(result);
            } catch (RuntimeException e) {
                log.warn("ECG listener failed for study {}: {}", study, e.toString());
            }
        }
        return result;
    }

    private void announceReady(String study) {
        try {
            listener.ready(study);
        } catch (RuntimeException e) {
            log.warn("ECG listener failed for study {}: {}", study, e.toString());
        }
    }

    /** The same upload again: everything is already stored and announced, answer from the catalog. */
    private Optional<EcgResult> alreadyIngested(RecordUids uids, String sha) {
        if (store.locate(uids.sopInstance()).isEmpty() || store.catalog().readiness(uids.study()).isEmpty()) {
            return Optional.empty();
        }
        Optional<AttachmentSummary> original = store.catalog().attachments(uids.study(), ORIGINAL).stream()
                .filter(a -> a.sha256().equals(sha)).findFirst();
        if (original.isEmpty() || store.catalog().attachments(uids.study(), RENDER).isEmpty()) {
            return Optional.empty();
        }
        ObjectNode json;
        try {
            Optional<ObjectNode> stored = storedAnalysis(store, uids.study());
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            json = stored.get();
        } catch (RuntimeException e) {
            log.warn("stored analysis of study {} unreadable, analysing again: {}", uids.study(), e.toString());
            return Optional.empty();
        }
        SourceFormat format;
        try {
            format = SourceFormat.valueOf(json.path("format").asString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<String> flags = json.path("criticalFlags").valueStream().map(f -> f.path("code").asString()).toList();
        return Optional.of(new EcgResult(uids.study(), uids.series(), uids.sopInstance(), false, format, original.get().facilityId(),
                sha, json, flags));
    }

    /**
     * The newest analysis stored with a study ({@value #ANALYSIS}; a DICOM ECG analysed again adds a newer one), or
     * empty when it has none: what the viewer shows, the report template pre-fills and a repeated upload answers.
     *
     * @throws StorageException UNAVAILABLE when it cannot be read
     */
    public static Optional<ObjectNode> storedAnalysis(InstanceStore store, String studyUid) {
        List<AttachmentSummary> analyses = store.catalog().attachments(studyUid, ANALYSIS);
        if (analyses.isEmpty()) {
            return Optional.empty();
        }
        // the catalog lists them oldest first
        AttachmentSummary newest = analyses.get(analyses.size() - 1);
        try (InputStream in = store.openAttachment(studyUid, ANALYSIS, newest.sha256())) {
            return Optional.of(EcgJson.parseObject(in.readAllBytes()));
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "cannot read the ECG analysis of " + studyUid + ": " + e, e);
        }
    }

    private void checkSize(byte[] original) throws EcgFormatException {
        if (original.length > reader.maxBytes()) {
            throw new EcgFormatException(EcgFormatException.Kind.TOO_LARGE, "ECG content is " + original.length
                    + " bytes, over the limit of " + reader.maxBytes() + " bytes");
        }
        if (original.length == 0) {
            throw new EcgFormatException("ECG content is empty");
        }
    }

    /** What the catalog records, from the data set (decoded text) and the authenticated device. */
    static InstanceAttributes attributes(DataSet ds, String transferSyntaxUid, Device device) {
        return new InstanceAttributes(ds.getString(Tag.PatientID), ds.getString(WaveformTags.IssuerOfPatientID),
                ds.getString(Tag.PatientName), ds.getString(Tag.PatientSex),
                date(ds.getString(Tag.PatientBirthDate)), ds.getString(Tag.StudyInstanceUID),
                ds.getString(Tag.AccessionNumber), date(ds.getString(Tag.StudyDate)),
                ds.getString(Tag.StudyTime), ds.getString(Tag.StudyDescription),
                ds.getString(Tag.SeriesInstanceUID), Optional.ofNullable(ds.getString(Tag.Modality)).orElse("ECG"), null,
                integer(ds, Tag.SeriesNumber), ds.getString(Tag.SeriesDescription), ds.getString(Tag.SOPClassUID),
                ds.getString(Tag.SOPInstanceUID), integer(ds, Tag.InstanceNumber), transferSyntaxUid,
                device.facilityId(), device.deviceId(),
                Optional.ofNullable(ds.getString(Tag.RequestedProcedurePriority)).orElse(ds.getString(Tag.StudyPriorityID)),
                // the facility's own location setting is the gateway's; an ECG upload is read at the standard place
                ResidentIdLocation.OTHER_PATIENT_IDS_SEQUENCE.find(ds, null));
    }

    private static LocalDate date(String da) {
        if (da == null || !da.matches("\\d{8}")) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(da.substring(0, 4)), Integer.parseInt(da.substring(4, 6)),
                    Integer.parseInt(da.substring(6, 8)));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static Integer integer(DataSet ds, int tag) {
        int v = ds.getInt(tag, Integer.MIN_VALUE);
        return v == Integer.MIN_VALUE ? null : v;
    }

    static String contentType(SourceFormat f) {
        return switch (f) {
            case DICOM_WAVEFORM -> "application/dicom";
            case HL7_AECG, PHILIPS_SIERRA_XML, GE_MUSE_XML -> "application/xml";
            default -> "application/octet-stream";
        };
    }

    static String originalName(SourceFormat f) {
        return "original." + switch (f) {
            case DICOM_WAVEFORM -> "dcm";
            case SCP_ECG -> "scp";
            case HL7_AECG, PHILIPS_SIERRA_XML, GE_MUSE_XML -> "xml";
            default -> f.name().toLowerCase(Locale.ROOT);
        };
    }

    private interface Step<T> {
        T run() throws EcgFormatException;
    }

    private <T> T timed(String stage, Step<T> step) throws EcgFormatException {
        long t = System.nanoTime();
        try {
            return step.run();
        } finally {
            metrics.stageNanos(stage, System.nanoTime() - t);
        }
    }
}
