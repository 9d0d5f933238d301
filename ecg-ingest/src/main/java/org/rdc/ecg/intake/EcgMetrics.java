package org.rdc.ecg.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The intake's meters (Prometheus names in brackets): uploads by outcome and format
 * ({@code rdc_ecg_uploads_total}), refusals and failures by reason ({@code rdc_ecg_failures_total}),
 * critical flags raised by code ({@code rdc_ecg_critical_flags_total}), and the time of decoding,
 * analysis, rendering, storage and the whole intake ({@code rdc_ecg_stage_seconds},
 * {@code rdc_ecg_analysis_seconds}, {@code rdc_ecg_intake_seconds}).
 */
public final class EcgMetrics {

    /** Why an upload was refused or failed; the tag values of {@code rdc.ecg.failures}. */
    public enum Failure {
        UNAUTHORIZED, NOT_FOUND, METHOD_NOT_ALLOWED, TOO_LARGE, UNSUPPORTED_FORMAT, INVALID_CONTENT, OVERLOADED,
        /** A DICOM ECG whose UIDs belong to another facility's data, or contradict the stored study. */
        UID_CONFLICT,
        STORAGE_UNAVAILABLE, INTERNAL_ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Timer analysis;
    private final Timer intake;

    public EcgMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.analysis = Timer.builder("rdc.ecg.analysis").description("Automated ECG analysis time").register(registry);
        this.intake = Timer.builder("rdc.ecg.intake").description("Whole intake of one ECG: decode, analyse, render, store")
                .register(registry);
    }

    public static EcgMetrics none() {
        return new EcgMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void upload(boolean created, String format) {
        Counter.builder("rdc.ecg.uploads").description("ECGs received")
                .tag("outcome", created ? "created" : "duplicate").tag("format", format).register(registry).increment();
    }

    public void failure(Failure reason) {
        Counter.builder("rdc.ecg.failures").description("ECG uploads refused or failed, by reason")
                .tag("reason", reason.tag()).register(registry).increment();
    }

    public void criticalFlag(String code) {
        Counter.builder("rdc.ecg.critical.flags").description("Critical flags raised by the automated analysis")
                .tag("flag", code).register(registry).increment();
    }

    public void analysisNanos(long nanos) {
        analysis.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void intakeNanos(long nanos) {
        intake.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void stageNanos(String stage, long nanos) {
        Timer.builder("rdc.ecg.stage").description("Time per intake stage").tag("stage", stage).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
