package org.rdc.gateway.scp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rdc.storage.catalog.RecordOutcome;

/**
 * What a hospital IT administrator watches on the DICOM gateway (Prometheus names {@code rdc_dicom_*}):
 * associations accepted and rejected and why, open associations and connections, and every C-STORE
 * by its status (PS3.7 C.4.2.1.4: 0000 success, A700 out of resources, A900 data set does not match,
 * C000 cannot understand, ...) with its time from the request to the response.
 */
public final class GatewayMetrics {

    private final Meter.MeterProvider<Counter> associations;
    private final Meter.MeterProvider<Timer> cstores;
    private final DistributionSummary storedBytes;

    public GatewayMetrics(MeterRegistry registry, AtomicInteger activeAssociations, AtomicInteger openConnections) {
        this.associations = Counter.builder("rdc.dicom.associations").description("association requests by outcome")
                .withRegistry(registry);
        this.cstores = Timer.builder("rdc.dicom.cstore").description("C-STORE requests, from the request to the response")
                .withRegistry(registry);
        this.storedBytes = DistributionSummary.builder("rdc.dicom.cstore.stored.bytes").baseUnit("bytes")
                .description("size of each instance stored by C-STORE").register(registry);
        Gauge.builder("rdc.dicom.associations.active", activeAssociations, AtomicInteger::get)
                .description("associations open now").register(registry);
        Gauge.builder("rdc.dicom.connections.open", openConnections, AtomicInteger::get)
                .description("TCP connections open now, associated or not").register(registry);
        associations.withTags("outcome", "accepted", "reason", "none");  // present from the start, at 0
    }

    void accepted() {
        associations.withTags("outcome", "accepted", "reason", "none").increment();
    }

    /** {@code reason}: a short fixed word (called-ae, unknown-device, ...), never free text: it becomes a label. */
    void rejected(String reason) {
        associations.withTags("outcome", "rejected", "reason", reason).increment();
    }

    /** One C-STORE answered with {@code status}; {@code outcome} only for a success. */
    void cstore(int status, RecordOutcome outcome, long bytes, long nanos) {
        cstores.withTags("status", String.format(Locale.ROOT, "%04X", status),
                        "outcome", outcome == null ? "refused" : outcome.name().toLowerCase(Locale.ROOT))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (outcome != null) {
            storedBytes.record(bytes);
        }
    }
}
