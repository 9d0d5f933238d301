package org.rdc.reports.delivery;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.rdc.storage.outbox.JobOutbox;

/**
 * How this node delivers reports.
 *
 * @param callingAe    the centre's AE title, calling the facility's report AE
 * @param sender       the centre as HL7 MSH-4 (sending facility) names it
 * @param zone         time zone of DICOM DA/TM and HL7 TS values
 * @param timeout      connect and answer timeout of one attempt
 * @param retry        attempts and back-off (the outbox's own rules); the lease must outlast {@code timeout} by far
 * @param workers      delivery threads on this node (0: another node delivers)
 * @param pollInterval how often an idle worker looks for due retries
 */
public record DeliverySettings(String callingAe, String sender, ZoneId zone, Duration timeout, JobOutbox.Retry retry, int workers,
                               Duration pollInterval) {

    public DeliverySettings {
        Objects.requireNonNull(callingAe, "callingAe");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(retry, "retry");
        if (timeout.isNegative() || timeout.isZero() || retry.lease().compareTo(timeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("report delivery: the lease " + retry.lease() + " must be at least twice the timeout "
                    + timeout + " (else a slow attempt is taken over while it runs)");
        }
        if (workers < 0) {
            throw new IllegalArgumentException("report delivery: workers must not be negative: " + workers);
        }
    }
}
