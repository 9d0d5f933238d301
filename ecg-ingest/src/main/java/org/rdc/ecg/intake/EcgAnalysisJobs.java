package org.rdc.ecg.intake;

import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.catalog.RecordOutcome;
import org.rdc.storage.outbox.JobOutbox;

/**
 * The analysis of DICOM ECGs that arrive through the gateway (C-STORE, STOW-RS), as jobs of kind
 * {@value #KIND} in the shared {@link JobOutbox}: keyed by SOP Instance UID, about the study. As
 * an {@link InstanceStore.FollowUp} the job is committed before the store returns, so before the
 * gateway acknowledges the instance: a kill -9 after the acknowledgement finds it there on restart,
 * and no queue can drop it. Uploads through the ECG intake are analysed before they are stored and
 * need no job. An Ambulatory ECG (a day of samples) is a job with payload {@value #HOLTER}, for the Holter analysis.
 */
public final class EcgAnalysisJobs implements InstanceStore.FollowUp {

    public static final String KIND = "ecg.analysis";
    /** The payload of a job whose instance is an Ambulatory ECG: streamed by {@link HolterIntake#ingestStoredInstance}. */
    public static final String HOLTER = "holter";

    /** Set while the ECG intake stores an upload it has already analysed (same thread as the follow-up). */
    private static final ThreadLocal<Boolean> ANALYSED_UPLOAD = ThreadLocal.withInitial(() -> false);

    /** Where a study's ECG analysis stands: jobs waiting or running, and the error of one that is DEAD (or null). */
    public record Status(int pending, String failure) {
    }

    private final JobOutbox jobs;

    public EcgAnalysisJobs(JobOutbox jobs) {
        this.jobs = jobs;
    }

    @Override
    public void stored(InstanceAttributes a, RecordOutcome outcome) {
        if (EcgIntake.isEcg(a.sopClassUid()) && !ANALYSED_UPLOAD.get()) {
            boolean ambulatory = DicomWaveformDecoder.AMBULATORY_ECG.equals(a.sopClassUid());
            jobs.enqueue(KIND, a.sopInstanceUid(), a.studyInstanceUid(), ambulatory ? HOLTER : null);
        }
    }

    public Status status(String studyUid) {
        int pending = jobs.count(KIND, studyUid, JobOutbox.State.PENDING);
        return new Status(pending, pending > 0 ? null : jobs.deadError(KIND, studyUid).orElse(null));
    }

    /** Marks this thread as storing an upload the ECG intake has analysed already, until closed. */
    static AnalysedUpload analysedUpload() {
        ANALYSED_UPLOAD.set(true);
        return () -> ANALYSED_UPLOAD.set(false);
    }

    interface AnalysedUpload extends AutoCloseable {
        @Override
        void close();
    }
}
