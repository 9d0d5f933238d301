package org.rdc.ecg.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.json.EcgJson;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.catalog.AttachmentSummary;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 14 point 5 (6 of the review brief): a DICOM Ambulatory ECG stored the way the gateway stores one (the instance
 * store with the analysis follow-up) becomes a Holter analysis job, streamed from the store by
 * {@link HolterIntake#ingestStoredInstance}, never the resting analysis that loads an ECG whole (and refuses one over
 * 32 MB); the analysis is attached as HOLTER_ANALYSIS naming the stored instance, and no copy of the original is made.
 */
@Timeout(300)
class HolterStoredInstanceTest {

    private static final String STUDY = "1.2.826.0.1.3680043.10.1014.77";

    @TempDir
    Path dir;
    StorageFixture storage;

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aGatewayAmbulatoryEcgIsAnalysedAsAHolterRecording() throws Exception {
        storage = new StorageFixture(dir);
        storage.store.addFollowUp(new EcgAnalysisJobs(storage.jobs));
        Path file = HolterTestFiles.ambulatoryDicom(dir.resolve("holter.dcm"), STUDY, 0.5, 256);
        byte[] bytes = Files.readAllBytes(file);
        var ds = DicomWaveformDecoder.read(bytes).dataSet();
        String sop = STUDY + ".1.1";
        storage.store.store(EcgIntake.attributes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), new Device("demo", "DEMO_ECG")),
                new ByteArrayInputStream(bytes));

        HolterIntake holter = new HolterIntake(storage.store, new HolterUploads(dir.resolve("uploads"), 1 << 30, storage.jobs,
                Clock.systemUTC()), EcgIntake.Listener.NONE, 2.0);
        List<String> payloads = new CopyOnWriteArrayList<>();
        // what the application's analysis workers do with the job (EcgAnalysisConfiguration)
        try (JobWorkers workers = new JobWorkers(storage.jobs, EcgAnalysisJobs.KIND, job -> {
            payloads.add(String.valueOf(job.payload()));
            if (EcgAnalysisJobs.HOLTER.equals(job.payload())) {
                holter.ingestStoredInstance(job.subject(), job.key());
            }
        }, new JobOutbox.Retry(1, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMinutes(10)), Duration.ofMillis(100)).start(1)) {
            for (int i = 0; i < 1200 && storage.jobs.count(EcgAnalysisJobs.KIND, JobOutbox.State.PENDING) > 0; i++) {
                Thread.sleep(50);
            }
        }
        assertThat(payloads).containsExactly(EcgAnalysisJobs.HOLTER);
        assertThat(new EcgAnalysisJobs(storage.jobs).status(STUDY)).isEqualTo(new EcgAnalysisJobs.Status(0, null));
        assertThat(storage.store.catalog().attachments(STUDY, EcgIntake.ANALYSIS)).as("no resting analysis").isEmpty();
        assertThat(storage.store.catalog().attachments(STUDY, HolterIntake.ORIGINAL)).as("the instance is the original").isEmpty();
        List<AttachmentSummary> analyses = storage.store.catalog().attachments(STUDY, HolterIntake.ANALYSIS);
        assertThat(analyses).hasSize(1);
        ObjectNode json;
        try (InputStream in = storage.store.openAttachment(STUDY, HolterIntake.ANALYSIS, analyses.get(0).sha256())) {
            json = EcgJson.parseObject(in.readAllBytes());
        }
        assertThat(json.get("format").asString()).isEqualTo("DICOM_WAVEFORM");
        assertThat(json.get("sopInstanceUid").asString()).isEqualTo(sop);
        assertThat(json.get("frames").asLong()).isEqualTo(256L * 1800);
        assertThat(json.get("leads").valueStream().map(n -> n.asString()).toList()).containsExactly("II", "V1", "V5");
        // SyntheticHolter beats at 60-100 bpm: half an hour is some 2000 beats
        assertThat(json.get("beats").get("total").asLong()).isBetween(1500L, 3500L);

        holter.ingestStoredInstance(STUDY, sop);
        assertThat(storage.store.catalog().attachments(STUDY, HolterIntake.ANALYSIS)).as("again: stored once").hasSize(1);
    }
}
