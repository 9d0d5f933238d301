package org.rdc.ecg.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.dicom.DicomWaveformWriter;
import org.rdc.ecg.holter.HolterAnalysis;
import org.rdc.ecg.holter.HolterAnalyzer;
import org.rdc.ecg.holter.HolterHeader;
import org.rdc.ecg.holter.HolterReader;
import org.rdc.ecg.holter.HolterRecording;
import org.rdc.ecg.holter.HolterSettings;
import org.rdc.ecg.holter.SampleBlock;
import org.rdc.ecg.json.EcgJson;
import org.rdc.ecg.model.Acquisition;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.model.SourceRef;
import org.rdc.ecg.model.WaveformSet;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.Sha256;
import org.rdc.storage.StorageException;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.storage.catalog.AttachmentAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a completed Holter upload ({@link HolterUploads}) a study of the uploading device's
 * facility, run as the outbox job {@value HolterUploads#KIND}: the format is recognised from the
 * content ({@link HolterReader}); a file that is not a single-file Holter recording (ISHNE 1.0,
 * EDF, EDF+, SCP-ECG v3 section 12, DICOM Ambulatory ECG) is refused on the upload with the reason, and nothing is stored. Otherwise the recording
 * is analysed as a stream ({@link HolterAnalyzer}; its critical findings go to the listener, as a resting ECG's
 * flags do) and stored like
 * a resting ECG upload ({@link EcgIntake}): study, series and SOP Instance UIDs from the facility and
 * the SHA-256 of the file ({@link RecordUids}), the patient as the recording names them with the
 * facility as issuer; the catalogued instance is a DICOM ECG waveform of the recording's first
 * {@value #STRIP_SECONDS} s (so the worklist routes it to the ECG line and any viewer opens it),
 * the whole file is attachment {@value #ORIGINAL} (streamed from disk through the spool) and the
 * analysis JSON attachment {@value #ANALYSIS}. Then the study is marked ready ({@value #READY_REASON}).
 *
 * <p>Idempotent: a job run again after a crash stores nothing twice (same UIDs, content-addressed attachments).
 */
public final class HolterIntake {

    private static final Logger log = LoggerFactory.getLogger(HolterIntake.class);

    public static final String ORIGINAL = "HOLTER_ORIGINAL";
    public static final String ANALYSIS = "HOLTER_ANALYSIS";
    public static final String READY_REASON = "ECG_HOLTER_UPLOAD";
    static final int STRIP_SECONDS = 10;

    private final InstanceStore store;
    private final HolterUploads uploads;
    private final EcgIntake.Listener listener;
    private final double pauseSeconds;

    public HolterIntake(InstanceStore store, HolterUploads uploads, EcgIntake.Listener listener, double pauseSeconds) {
        this.store = store;
        this.uploads = uploads;
        this.listener = listener == null ? EcgIntake.Listener.NONE : listener;
        this.pauseSeconds = pauseSeconds;
    }

    /**
     * Runs the intake job of one upload. A recording that cannot be read is recorded as FAILED on
     * the upload and the job ends; storage trouble throws, so the outbox tries again.
     */
    public void process(String uploadId) throws IOException {
        Optional<HolterUploads.Upload> found = uploads.find(uploadId);
        if (found.isEmpty() || found.get().state() != HolterUploads.State.COMPLETE) {
            return;  // terminated, or already done by an earlier run of this job
        }
        HolterUploads.Upload u = found.get();
        Path file = uploads.data(uploadId);
        SourceFormat format = null;
        try {
            format = HolterReader.detect(file).orElseThrow(() -> new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED,
                    "not a Holter recording: the content is none of ISHNE Holter 1.0, EDF/EDF+, "
                    + "SCP-ECG v3 with section 12 or DICOM Ambulatory ECG"));
            if (format == SourceFormat.WFDB) {
                throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, "a WFDB record is several files (header, "
                        + "signals, annotations) and cannot be uploaded as one; convert it to EDF+ or ISHNE");
            }
            String study = ingest(u, file);
            uploads.done(u, study, format.name());
        } catch (EcgFormatException e) {
            log.info("Holter upload {} from {}/{} refused: {}", uploadId, u.facilityId(), u.deviceId(), e.getMessage());
            uploads.failed(u, format == null ? null : format.name(), e.getMessage());
        }
    }

    private String ingest(HolterUploads.Upload u, Path file) throws IOException, EcgFormatException {
        String sha = sha256(file);
        RecordUids uids = RecordUids.of(u.facilityId(), sha);
        Analysed a = analyse(HolterReader.open(file), sha, Files.size(file));
        ObjectNode json = a.json();
        json.put("studyInstanceUid", uids.study());
        json.put("sopInstanceUid", uids.sopInstance());
        json.put("originalSha256", sha);
        json.put("uploadId", u.id());
        Device device = u.device();
        DataSet ds = DicomWaveformWriter.build(a.strip(), new DicomWaveformWriter.Identity(uids.study(), uids.series(),
                uids.sopInstance(), device.facilityId(), device.deviceId()));
        ds.setString(Tag.StudyDescription, VR.LO, "动态心电图 Holter ECG");
        ds.setString(Tag.SeriesDescription, VR.LO, "first " + STRIP_SECONDS + " s of the " + a.strip().format().displayName()
                + " recording");
        byte[] dcm = DicomWaveformWriter.toPart10(ds);
        try (EcgAnalysisJobs.AnalysedUpload analysed = EcgAnalysisJobs.analysedUpload()) {
            store.store(EcgIntake.attributes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), device), new ByteArrayInputStream(dcm));
        }
        try (InputStream in = Files.newInputStream(file)) {
            store.storeAttachment(new AttachmentAttributes(uids.study(), ORIGINAL, originalName(a.strip().format(), u),
                    "application/octet-stream", device.facilityId()), in);
        }
        store.storeAttachment(new AttachmentAttributes(uids.study(), ANALYSIS, "holter-analysis.json", "application/json",
                device.facilityId()), new ByteArrayInputStream(EcgJson.toBytes(json)));
        // before the study is ready, so a critical recording is routed STAT (issue 14 point 7); a failure fails the
        // job, which runs again (every step above is idempotent), so a critical finding is never lost
        listener.analysed(new EcgResult(uids.study(), uids.series(), uids.sopInstance(), true, a.strip().format(),
                device.facilityId(), sha, json, a.criticalFlags()));
        store.catalog().markReady(uids.study(), READY_REASON);
        try {
            listener.ready(uids.study());
        } catch (RuntimeException e) {
            log.warn("ECG listener failed for Holter study {}: {}", uids.study(), e.toString());
        }
        log.info("Holter upload {} from {}/{}: {} stored as study {} ({} bytes, {} beats)", u.id(), u.facilityId(), u.deviceId(),
                a.strip().format().displayName(), uids.study(), u.length(), json.path("beats").path("total").asLong());
        return uids.study();
    }

    private record Analysed(ObjectNode json, EcgRecord strip, List<String> criticalFlags) {
    }

    /** The first seconds of every lead, copied from the blocks as the analysis reads them. */
    private static final class Strip {
        private final double[][] samples;
        private int filled;

        Strip(int leads, int frames) {
            samples = new double[leads][frames];
        }

        void take(SampleBlock block) {
            int n = (int) Math.min(block.frames(), samples[0].length - filled);
            if (n <= 0) {
                return;
            }
            for (int l = 0; l < samples.length; l++) {
                System.arraycopy(block.lead(l), 0, samples[l], filled, n);
            }
            filled += n;
        }

        double[] lead(int l) {
            return java.util.Arrays.copyOf(samples[l], filled);
        }
    }

    /**
     * Analyses a DICOM Ambulatory ECG (PS3.3 A.34.4) the gateway has stored, as an analysis job ({@link EcgAnalysisJobs}):
     * a day's object is far over what the resting analysis loads whole, so it is streamed from the store like an
     * upload and its analysis attached to its study as {@value #ANALYSIS}. The stored instance is the original (the
     * analysis names it, {@code sopInstanceUid}); no copy is attached. Idempotent: the same analysis is stored once.
     *
     * @throws EcgFormatException the instance is not a readable ambulatory ECG
     */
    public void ingestStoredInstance(String study, String sopInstanceUid) throws EcgFormatException {
        StoredObject o = store.locate(sopInstanceUid).orElseThrow(() ->
                new StorageException(StorageException.Kind.NOT_FOUND, "no instance " + sopInstanceUid));
        String facility = store.catalog().facilityOfInstance(sopInstanceUid).orElse(null);
        Analysed a;
        try {
            a = analyse(HolterReader.open(SourceFormat.DICOM_WAVEFORM, store.channel(o)), o.sha256(), o.size());
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "reading instance " + sopInstanceUid + " failed: " + e, e);
        }
        ObjectNode json = a.json();
        json.put("studyInstanceUid", study);
        json.put("sopInstanceUid", sopInstanceUid);
        store.storeAttachment(new AttachmentAttributes(study, ANALYSIS, "holter-analysis.json", "application/json", facility),
                new ByteArrayInputStream(EcgJson.toBytes(json)));
        // told on every run of the job (a critical hint and raise are idempotent), and its failure fails the job
        listener.analysed(new EcgResult(study, null, sopInstanceUid, false, SourceFormat.DICOM_WAVEFORM, facility, o.sha256(),
                json, a.criticalFlags()));
        log.info("Ambulatory ECG {} of study {} (stored by the gateway) analysed: {} beats", sopInstanceUid, study,
                json.path("beats").path("total").asLong());
    }

    /**
     * One pass over the samples ({@link HolterAnalyzer}): beats, their labels and the whole analysis (templates,
     * episodes, excluded segments, critical findings) for the recording, the first seconds kept for the strip.
     */
    private Analysed analyse(HolterRecording opened, String sha, long size) throws IOException, EcgFormatException {
        try (HolterRecording rec = opened) {
            HolterHeader h = rec.header();
            Strip strip = new Strip(h.leads().size(), (int) Math.round(STRIP_SECONDS * h.sampleRate()));
            HolterAnalysis analysis = HolterAnalyzer.analyse(rec, HolterSettings.defaults().withPauseSeconds(pauseSeconds),
                    List.of(), strip::take);
            if (analysis.frames() == 0) {
                throw new EcgFormatException(h.format().displayName() + " recording holds no samples");
            }
            ObjectNode json = HolterAnalysisDocument.of(analysis);
            List<String> flags = analysis.summary().criticalFindings().stream().map(f -> f.flag().code()).distinct().toList();
            List<Lead> leads = new ArrayList<>();
            for (int l = 0; l < h.leads().size(); l++) {
                leads.add(new Lead(h.leads().get(l).name(), strip.lead(l)));
            }
            EcgRecord record = new EcgRecord(h.format(), null, new Patient(h.patientId(), null, null, null, null),
                    new Acquisition(h.start(), null, null, null, null), new WaveformSet(h.sampleRate(), leads), null, null,
                    List.of(), new SourceRef(sha, size));
            return new Analysed(json, record, flags);
        } catch (java.io.EOFException e) {
            throw new EcgFormatException("the recording ends before its header says it should: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof StorageException away) {
                throw away;  // the store's trouble, not the content's: the job tries again
            }
            // the file is complete on local disk or in the store: a read that fails is the content's fault, and would fail again
            throw new EcgFormatException("the recording cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new EcgFormatException("the recording cannot be analysed: " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest d = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Sha256.hex(d.digest());
    }

    /** The sender's file name when it gave one (tus Upload-Metadata {@code filename}), else one after the format. */
    private static String originalName(SourceFormat f, HolterUploads.Upload u) {
        String given = u.metadata().get("filename");
        if (given != null && !given.isBlank() && given.length() <= 255) {
            return given;
        }
        return "recording." + switch (f) {
            case ISHNE_HOLTER -> "ecg";
            case SCP_ECG -> "scp";
            case DICOM_WAVEFORM -> "dcm";
            default -> "edf";
        };
    }
}
