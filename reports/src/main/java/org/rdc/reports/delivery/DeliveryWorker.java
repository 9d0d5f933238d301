package org.rdc.reports.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;

/**
 * Works off {@value ReportDelivery#KIND} jobs: reads the delivery, the report version and its
 * signed PDF (checked against the SHA-256 recorded at signing), sends it over the delivery's
 * channel, and records the outcome on the delivery. A delivery already SENT is never sent again
 * (its job may run once more when a node dies between recording SENT and completing the job).
 *
 * <p>What "exactly once per destination" means, per channel. The outbox delivers a job at least
 * once; a crash after the destination took the report but before we recorded it makes us send it
 * again. The destination still holds it once because every attempt carries the same key, chosen
 * when the delivery was enqueued:
 * <ul>
 * <li>DICOM: the SOP Instance UID. A storage SCP keeps one instance per SOP Instance UID (a resend
 *     replaces the identical object, PS3.4 B.4.1); the study gains exactly one report instance.</li>
 * <li>HL7 v2: the message control id MSH-10, which identifies the message uniquely and which the
 *     receiver echoes in MSA-2 (HL7 v2.5.1 ch. 2, MSH and MSA segments); a receiver that keeps the
 *     MSH-10s it has accepted files the report once. A receiver that does not is sent it at least once.</li>
 * <li>FHIR: the resource id in {@code PUT [base]/DiagnosticReport/[id]} (update as create, RFC 9110
 *     §9.2.2 idempotent): a repeat leaves one resource.</li>
 * </ul>
 */
public final class DeliveryWorker implements JobWorkers.Handler {

    private final ReportDelivery deliveries;
    private final SignedPdfs pdfs;
    private final Map<Channel, ChannelSender> senders;
    private final JobOutbox.Retry retry;
    private final DeliveryMetrics metrics;

    DeliveryWorker(ReportDelivery deliveries, SignedPdfs pdfs, Map<Channel, ChannelSender> senders, JobOutbox.Retry retry,
                   DeliveryMetrics metrics) {
        this.deliveries = deliveries;
        this.pdfs = pdfs;
        this.senders = Map.copyOf(senders);
        this.retry = retry;
        this.metrics = metrics;
    }

    @Override
    public void run(JobOutbox.Job job) throws Exception {
        long id = JobWorkers.idIn(job, "delivery");
        Delivery d = deliveries.delivery(id)
                .orElseThrow(() -> new JobWorkers.PermanentFailure("report delivery " + id + " does not exist", null));
        if (d.state() == Delivery.State.SENT) {
            return;
        }
        deliveries.attempting(id);
        try {
            DeliverableReport r = deliveries.document(d.reportId(), d.version()).orElseThrow(
                    () -> new ChannelSender.RefusedForGood("report " + d.reportId() + "/" + d.version() + " was never enqueued"));
            ChannelSender sender = senders.get(d.channel());
            if (sender == null) {
                throw new IOException("no " + d.channel() + " delivery on this node");
            }
            byte[] pdf = pdfs.read(r.pdfKey());
            String sha256 = sha256(pdf);
            if (!sha256.equals(r.pdfSha256())) {
                throw new IOException("the signed PDF " + r.pdfKey() + " reads as SHA-256 " + sha256 + ", not the signed "
                        + r.pdfSha256() + "; not sent");
            }
            String series = d.channel() == Channel.DICOM ? deliveries.seriesUid(id) : null;
            sender.send(new Attempt(d, new Destination(d.channel(), d.destination()), series, r, pdf));
        } catch (ChannelSender.RefusedForGood e) {
            deliveries.failed(id, Delivery.State.FAILED, e.getMessage());
            metrics.failed(d.channel());
            throw new JobWorkers.PermanentFailure(e.getMessage(), e);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            boolean last = job.attempts() >= retry.maxAttempts();
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            deliveries.failed(id, last ? Delivery.State.FAILED : Delivery.State.RETRYING, error);
            if (last) {
                metrics.failed(d.channel());
            } else {
                metrics.retrying(d.channel());
            }
            throw e;
        }
        deliveries.sent(id);
        metrics.delivered(d.channel());
    }

    @Override
    public void dead(JobOutbox.Job job, String error) {
        try {
            deliveries.failed(Long.parseLong(job.payload()), Delivery.State.FAILED, error);
        } catch (NumberFormatException ignored) {
            // a job that names no delivery has no delivery to mark
        }
    }

    /**
     * The delivery threads of this node, with the senders of every channel and the metrics
     * ({@link DeliveryMetrics}, and the outbox's {@code rdc.jobs} for this kind). Close them at shutdown.
     */
    public static JobWorkers start(JobOutbox jobs, ReportDelivery deliveries, SignedPdfs pdfs, DeliverySettings settings,
                                   MeterRegistry meters, Clock clock) {
        Map<Channel, ChannelSender> senders = Map.of(
                Channel.DICOM, new DicomReportSender(settings.callingAe(), settings.zone(), settings.timeout()),
                Channel.HL7, new Hl7ReportSender(settings.sender(), settings.zone(), settings.timeout(), clock),
                Channel.FHIR, new FhirPushSender(FhirReports.shared(), settings.timeout()));
        DeliveryWorker worker = new DeliveryWorker(deliveries, pdfs, senders, settings.retry(), new DeliveryMetrics(meters, deliveries));
        jobs.bindMetrics(meters, ReportDelivery.KIND);
        return new JobWorkers(jobs, ReportDelivery.KIND, worker, settings.retry(), settings.pollInterval()).start(settings.workers());
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
